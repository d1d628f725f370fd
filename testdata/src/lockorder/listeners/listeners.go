// want package:`lock order \(listeners.Store\).mu -> \(listeners.Cache\).mu, \(listeners.Cache\).mu -> \(listeners.Store\).mu, \(listeners.QuietCache\).mu -> \(listeners.QuietStore\).mu`
// Package listeners holds lock orders made through registered
// listeners: method values kept in a slice field.
package listeners

import "sync"

// A store tells its listeners of each change holding its lock; a cache
// registers its invalidate method as a listener, and writes through to
// the store holding its own lock: store.mu then cache.mu, and cache.mu
// then store.mu.
type Backend interface{ Update(k string, v int) }

type Store struct {
	mu        sync.Mutex
	data      map[string]int
	listeners []func(k string)
}

func (s *Store) Update(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	for _, l := range s.listeners {
		l(k) // want `lock order inversion: \(\*listeners.Store\).Update takes \(listeners.Store\).mu then \(listeners.Cache\).mu`
	}
}

func (s *Store) Listen(f func(k string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

type Cache struct {
	mu      sync.Mutex
	items   map[string]int
	backend Backend
}

func NewCache(s *Store) *Cache {
	c := &Cache{items: map[string]int{}, backend: s}
	s.Listen(c.invalidate)
	return c
}

func (c *Cache) invalidate(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.backend.Update(k, v)
}

// The same pair where the store calls its listeners after letting its
// lock go: only the cache's order is taken. Not reported.
type QuietStore struct {
	mu        sync.Mutex
	data      map[string]int
	listeners []func(k string)
}

func (s *QuietStore) Put(k string, v int) {
	s.mu.Lock()
	s.data[k] = v
	ls := s.listeners
	s.mu.Unlock()
	for _, l := range ls {
		l(k)
	}
}

func (s *QuietStore) Listen(f func(k string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

type QuietBackend interface{ Put(k string, v int) }

type QuietCache struct {
	mu      sync.Mutex
	items   map[string]int
	backend QuietBackend
}

func NewQuietCache(s *QuietStore) *QuietCache {
	c := &QuietCache{items: map[string]int{}, backend: s}
	s.Listen(c.invalidate)
	return c
}

func (c *QuietCache) invalidate(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func (c *QuietCache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.backend.Put(k, v)
}
