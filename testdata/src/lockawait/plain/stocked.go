package plain

import "sync"

// A paused consumer parks messages in suppressed; Resume moves them to
// out while len(suppressed) > 0. Every receive from suppressed holds mu,
// so none can take the value between the test and the receive: the
// receive finds it. Not reported (the send on out is another matter:
// out is read without the lock, by the consumer).
type pausable struct {
	mu         sync.Mutex
	paused     bool
	suppressed chan string
	out        chan string
}

func newPausable() *pausable {
	return &pausable{suppressed: make(chan string, 16), out: make(chan string, 16)}
}

func (p *pausable) Yield(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused {
		select {
		case p.suppressed <- msg:
		default:
		}
		return
	}
	select {
	case p.out <- msg:
	default:
	}
}

func (p *pausable) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.suppressed) > 0 {
		msg := <-p.suppressed
		select {
		case p.out <- msg:
		default:
		}
	}
	p.paused = false
}

// Messages is read by the consumer, which needs no lock.
func (p *pausable) Messages() <-chan string { return p.out }

func (p *pausable) run() {
	go p.Yield("a")
	go p.Resume()
}

// The same, with a drain goroutine that receives without mu: it may
// take the last value between Resume's test and its receive, and then
// Resume waits for Yield, which waits for mu.
type leakyPausable struct {
	mu         sync.Mutex
	paused     bool
	suppressed chan string
	out        chan string
}

func (p *leakyPausable) Yield(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused {
		select {
		case p.suppressed <- msg:
		default:
		}
	}
}

func (p *leakyPausable) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.suppressed) > 0 {
		msg := <-p.suppressed // want `sync lock p.mu \(locked at stocked.go:80\) is held while waiting for another goroutine: a channel receive \(stocked.go:83\)`
		select {
		case p.out <- msg:
		default:
		}
	}
	p.paused = false
}

func (p *leakyPausable) discard() {
	for range p.suppressed {
	}
}

func (p *leakyPausable) run() {
	go p.Yield("a")
	go p.discard()
	go p.Resume()
}

// The same, with a drain that runs only once Close has closed the
// channel: it takes values from a closed channel, so Resume's receive
// under its test finds a value or the close. Not reported.
type closingPausable struct {
	mu         sync.Mutex
	paused     bool
	closeOnce  sync.Once
	suppressed chan string
	out        chan string
}

func (p *closingPausable) Yield(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused {
		select {
		case p.suppressed <- msg:
		default:
		}
	}
}

func (p *closingPausable) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.suppressed) > 0 {
		msg := <-p.suppressed
		select {
		case p.out <- msg:
		default:
		}
	}
	p.paused = false
}

func (p *closingPausable) asyncClose() {
	p.closeOnce.Do(func() {
		close(p.suppressed)
	})
}

func (p *closingPausable) Close() {
	p.asyncClose()
	var wg sync.WaitGroup
	wg.Go(func() {
		for range p.suppressed {
		}
	})
	wg.Wait()
}

func (p *closingPausable) run() {
	go p.Yield("a")
	go p.Resume()
	go p.Close()
}
