package plain

import "sync"

// A mux's dispatcher runs the handler of each message's kind, taken
// from a map of the mux's method values, before it marks the message
// done; the ack handler takes the mux's lock, which Flush holds while
// it waits for its message.
type msgMux struct {
	mu       sync.Mutex
	handlers map[int]func(*muxMsg)
	in       chan *muxMsg
	acked    int
}

type muxMsg struct {
	kind int
	done chan struct{}
}

func newMsgMux() *msgMux {
	m := &msgMux{in: make(chan *muxMsg)}
	m.handlers = map[int]func(*muxMsg){0: m.onAck, 1: m.onPing}
	go m.dispatch()
	return m
}

func (m *msgMux) dispatch() {
	for x := range m.in {
		m.handlers[x.kind](x)
		close(x.done)
	}
}

func (m *msgMux) onAck(*muxMsg) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.acked++
}

func (m *msgMux) onPing(*muxMsg) {}

func (m *msgMux) Flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	x := &muxMsg{kind: 0, done: make(chan struct{})}
	m.in <- x // want `sync lock m.mu \(locked at handlertable.go:44\) is held while waiting for another goroutine: a channel send \(handlertable.go:47\); release it before waiting \(the range at handlertable.go:29 in \(\*msgMux\).dispatch, run by the goroutine started at handlertable.go:24, may take m.mu first\)`
	<-x.done
}

// The same mux whose handlers take no lock of its: silent.
type pingMux struct {
	mu       sync.Mutex
	handlers map[int]func(*muxMsg)
	in       chan *muxMsg
	pings    int
}

func newPingMux() *pingMux {
	m := &pingMux{in: make(chan *muxMsg)}
	m.handlers = map[int]func(*muxMsg){1: m.onPing}
	go m.dispatch()
	return m
}

func (m *pingMux) dispatch() {
	for x := range m.in {
		m.handlers[x.kind](x)
		close(x.done)
	}
}

func (m *pingMux) onPing(*muxMsg) {}

func (m *pingMux) Flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pings++
	x := &muxMsg{kind: 1, done: make(chan struct{})}
	m.in <- x
	<-x.done
}
