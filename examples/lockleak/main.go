// Command lockleak shows the mistake the lockleak check finds: an early
// return on an error path that skips the Unlock. The first failed load
// leaves the cache's mutex held; the next load waits for it forever.
// Caught here by a timeout.
//
//	go run ./examples/lockleak
//	go run ./examples/lockleak/fixed
//	go run ./cmd/asynclint ./examples/lockleak/...
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type cache struct {
	mu   sync.Mutex
	data map[string]string
}

func fetch(key string) (string, error) {
	if key == "" {
		return "", errors.New("empty key")
	}
	return "value of " + key, nil
}

// Load returns the value of key, fetching it on a miss.
func (c *cache) Load(key string) (string, error) {
	c.mu.Lock()
	if v, ok := c.data[key]; ok {
		c.mu.Unlock()
		return v, nil
	}
	v, err := fetch(key)
	if err != nil {
		return "", err // the mistake: c.mu stays locked
	}
	c.data[key] = v
	c.mu.Unlock()
	return v, nil
}

func main() {
	c := &cache{data: map[string]string{}}
	done := make(chan struct{})
	go func() {
		_, err := c.Load("")
		fmt.Println("first load:", err)
		v, err := c.Load("home")
		fmt.Println("second load:", v, err)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		fmt.Println("no progress after 1s: deadlock.")
		fmt.Println("=> the failed load returned with c.mu held; the second load waits for it forever.")
	}
}
