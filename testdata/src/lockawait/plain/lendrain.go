package plain

import (
	"sync"
	"time"
)

// A cache tells its cleaner the next expiry on a one-slot channel. The
// setter, holding mu as every setter does, drops a stale value only when
// there is one (if len(ch) > 0), then sends: either way the slot is free
// when it sends, though the cleaner takes mu. Not reported.
type expCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	timerCh chan time.Duration
	stopCh  chan struct{}
}

func newExpCache() *expCache {
	c := &expCache{items: map[string]time.Time{}, timerCh: make(chan time.Duration, 1), stopCh: make(chan struct{})}
	go c.clean()
	return c
}

func (c *expCache) Set(k string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = time.Now().Add(ttl)
	d := ttl
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

func (c *expCache) clean() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-c.stopCh:
			return
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

// The same cache whose setter drops the stale value only when it is
// later than the new one: otherwise the slot stays full, and the send
// waits for the cleaner, which waits for mu. Reported.
type fullCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	last    time.Duration
	timerCh chan time.Duration
	stopCh  chan struct{}
}

func newFullCache() *fullCache {
	c := &fullCache{items: map[string]time.Time{}, timerCh: make(chan time.Duration, 1), stopCh: make(chan struct{})}
	go c.clean()
	return c
}

func (c *fullCache) Set(k string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = time.Now().Add(ttl)
	if len(c.timerCh) > 0 && c.last > ttl {
		select {
		case <-c.timerCh:
		default:
		}
	}
	c.last = ttl
	c.timerCh <- ttl // want `sync lock c.mu \(locked at lendrain.go:\d+\) is held while waiting for another goroutine: a channel send`
}

func (c *fullCache) clean() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-c.stopCh:
			return
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

// A setter whose drop of the stale value also depends on a string
// compared with "" (a condition that is no test of the channel's
// length, and no integer): the slot may stay full. Reported.
type nameSlot struct {
	mu    sync.Mutex
	seen  map[string]bool
	names chan string
}

func newNameSlot() *nameSlot {
	s := &nameSlot{seen: map[string]bool{}, names: make(chan string, 1)}
	go s.watch()
	return s
}

func (s *nameSlot) Set(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name != "" {
		select {
		case <-s.names:
		default:
		}
	}
	s.names <- name // want `sync lock s.mu \(locked at lendrain.go:\d+\) is held while waiting for another goroutine: a channel send`
}

func (s *nameSlot) watch() {
	for n := range s.names {
		s.mu.Lock()
		s.seen[n] = true
		s.mu.Unlock()
	}
}
