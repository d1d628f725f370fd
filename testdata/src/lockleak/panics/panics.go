// Package panics is checked with -lockleak.panics.
package panics

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *Cache) Must(k string) string {
	c.mu.Lock()
	v, ok := c.m[k]
	if !ok {
		panic("missing " + k) // want `c.mu locked at panics.go:12 is still held at the panic at panics.go:15; it is unlocked at panics.go:17 on other paths`
	}
	c.mu.Unlock()
	return v
}

func (c *Cache) MustDeferred(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[k] == "" {
		panic("missing")
	}
	return c.m[k]
}
