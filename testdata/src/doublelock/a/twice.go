package a

import "sync"

type twice struct{ mu sync.Mutex }

func (c *twice) get() int { c.mu.Lock(); defer c.mu.Unlock(); return 1 }

// The first call never returns; the second, which relocks at the same
// place, is not a second finding.
func (c *twice) inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.get() // want `c.mu is locked at twice.go:12 and locked again at twice.go:14 by calling c.get, which locks c.mu at twice.go:7; sync.Mutex is not reentrant`
	n += c.get()
	return n
}
