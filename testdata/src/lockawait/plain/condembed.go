package plain

import "sync"

// A ring whose mutex is a struct embedding sync.Mutex, with the Cond
// bound to it: sync.NewCond(&r.mu) locks r.mu.Mutex through the
// promoted Lock, and Wait releases it.
type condRing struct {
	mu struct {
		sync.Mutex
		cond  *sync.Cond
		ready bool
	}
}

func newCondRing() *condRing {
	r := &condRing{}
	r.mu.cond = sync.NewCond(&r.mu)
	go r.fill()
	return r
}

func (r *condRing) fill() {
	r.mu.Lock()
	r.mu.ready = true
	r.mu.cond.Signal()
	r.mu.Unlock()
}

func (r *condRing) Wait() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for !r.mu.ready {
		r.mu.cond.Wait()
	}
}

// The same ring waiting with another lock held, which the filler takes
// before it signals.
type heldRing struct {
	stateMu sync.Mutex
	mu      struct {
		sync.Mutex
		cond  *sync.Cond
		ready bool
	}
}

func newHeldRing() *heldRing {
	r := &heldRing{}
	r.mu.cond = sync.NewCond(&r.mu)
	go r.fill()
	return r
}

func (r *heldRing) fill() {
	r.stateMu.Lock()
	r.mu.Lock()
	r.mu.ready = true
	r.mu.cond.Signal()
	r.mu.Unlock()
	r.stateMu.Unlock()
}

func (r *heldRing) Wait() {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	for !r.mu.ready {
		r.mu.cond.Wait() // want `sync lock r.stateMu \(locked at condembed.go:66\) is held while waiting for another goroutine: \(\*sync.Cond\).Wait \(condembed.go:71\); release it before waiting \(the Signal at condembed.go:60 in \(\*heldRing\).fill, run by the goroutine started at condembed.go:52, may take r.stateMu first\)`
	}
}
