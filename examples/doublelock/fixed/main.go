// Command fixed is examples/doublelock corrected: Inc reads the count
// with a helper that expects the lock held, instead of the locking Get.
package main

import (
	"fmt"
	"sync"
	"time"
)

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Get returns the count of key.
func (c *counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.getLocked(key)
}

// getLocked returns the count of key; c.mu must be held.
func (c *counter) getLocked(key string) int { return c.n[key] }

// Inc adds one to the count of key.
func (c *counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key] = c.getLocked(key) + 1
}

func main() {
	c := &counter{n: map[string]int{}}
	done := make(chan struct{})
	go func() {
		c.Inc("home")
		close(done)
	}()
	select {
	case <-done:
		fmt.Println("count:", c.Get("home"))
	case <-time.After(time.Second):
		fmt.Println("no progress after 1s: deadlock.")
	}
}
