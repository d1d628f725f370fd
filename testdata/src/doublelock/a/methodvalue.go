package a

import "sync"

// A cache loads a missing entry through the loader it was built with;
// by default its own slow path, a method value bound to the cache,
// which read-locks the cache again while Get holds the read lock.
type loadingCache struct {
	mu     sync.RWMutex
	items  map[string]string
	misses int
	loader func(key string) string
}

func newLoadingCache() *loadingCache {
	c := &loadingCache{items: map[string]string{}}
	c.loader = c.slowLoad
	return c
}

func (c *loadingCache) slowLoad(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return key + string(rune('0'+c.misses))
}

func (c *loadingCache) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[key]; ok {
		return v
	}
	return c.loader(key) // want `c.mu is read-locked at methodvalue.go:28 and read-locked again at methodvalue.go:33 by calling c.loader, which calls the method value \(\*loadingCache\).slowLoad stored at methodvalue.go:17, which read-locks c.mu at methodvalue.go:22`
}

func (c *loadingCache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// The same cache whose loader is bound to its backing store, another
// object with a lock of its own. Not reported.
type backedCache struct {
	mu     sync.RWMutex
	items  map[string]string
	loader func(key string) string
}

type backingStore struct {
	mu   sync.RWMutex
	data map[string]string
}

func (s *backingStore) load(key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.data[key]
}

func newBackedCache(s *backingStore) *backedCache {
	c := &backedCache{items: map[string]string{}}
	c.loader = s.load
	return c
}

func (c *backedCache) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[key]; ok {
		return v
	}
	return c.loader(key)
}

func (c *backedCache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// A connection runs its handshake through the method value it was made
// with, holding handshakeMu; the handshake lets the lock go while it
// waits for input, and takes it back: no second lock. Not reported.
type handshakeConn struct {
	handshakeMu sync.Mutex
	handshakeFn func() error
	input       chan []byte
	done        bool
}

func newServerConn() *handshakeConn {
	c := &handshakeConn{input: make(chan []byte, 1)}
	c.handshakeFn = c.serverHandshake
	return c
}

func (c *handshakeConn) waitForInput() []byte {
	c.handshakeMu.Unlock()
	defer c.handshakeMu.Lock()
	return <-c.input
}

func (c *handshakeConn) serverHandshake() error {
	if len(c.waitForInput()) == 0 {
		return nil
	}
	return nil
}

func (c *handshakeConn) Handshake() error {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	if c.done {
		return nil
	}
	err := c.handshakeFn()
	c.done = err == nil
	return err
}

// A meter picks its step as a method value before it takes its lock:
// the step locks the meter again.
type meter struct {
	mu    sync.Mutex
	n     int
	total int
}

func (m *meter) Inc() {
	m.mu.Lock()
	m.n++
	m.mu.Unlock()
}

func (m *meter) Record(fast bool) {
	step := m.Inc
	m.mu.Lock()
	defer m.mu.Unlock()
	m.total++
	step() // want `m.mu is locked at methodvalue.go:138 and locked again at methodvalue.go:141 by calling step \(m.Inc\), which locks m.mu at methodvalue.go:131`
}

// The same step bound to another meter, or called once the lock is
// released: not reported.
func (m *meter) Forward(to *meter) {
	step := to.Inc
	m.mu.Lock()
	m.total++
	step()
	m.mu.Unlock()
}

func (m *meter) RecordLater() {
	step := m.Inc
	m.mu.Lock()
	m.total++
	m.mu.Unlock()
	step()
}
