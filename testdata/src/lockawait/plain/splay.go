package plain

import (
	"math/rand"
	"sync"
	"time"
)

// A supervised child process: a reload waits a random splay before it
// signals the child, or less when the child is stopped. The splay is a
// timer a helper returns: the wait ends when it fires, whoever holds
// c.mu.
type splayChild struct {
	mu     sync.Mutex
	stopCh chan struct{}
	splay  time.Duration
}

func (c *splayChild) Reload() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reload()
}

func (c *splayChild) reload() {
	select {
	case <-c.stopCh:
	case <-c.randomSplay():
	}
}

func (c *splayChild) randomSplay() <-chan time.Time {
	if c.splay == 0 {
		return time.After(0)
	}
	d := time.Duration(rand.Int63n(int64(c.splay)))
	return c.after(d)
}

func (c *splayChild) after(d time.Duration) <-chan time.Time {
	t := time.NewTimer(d)
	return t.C
}

func (c *splayChild) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.stopCh)
}

// The same child whose splay, when none is set, waits for a kick: a
// channel that Kick, holding c.mu, sends on. The reload holds c.mu and
// waits for it.
type kickedChild struct {
	mu     sync.Mutex
	stopCh chan struct{}
	kick   chan time.Time
	splay  time.Duration
}

func (c *kickedChild) Reload() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select { // want `sync lock c.mu \(locked at splay.go:62\) is held while waiting for another goroutine`
	case <-c.stopCh:
	case <-c.nextSplay():
	}
}

func (c *kickedChild) nextSplay() <-chan time.Time {
	if c.splay == 0 {
		return c.kick
	}
	return time.After(c.splay)
}

func (c *kickedChild) Kick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kick <- time.Now() // want `sync lock c.mu \(locked at splay.go:78\) is held while waiting for another goroutine: a channel send`
}

func (c *kickedChild) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.stopCh)
}
