// want package:`lock order \(observers.Registry\).mu -> \(observers.Cache\).mu, \(observers.Cache\).mu -> \(observers.Registry\).mu, \(observers.QuietRegistry\).mu -> \(observers.QuietCache\).mu`
// Package observers holds lock orders made through observers kept as
// an interface the package declares: the registry calls each
// observer's method holding its own lock.
package observers

import "sync"

// Observer is told of each change; *Cache is its one implementation.
type Observer interface{ Changed(key string) }

// A registry tells its observers of each change holding its lock; a
// cache observes it, and reads through to it holding its own lock:
// registry.mu then cache.mu, and cache.mu then registry.mu.
type Registry struct {
	mu        sync.Mutex
	observers []Observer
	data      map[string]string
}

func (r *Registry) Set(k, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.data[k] = v
	for _, o := range r.observers {
		o.Changed(k) // want `lock order inversion: \(\*observers.Registry\).Set takes \(observers.Registry\).mu then \(observers.Cache\).mu \(r.mu locked at observers.go:\d+, then o.mu at observers.go:\d+ by calling o.Changed \(implemented by \(\*Cache\).Changed\), which locks c.mu at observers.go:\d+\), but \(\*observers.Cache\).Lookup takes \(observers.Cache\).mu then \(observers.Registry\).mu`
	}
}

func (r *Registry) Get(k string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.data[k]
}

func (r *Registry) Observe(o Observer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.observers = append(r.observers, o)
}

type Cache struct {
	mu  sync.Mutex
	reg *Registry
	m   map[string]string
}

func NewCache(r *Registry) *Cache {
	c := &Cache{reg: r, m: map[string]string{}}
	r.Observe(c)
	return c
}

func (c *Cache) Changed(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}

func (c *Cache) Lookup(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	v := c.reg.Get(k)
	c.m[k] = v
	return v
}

// The same pair where the cache lets its lock go before it reads
// through: only registry.mu then cache.mu. Silent.
type QuietObserver interface{ Invalidate(key string) }

type QuietRegistry struct {
	mu        sync.Mutex
	observers []QuietObserver
	data      map[string]string
}

func (r *QuietRegistry) Set(k, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.data[k] = v
	for _, o := range r.observers {
		o.Invalidate(k)
	}
}

func (r *QuietRegistry) Get(k string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.data[k]
}

type QuietCache struct {
	mu  sync.Mutex
	reg *QuietRegistry
	m   map[string]string
}

func (c *QuietCache) Invalidate(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}

func (c *QuietCache) Lookup(k string) string {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = c.reg.Get(k)
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
	return v
}
