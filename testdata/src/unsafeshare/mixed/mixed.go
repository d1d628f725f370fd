// Package mixed holds variables accessed with sync/atomic in one place
// and plainly in another.
package mixed

import (
	"sync"
	"sync/atomic"
)

type Counter struct {
	hits int64
	done int32
}

func (c *Counter) Inc() { atomic.AddInt64(&c.hits, 1) }

// WRONG: a plain read in a goroutine while others add atomically.
func (c *Counter) Watch(out chan<- int64) {
	go func() {
		out <- c.hits // want `c.hits is read here without sync/atomic, in a goroutine started at mixed.go:\d+, but accessed atomically at mixed.go:\d+`
	}()
}

// RIGHT: atomic on both sides.
func (c *Counter) WatchAtomic(out chan<- int64) {
	go func() {
		out <- atomic.LoadInt64(&c.hits)
	}()
}

// RIGHT: a constructor, before anything is started.
func New() *Counter {
	c := &Counter{}
	c.hits = 10
	return c
}

// WRONG: a plain read by the starter while its goroutines add atomically.
func Count(n int) int64 {
	var total int64
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&total, 1) // want `total is written atomically by the goroutine started at mixed.go:\d+ and read at mixed.go:\d+ by its starter`
		}()
	}
	if total > 5 {
		return 0
	}
	wg.Wait()
	return total // after the join: silent
}

// RIGHT: the only writer reads its own word plainly.
func (c *Counter) Run() {
	go func() {
		atomic.StoreInt32(&c.done, 1)
	}()
}

var mode int32

// RIGHT: stored before the goroutine starts, read plainly in it.
func StartMode() {
	atomic.StoreInt32(&mode, 1)
	go func() {
		if mode == 1 {
			println("on")
		}
	}()
}
