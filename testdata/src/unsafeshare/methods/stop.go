package methods

import (
	"sync"
	"time"
)

// A loop started by Start and a Stop that its users call while it runs.

// WRONG: Stop sets the field the loop re-reads at every iteration.
type Poller struct {
	quit  chan struct{}
	every time.Duration
	poll  func()
}

func (p *Poller) Start() {
	p.quit = make(chan struct{})
	go p.run()
}

func (p *Poller) run() {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.poll()
		case <-p.quit:
			return
		}
	}
}

func (p *Poller) Stop() {
	close(p.quit)
	p.quit = nil // want `p.quit is written here by the caller of Stop and read at stop.go:\d+ by the goroutine started at stop.go:\d+`
}

// WRONG: Stop replaces the channel, for a later Start, while the loop
// still selects on it: the buffered send does not wait for the loop.
type Ticker struct {
	stop chan bool
	f    func()
}

func (t *Ticker) Start() {
	t.stop = make(chan bool, 1)
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				t.f()
			case <-t.stop:
				return
			}
		}
	}()
}

func (t *Ticker) Stop() {
	t.stop <- true
	t.stop = make(chan bool, 1) // want `t.stop is written here by the caller of Stop and read at stop.go:\d+ by the goroutine started at stop.go:\d+`
}

// RIGHT: the send on the unbuffered channel completes only once the
// loop has received, after its last read of the field.
type SyncTicker struct {
	stop chan bool
	f    func()
}

func (t *SyncTicker) Start() {
	t.stop = make(chan bool)
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				t.f()
			case <-t.stop:
				return
			}
		}
	}()
}

func (t *SyncTicker) Stop() {
	t.stop <- true
	t.stop = make(chan bool)
}

// RIGHT: the loop keeps its own copy of the channel.
type OwnPoller struct {
	quit  chan struct{}
	every time.Duration
	poll  func()
}

func (p *OwnPoller) Start() {
	p.quit = make(chan struct{})
	go p.run(p.quit)
}

func (p *OwnPoller) run(quit <-chan struct{}) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.poll()
		case <-quit:
			return
		}
	}
}

func (p *OwnPoller) Stop() {
	close(p.quit)
	p.quit = nil
}

// RIGHT: Stop waits for the loop to end before it clears the field.
type JoinedPoller struct {
	quit  chan struct{}
	wg    sync.WaitGroup
	every time.Duration
	poll  func()
}

func (p *JoinedPoller) Start() {
	p.quit = make(chan struct{})
	p.wg.Add(1)
	go p.run()
}

func (p *JoinedPoller) run() {
	defer p.wg.Done()
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.poll()
		case <-p.quit:
			return
		}
	}
}

func (p *JoinedPoller) Stop() {
	close(p.quit)
	p.wg.Wait()
	p.quit = nil
}

// RIGHT: setup before the start, in a method and in a constructor; a
// setter that does not signal the loop, whose callers may well call it
// before Start only.
func (p *Poller) SetInterval(d time.Duration) {
	p.every = d
}

func NewPoller(d time.Duration, poll func()) *Poller {
	p := &Poller{every: d, poll: poll}
	p.quit = make(chan struct{})
	return p
}

func (p *Poller) Restart() {
	p.every = time.Second
	p.Start()
}
