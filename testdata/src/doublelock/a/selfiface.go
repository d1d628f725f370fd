package a

import "sync"

type refresher interface{ refresh(name string) }

// dnsCache is its own refresher: a miss, under the read lock, calls
// refresh, which takes the write lock of the same cache.
type dnsCache struct {
	mu      sync.RWMutex
	entries map[string]string
	r       refresher
}

func newDNSCache() *dnsCache {
	c := &dnsCache{entries: map[string]string{}}
	c.r = c
	return c
}

func (c *dnsCache) lookup(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.entries[name]
	if !ok {
		c.r.refresh(name) // want `c.mu is read-locked at selfiface.go:22 and locked at selfiface.go:26 by calling c.r.refresh, which calls \(\*dnsCache\).refresh of the value stored at selfiface.go:17, which locks c.mu at selfiface.go:32`
	}
	return v
}

func (c *dnsCache) refresh(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[name] = "resolved"
}

// hostsCache refreshes through another object: silent.
type hostsCache struct {
	mu      sync.RWMutex
	entries map[string]string
	r       refresher
}

type hostsFile struct {
	mu    sync.Mutex
	names map[string]bool
}

func (h *hostsFile) refresh(name string) {
	h.mu.Lock()
	h.names[name] = true
	h.mu.Unlock()
}

func newHostsCache() *hostsCache {
	return &hostsCache{entries: map[string]string{}, r: &hostsFile{names: map[string]bool{}}}
}

func (c *hostsCache) lookup(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.entries[name]
	if !ok {
		c.r.refresh(name)
	}
	return v
}
