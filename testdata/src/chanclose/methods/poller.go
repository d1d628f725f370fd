package methods

import (
	"sync"
	"time"
)

// A ticker source whose loop checks quit before each send: Close may
// close both channels between the check and the send.
type Ticks struct {
	out  chan int
	quit chan struct{}
}

func NewTicks() *Ticks {
	t := &Ticks{out: make(chan int, 16), quit: make(chan struct{})}
	go t.loop()
	return t
}

func (t *Ticks) loop() {
	for i := 0; ; i++ {
		select {
		case <-t.quit:
			return
		default:
		}
		t.out <- i
		time.Sleep(time.Millisecond)
	}
}

func (t *Ticks) Close() {
	close(t.quit)
	close(t.out) // want `close of Ticks.out in Close while loop, run by the goroutine started at poller.go:17, may still send on it \(poller.go:28\) from another goroutine: that send panics once Ticks.out is closed; let the sending side close it, or signal the end on a separate channel`
}

// The same loop, but Close waits for it to return before it closes out.
type Pump struct {
	out  chan int
	quit chan struct{}
	wg   sync.WaitGroup
}

func NewPump() *Pump {
	p := &Pump{out: make(chan int, 16), quit: make(chan struct{})}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *Pump) loop() {
	defer p.wg.Done()
	for i := 0; ; i++ {
		select {
		case <-p.quit:
			return
		default:
		}
		p.out <- i
		time.Sleep(time.Millisecond)
	}
}

func (p *Pump) Close() {
	close(p.quit)
	p.wg.Wait()
	close(p.out)
}

// The loop closes out itself on its way out: Close only signals.
type Source struct {
	out  chan int
	quit chan struct{}
}

func NewSource() *Source {
	s := &Source{out: make(chan int, 16), quit: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Source) loop() {
	defer close(s.out)
	for i := 0; ; i++ {
		select {
		case <-s.quit:
			return
		default:
		}
		s.out <- i
	}
}

func (s *Source) Close() { close(s.quit) }

// A helper that builds a value of its own, with no loop, and closes its
// channels: not the loop's object (a test's fake shares the channels'
// classes with the loops of other values). Silent.
func closeBare() {
	t := &Ticks{out: make(chan int, 1), quit: make(chan struct{})}
	close(t.quit)
	close(t.out)
}
