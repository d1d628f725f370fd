package a

import (
	"fmt"
	"log"
	"sync"
)

// A membership table logs through a printf wrapper. Handing the table
// itself to the wrapper formats it: its String read-locks the mutex the
// caller holds for writing.
type membership struct {
	mu      sync.RWMutex
	members map[uint64]string
	logger  *log.Logger
}

func (c *membership) String() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fmt.Sprintf("membership(%d)", len(c.members))
}

func (c *membership) logf(format string, args ...any) {
	c.logger.Output(2, fmt.Sprintf(format, args...))
}

// debugf wraps logf.
func (c *membership) debugf(format string, args ...any) {
	if c.logger != nil {
		c.logf("debug: "+format, args...)
	}
}

func (c *membership) Remove(id uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.members, id)
	c.logf("removed %x from %s", id, c) // want `c.mu is locked at logf.go:36 and read-locked at logf.go:39 by calling c.logf, which calls \(\*membership\).String on c, which read-locks c.mu at logf.go:19`
}

func (c *membership) Add(id uint64, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.members[id] = name
	c.debugf("added %x to %v", id, c) // want `c.mu is locked at logf.go:43 and read-locked at logf.go:46 by calling c.debugf, which calls \(\*membership\).String on c`
}

// Formatting the id only, or the table after the unlock: silent.
func (c *membership) Rename(id uint64, name string) {
	c.mu.Lock()
	c.members[id] = name
	c.logf("renamed %x to %s", id, name)
	c.mu.Unlock()
	c.logf("now %s", c)
}
