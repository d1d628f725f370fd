// Command fixed is examples/lockleak corrected: Load releases the lock
// with a defer, on every path.
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
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v, nil
	}
	v, err := fetch(key)
	if err != nil {
		return "", err
	}
	c.data[key] = v
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
	}
}
