// Package chansoff is run with -lockawait.chans=false, the default: a
// lock held across a channel operation is reported only when a goroutine
// that could end the wait needs the lock; a lock held across time.Sleep
// or WaitGroup.Wait is reported as before.
package chansoff

import (
	"sync"
	"time"
)

type box struct {
	mu sync.Mutex
	ch chan int
	n  int
}

// take, the only receiver, locks b.mu before it receives.
func (b *box) put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ch <- v // want `b.mu`
}

func (b *box) take() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n + <-b.ch // want `b.mu`
}

// A channel whose other side takes no lock: the wait ends whatever this
// side holds. Silent.
type relay struct {
	mu   sync.Mutex
	in   chan int
	seen int
}

func (r *relay) forward(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen++
	r.in <- v
}

func (r *relay) drain(out func(int)) {
	for v := range r.in {
		out(v)
	}
}

func (b *box) nap() {
	b.mu.Lock()
	time.Sleep(time.Millisecond) // want `b.mu`
	b.mu.Unlock()
}
