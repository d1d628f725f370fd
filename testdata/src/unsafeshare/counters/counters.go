// Package counters holds a type whose methods its users call from
// their goroutines, some adding atomically, with no goroutine of the
// package's own.
package counters

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type Counters struct {
	Lookups, Misses uint64
}

// WRONG: no goroutine of the package; Get runs concurrently in its
// users' goroutines (that is why it adds atomically), and Snapshot
// copies the counters plainly.
type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	hits  Counters
}

func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	v, ok := c.items[k]
	c.mu.RUnlock()
	if ok {
		atomic.AddUint64(&c.hits.Lookups, 1)
	} else {
		atomic.AddUint64(&c.hits.Misses, 1)
	}
	return v, ok
}

func (c *Cache) Snapshot() Counters {
	return c.hits // want `c.hits.Lookups is read here without sync/atomic, by the caller of Snapshot, but accessed atomically at counters.go:\d+ by the caller of Get`
}

// WRONG: a plain reset beside the atomic adds.
func (c *Cache) ResetMisses() {
	c.hits.Misses = 0 // want `c.hits.Misses is written here without sync/atomic, by the caller of ResetMisses, but accessed atomically at counters.go:\d+ by the caller of Get`
}

// RIGHT: every access atomic.
type AtomicCache struct {
	mu    sync.RWMutex
	items map[string]string
	hits  Counters
}

func (c *AtomicCache) Get(k string) (string, bool) {
	c.mu.RLock()
	v, ok := c.items[k]
	c.mu.RUnlock()
	if ok {
		atomic.AddUint64(&c.hits.Lookups, 1)
	}
	return v, ok
}

func (c *AtomicCache) Snapshot() Counters {
	return Counters{Lookups: atomic.LoadUint64(&c.hits.Lookups)}
}

// RIGHT: the copy is made under the lock that every atomic writer
// holds.
type HeldCache struct {
	mu    sync.Mutex
	items map[string]string
	hits  Counters
}

func (c *HeldCache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if ok {
		atomic.AddUint64(&c.hits.Lookups, 1)
	}
	return v, ok
}

func (c *HeldCache) Snapshot() Counters {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// RIGHT: a constructor sets the counters plainly.
func NewCache(items map[string]string) *Cache {
	c := &Cache{items: items}
	c.hits.Lookups = 0
	return c
}

// RIGHT: a publication protocol. Load reads data plainly only after it
// has loaded n atomically, which Store sets after storing data.
type Slot struct {
	mu   sync.Mutex
	n    uint64
	data unsafe.Pointer
}

func (s *Slot) Load() unsafe.Pointer {
	if atomic.LoadUint64(&s.n) == 0 {
		return nil
	}
	return s.data
}

func (s *Slot) Store(p unsafe.Pointer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	atomic.StorePointer(&s.data, p)
	atomic.StoreUint64(&s.n, 1)
}
