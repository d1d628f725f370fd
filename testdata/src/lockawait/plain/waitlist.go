package plain

import (
	"context"
	"sync"
	"time"
)

// A collector hands each waiter the result of the next run, on a channel
// the waiter made with room for one value and put in the list under mu.
// The run sends once to each channel in the list and empties the list in
// the same hold of mu: no channel gets a second value, so the send finds
// room, though a waiter takes mu to register. Not reported.
type collector struct {
	mu      sync.Mutex
	waiters []chan int
	runs    int
}

func (c *collector) wait(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	c.mu.Lock()
	c.waiters = append(c.waiters, ch)
	c.mu.Unlock()
	select {
	case n := <-ch:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (c *collector) run(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-tick:
		case <-ctx.Done():
			return
		}
		c.mu.Lock()
		c.runs++
		if c.runs%16 == 0 {
			for _, w := range c.waiters {
				close(w)
			}
			c.waiters = nil
			c.mu.Unlock()
			continue
		}
		for _, w := range c.waiters {
			w <- c.runs
		}
		c.waiters = nil
		c.mu.Unlock()
	}
}

func startCollector(ctx context.Context) *collector {
	c := &collector{}
	go c.run(ctx, time.Tick(time.Second))
	return c
}

// The same collector that keeps its waiters: the next run sends again to
// a channel whose one slot is taken once its waiter has left (its ctx
// ended), and waits holding mu, which the next waiter needs to register.
type keptCollector struct {
	mu      sync.Mutex
	waiters []chan int
	runs    int
}

func (c *keptCollector) wait(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	c.mu.Lock()
	c.waiters = append(c.waiters, ch)
	c.mu.Unlock()
	select {
	case n := <-ch:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (c *keptCollector) run(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-tick:
		case <-ctx.Done():
			return
		}
		c.mu.Lock()
		c.runs++
		for _, w := range c.waiters {
			w <- c.runs // want `sync lock c.mu \(locked at waitlist.go:93\) is held while waiting for another goroutine: a channel send \(waitlist.go:96\)`
		}
		c.mu.Unlock()
	}
}

func startKeptCollector(ctx context.Context) *keptCollector {
	c := &keptCollector{}
	go c.run(ctx, time.Tick(time.Second))
	return c
}
