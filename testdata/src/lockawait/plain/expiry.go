package plain

import (
	"sync"
	"time"
)

// An expiry cache that tells its cleaner the next deadline on a channel
// of one slot: it drops a stale value first, with mu held, and every
// send holds mu, so the send finds room. lookup takes mu only when its
// caller asks; the callers that do not hold it already.
type expiryCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	timerCh chan time.Duration
	stop    chan struct{}
}

func newExpiryCache() *expiryCache {
	c := &expiryCache{items: make(map[string]time.Time), timerCh: make(chan time.Duration, 1), stop: make(chan struct{})}
	go c.clean()
	return c
}

// notify is called with c.mu held.
func (c *expiryCache) notify(d time.Duration) {
	if len(c.timerCh) > 0 {
		select {
		case <-c.timerCh:
		default:
		}
	}
	c.timerCh <- d
}

func (c *expiryCache) touch(key string, ttl time.Duration) bool {
	if _, ok := c.items[key]; !ok {
		return false
	}
	c.items[key] = time.Now().Add(ttl)
	c.notify(ttl)
	return true
}

func (c *expiryCache) lookup(key string, lock bool, ttls ...time.Duration) bool {
	if lock {
		c.mu.Lock()
	}
	ttl := time.Minute
	if len(ttls) > 0 {
		ttl = ttls[0]
	}
	ok := c.touch(key, ttl)
	if lock {
		c.mu.Unlock()
	}
	return ok
}

func (c *expiryCache) Get(key string) bool { return c.lookup(key, true) }

func (c *expiryCache) GetOrSet(key string, ttls ...time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lookup(key, false, ttls...) {
		return
	}
	c.items[key] = time.Now().Add(time.Minute)
	c.notify(time.Minute)
}

func (c *expiryCache) Touch(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.touch(key, time.Minute)
}

func (c *expiryCache) clean() {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
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

// The same cache with a Peek that looks up without the lock and without
// asking for it: two sends may then race for the one slot, and the one
// that loses waits, holding mu when Touch made it, for the cleaner, which
// may be waiting for mu.
type peekCache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	timerCh chan time.Duration
	stop    chan struct{}
}

func newPeekCache() *peekCache {
	c := &peekCache{items: make(map[string]time.Time), timerCh: make(chan time.Duration, 1), stop: make(chan struct{})}
	go c.clean()
	return c
}

func (c *peekCache) notify(d time.Duration) {
	if len(c.timerCh) > 0 {
		select {
		case <-c.timerCh:
		default:
		}
	}
	c.timerCh <- d // want `sync lock c.mu \(locked at expiry.go:\d+\) is held while waiting for another goroutine: \(\*peekCache\).Touch calls \(\*peekCache\).touch \(expiry.go:\d+\), which calls \(\*peekCache\).notify \(expiry.go:\d+\), which does a channel send \(expiry.go:\d+\); release it before waiting \(the receive at expiry.go:\d+ in \(\*peekCache\).clean, run by the goroutine started at expiry.go:\d+, may take c.mu first\)`
}

func (c *peekCache) touch(key string, ttl time.Duration) bool {
	if _, ok := c.items[key]; !ok {
		return false
	}
	c.items[key] = time.Now().Add(ttl)
	c.notify(ttl)
	return true
}

func (c *peekCache) lookup(key string, lock bool) bool {
	if lock {
		c.mu.Lock()
	}
	ok := c.touch(key, time.Minute)
	if lock {
		c.mu.Unlock()
	}
	return ok
}

func (c *peekCache) Get(key string) bool  { return c.lookup(key, true) }
func (c *peekCache) Peek(key string) bool { return c.lookup(key, false) }

func (c *peekCache) Touch(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.touch(key, time.Minute)
}

func (c *peekCache) clean() {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case d := <-c.timerCh:
			t.Reset(d)
		case <-t.C:
			c.mu.Lock()
			clear(c.items)
			c.mu.Unlock()
		}
	}
}
