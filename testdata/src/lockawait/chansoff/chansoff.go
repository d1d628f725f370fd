// Package chansoff is run with -lockawait.chans=false, the default: a
// lock held across a channel operation is not reported, a lock held
// across time.Sleep or WaitGroup.Wait still is.
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

func (b *box) put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ch <- v // not reported by default
}

func (b *box) take() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n + <-b.ch
}

func (b *box) nap() {
	b.mu.Lock()
	time.Sleep(time.Millisecond) // want `b.mu`
	b.mu.Unlock()
}
