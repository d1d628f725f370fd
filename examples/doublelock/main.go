// Command doublelock shows the mistake the doublelock check finds: a
// method that holds its lock and calls a sibling method that takes the
// same lock. Go's mutexes are not reentrant: Inc waits for itself,
// forever. Caught here by a timeout.
//
//	go run ./examples/doublelock
//	go run ./examples/doublelock/fixed
//	go run ./cmd/asynclint ./examples/doublelock/...
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
	return c.n[key]
}

// Inc adds one to the count of key.
func (c *counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key] = c.Get(key) + 1 // the mistake: Get locks c.mu, which Inc holds
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
		fmt.Println("=> Inc holds c.mu and calls Get, which locks c.mu again: the goroutine waits for itself.")
	}
}
