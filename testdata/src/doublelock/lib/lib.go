// Package lib locks in methods that another package calls.
package lib

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *Cache) Lock()   { c.mu.Lock() }
func (c *Cache) Unlock() { c.mu.Unlock() }

// Peek expects the lock held.
func (c *Cache) Peek(k string) string { return c.m[k] }

func Fill(c *Cache, k string) {
	c.mu.Lock()
	c.m[k] = k
	c.mu.Unlock()
}
