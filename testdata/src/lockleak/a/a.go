// Package a leaves locks held on early exits, next to the correct
// look-alikes that must stay silent.
package a

import (
	"errors"
	"os"
	"sync"
)

type Cache struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]string
}

func fetch(k string) (string, error) { return k, nil }

func (c *Cache) Load(k string) (string, error) {
	c.mu.Lock()
	v, err := fetch(k)
	if err != nil {
		return "", err // want `c.mu locked at a.go:20 is still held at the return at a.go:23; it is unlocked at a.go:26 on other paths`
	}
	c.m[k] = v
	c.mu.Unlock()
	return v, nil
}

func (c *Cache) Read(k string) string {
	c.rw.RLock()
	v, ok := c.m[k]
	if !ok {
		return "" // want `c.rw \(read\) locked at a.go:31 is still held at the return at a.go:34; it is unlocked at a.go:36 on other paths`
	}
	c.rw.RUnlock()
	return v
}

// Continue skips the Unlock: the next iteration locks again.
func (c *Cache) Each(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		if k == "" {
			continue // want `c.mu locked at a.go:43 is still held at the continue at a.go:45; it is unlocked at a.go:48 on other paths`
		}
		c.m[k] = k
		c.mu.Unlock()
	}
}

// Break leaves the loop with the lock held, and nothing after releases
// it.
func (c *Cache) First(keys []string) string {
	var v string
	for _, k := range keys {
		c.mu.Lock()
		if c.m[k] != "" {
			v = c.m[k]
			break // want `c.mu locked at a.go:57 is still held at the break at a.go:60; it is unlocked at a.go:62 on other paths`
		}
		c.mu.Unlock()
	}
	return v
}

// Panic with the lock held, no defer.
func (c *Cache) Must(k string) string {
	c.mu.Lock()
	v, ok := c.m[k]
	if !ok {
		panic("missing " + k) // reported with -lockleak.panics only
	}
	c.mu.Unlock()
	return v
}

// Inside a closure.
func (c *Cache) Closure(keys []string) func() error {
	return func() error {
		c.mu.Lock()
		if len(keys) == 0 {
			return errors.New("no keys") // want `c.mu locked at a.go:81 is still held at the return at a.go:83; it is unlocked at a.go:85 on other paths`
		}
		c.mu.Unlock()
		return nil
	}
}

// A lock taken by a helper, then leaked.
func (c *Cache) lock() { c.mu.Lock() }

func (c *Cache) Helper(k string) bool {
	c.lock()
	if k == "" {
		return false // want `c.mu locked by \(\*Cache\).lock at a.go:94 is still held at the return at a.go:96; it is unlocked at a.go:98 on other paths`
	}
	c.mu.Unlock()
	return true
}

// A defer added only after the early return.
func (c *Cache) LateDefer(k string) error {
	c.mu.Lock()
	if k == "" {
		return errors.New("empty") // want `c.mu locked at a.go:104 is still held at the return at a.go:106; it is unlocked by a defer at a.go:108 on other paths`
	}
	defer c.mu.Unlock()
	c.m[k] = k
	return nil
}

// ---- Silent look-alikes ----

// defer unlock.
func (c *Cache) Deferred(k string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, err := fetch(k)
	if err != nil {
		return "", err
	}
	return v, nil
}

// Unlock on every path.
func (c *Cache) Both(k string) error {
	c.mu.Lock()
	if k == "" {
		c.mu.Unlock()
		return errors.New("empty")
	}
	c.mu.Unlock()
	return nil
}

// A lock helper: returns holding the lock on every path, by design.
func (c *Cache) lockFresh() {
	c.mu.Lock()
	for len(c.m) > 100 {
		c.mu.Unlock()
		c.mu.Lock()
	}
}

// A conditional lock helper: holds the lock when it returns true.
func (c *Cache) lockIfOpen() bool {
	c.mu.Lock()
	if c.m == nil {
		c.mu.Unlock()
		return false
	}
	return true
}

func (c *Cache) lockOrErr() error {
	c.mu.Lock()
	if c.m == nil {
		c.mu.Unlock()
		return errors.New("closed")
	}
	return nil
}

// Never released here: the caller's to release.
func (c *Cache) LockForCaller() *Cache {
	c.mu.Lock()
	return c
}

// Break out of a loop, unlock after it.
func (c *Cache) Scan(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		if k == "" {
			break
		}
		c.mu.Unlock()
	}
	c.mu.Unlock()
}

// Continue after unlocking.
func (c *Cache) Skip(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		if k == "" {
			c.mu.Unlock()
			continue
		}
		c.m[k] = k
		c.mu.Unlock()
	}
}

// Locked on some paths only.
func (c *Cache) Maybe(lock bool) {
	if lock {
		c.mu.Lock()
	}
	c.m["x"] = "y"
	if lock {
		c.mu.Unlock()
	}
}

// os.Exit never returns.
func (c *Cache) Exit(k string) {
	c.mu.Lock()
	if k == "" {
		os.Exit(1)
	}
	c.mu.Unlock()
}

// TryLock that failed holds nothing.
func (c *Cache) Try() bool {
	if !c.mu.TryLock() {
		return false
	}
	c.mu.Unlock()
	return true
}

// A lock handed to a goroutine that releases it.
func (c *Cache) Handoff() {
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		c.m["x"] = "y"
	}()
}

// Panic under a deferred unlock.
func (c *Cache) MustDeferred(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[k] == "" {
		panic("missing")
	}
	return c.m[k]
}

// Called with c.mu held: releases it around the fetch and takes it back.
func (c *Cache) refetchLocked(k string) bool {
	c.mu.Unlock()
	v, err := fetch(k)
	c.mu.Lock()
	if err != nil {
		return false
	}
	c.m[k] = v
	return true
}

// The same, through a helper that releases and takes back.
func (c *Cache) reload(k string) {
	if k == "" {
		return
	}
	if !c.refetchLocked(k) {
		return
	}
	c.m[k+"!"] = k
}
