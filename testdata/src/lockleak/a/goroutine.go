package a

import "sync"

// Checker runs one probe at a time: the caller takes mu, and the probe
// goroutine it starts lets it go when the probe is over.
type Checker struct {
	mu     sync.Mutex
	closed bool
	runs   int
}

func (c *Checker) probe() bool { c.runs++; return c.runs > 3 }

func (c *Checker) Trigger() {
	if !c.mu.TryLock() {
		return // a probe is running
	}
	if c.closed {
		c.mu.Unlock()
		return
	}
	go func() { // silent: the goroutine is handed mu, and unlocks it
		defer c.mu.Unlock()
		c.probe()
	}()
}

// TriggerLost starts a probe that never lets mu go.
func (c *Checker) TriggerLost() {
	if !c.mu.TryLock() {
		return
	}
	if c.closed {
		c.mu.Unlock()
		return
	}
	go func() {
		c.probe()
	}()
} // want `c.mu locked at goroutine.go:\d+ is still held at the end of the function`
