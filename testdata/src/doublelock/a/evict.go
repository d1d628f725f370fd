package a

import "sync"

// An LRU list that is not safe for concurrent use: its owner locks
// around it, and it tells the owner of each key it drops through the
// callback the owner gave it.
type lruList struct {
	keys    []string
	max     int
	onEvict func(key string)
}

func (l *lruList) push(k string) {
	l.keys = append(l.keys, k)
	if len(l.keys) > l.max {
		old := l.keys[0]
		l.keys = l.keys[1:]
		if l.onEvict != nil {
			l.onEvict(old)
		}
	}
}

// A cache whose list calls back its evicted, which takes mu: Put holds
// mu when the list drops a key.
type lruCache struct {
	mu    sync.Mutex
	order *lruList
	data  map[string][]byte
	drops int
}

func newLRUCache(n int) *lruCache {
	c := &lruCache{data: map[string][]byte{}}
	c.order = &lruList{max: n, onEvict: c.evicted}
	return c
}

func (c *lruCache) evicted(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data, k)
	c.drops++
}

func (c *lruCache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	c.order.push(k) // want `c.mu is locked at evict.go:48 and locked again at evict.go:51 by calling c.order.push, which calls l.onEvict, the method value \(\*lruCache\).evicted stored at evict.go:36`
}

// The same cache that sets the callback after it builds the list.
type lateCache struct {
	mu    sync.Mutex
	order *lruList
	data  map[string][]byte
}

func newLateCache(n int) *lateCache {
	c := &lateCache{data: map[string][]byte{}, order: &lruList{max: n}}
	c.order.onEvict = c.evicted
	return c
}

func (c *lateCache) evicted(k string) {
	c.mu.Lock()
	delete(c.data, k)
	c.mu.Unlock()
}

func (c *lateCache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	c.order.push(k) // want `c.mu is locked at evict.go:74 and locked again at evict.go:77 by calling c.order.push, which calls l.onEvict, the method value \(\*lateCache\).evicted stored at evict.go:63`
}

// The callback that only counts, without the cache's lock (the caller
// holds it): not reported.
type countingCache struct {
	mu    sync.Mutex
	order *lruList
	data  map[string][]byte
	drops int
}

func newCountingCache(n int) *countingCache {
	c := &countingCache{data: map[string][]byte{}}
	c.order = &lruList{max: n, onEvict: c.evictedLocked}
	return c
}

// evictedLocked runs with c.mu held.
func (c *countingCache) evictedLocked(k string) {
	delete(c.data, k)
	c.drops++
}

func (c *countingCache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	c.order.push(k)
}

// The list of another cache: the callback locks that cache, not this
// one. Not reported.
type tieredCache struct {
	mu    sync.Mutex
	order *lruList
	data  map[string][]byte
	next  *lruCache
}

func newTieredCache(n int, next *lruCache) *tieredCache {
	c := &tieredCache{data: map[string][]byte{}, next: next}
	c.order = &lruList{max: n, onEvict: next.evicted}
	return c
}

func (c *tieredCache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	c.order.push(k)
}
