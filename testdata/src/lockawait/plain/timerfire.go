package plain

import (
	"sync"
	"time"
)

// A driven state machine: Feed hands its input to the machine's
// goroutine under driveMu and waits for it to block again. The machine
// arms timers whose callbacks take driveMu, but time.AfterFunc runs them
// on goroutines of their own: the machine's goroutine never takes
// driveMu, so it can always take the input.
type machine struct {
	driveMu  sync.Mutex
	inbound  chan []byte
	blocked  chan struct{}
	newTimer func(d time.Duration) *machineTimer
	fired    int
}

type machineTimer struct {
	owner *machine
	t     *time.Timer
}

func newMachine() *machine {
	m := &machine{inbound: make(chan []byte), blocked: make(chan struct{})}
	m.newTimer = m.armTimer
	go m.run()
	return m
}

func (m *machine) armTimer(d time.Duration) *machineTimer {
	mt := &machineTimer{owner: m}
	mt.t = time.AfterFunc(d, mt.fire)
	return mt
}

func (t *machineTimer) fire() {
	t.owner.driveMu.Lock()
	defer t.owner.driveMu.Unlock()
	t.owner.fired++
}

func (m *machine) run() {
	for {
		t := m.newTimer(time.Second)
		data := <-m.inbound
		_ = data
		_ = t
		m.blocked <- struct{}{}
	}
}

func (m *machine) Feed(data []byte) {
	m.driveMu.Lock()
	defer m.driveMu.Unlock()
	m.inbound <- data
	<-m.blocked
}

// The same machine, whose goroutine calls the callback itself: it takes
// driveMu before it receives, while Feed holds driveMu and sends.
type inlineMachine struct {
	driveMu sync.Mutex
	inbound chan []byte
}

func newInlineMachine() *inlineMachine {
	m := &inlineMachine{inbound: make(chan []byte)}
	go m.run()
	return m
}

func (m *inlineMachine) tick() {
	m.driveMu.Lock()
	defer m.driveMu.Unlock()
}

func (m *inlineMachine) run() {
	for {
		m.tick()
		<-m.inbound
	}
}

func (m *inlineMachine) Feed(data []byte) {
	m.driveMu.Lock()
	defer m.driveMu.Unlock()
	m.inbound <- data // want `sync lock m.driveMu \(locked at timerfire.go:88\) is held while waiting for another goroutine: a channel send \(timerfire.go:90\); release it before waiting \(the receive at timerfire.go:83 in \(\*inlineMachine\).run, run by the goroutine started at timerfire.go:71, may take m.driveMu first\)`
}
