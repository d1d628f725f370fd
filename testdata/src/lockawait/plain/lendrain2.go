package plain

import (
	"sync"
	"time"
)

// The cache of lendrain.go whose drop-and-send is a helper two calls
// below the lock: Set and Touch lock mu and call set or touch, which
// call notify. Every call chain to the send holds mu. Not reported.
type deepExpCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	timerCh chan time.Duration
}

func newDeepExpCache() *deepExpCache {
	c := &deepExpCache{items: map[string]time.Time{}, timerCh: make(chan time.Duration, 1)}
	go c.clean()
	return c
}

func (c *deepExpCache) Set(k string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(k, ttl)
}

func (c *deepExpCache) Touch(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(k, time.Minute)
}

// set stores k; call with c.mu held.
func (c *deepExpCache) set(k string, ttl time.Duration) {
	c.items[k] = time.Now().Add(ttl)
	c.notify(ttl)
}

func (c *deepExpCache) notify(d time.Duration) {
	if len(c.timerCh) > 0 {
		select {
		case d1 := <-c.timerCh:
			if d1 < d {
				d = d1
			}
		default:
		}
	}
	c.timerCh <- d
}

func (c *deepExpCache) clean() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		select {
		case d := <-c.timerCh:
			t.Reset(d)
		case <-t.C:
			c.mu.Lock()
			for k, at := range c.items {
				if time.Now().After(at) {
					delete(c.items, k)
				}
			}
			c.mu.Unlock()
		}
	}
}

// The same cache with a Load that calls set without the lock: two
// setters may both find the slot empty and both send; the second waits,
// holding mu, for the cleaner, which may be waiting for mu.
type looseExpCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	timerCh chan time.Duration
}

func newLooseExpCache() *looseExpCache {
	c := &looseExpCache{items: map[string]time.Time{}, timerCh: make(chan time.Duration, 1)}
	go c.clean()
	return c
}

func (c *looseExpCache) Set(k string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(k, ttl)
}

func (c *looseExpCache) Load(keys []string) {
	for _, k := range keys {
		c.set(k, time.Minute)
	}
}

func (c *looseExpCache) set(k string, ttl time.Duration) {
	c.notify(ttl)
}

func (c *looseExpCache) notify(d time.Duration) {
	if len(c.timerCh) > 0 {
		select {
		case d1 := <-c.timerCh:
			if d1 < d {
				d = d1
			}
		default:
		}
	}
	c.timerCh <- d // want `sync lock c.mu \(locked at lendrain2.go:\d+\) is held while waiting for another goroutine`
}

func (c *looseExpCache) clean() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		select {
		case d := <-c.timerCh:
			t.Reset(d)
		case <-t.C:
			c.mu.Lock()
			for k := range c.items {
				delete(c.items, k)
			}
			c.mu.Unlock()
		}
	}
}
