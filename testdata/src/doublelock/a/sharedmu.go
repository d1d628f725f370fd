package a

import "sync"

// A multiplexer whose channels share its lock: each channel keeps a
// pointer to the mux's mutex, and locks it for its own state.
type frameMux struct {
	mu     sync.Mutex
	chans  map[uint32]*muxChan
	closed bool
}

type muxChan struct {
	id   uint32
	mux  *frameMux
	mu   *sync.Mutex
	open bool
}

func (m *frameMux) open(id uint32) *muxChan {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &muxChan{id: id, mux: m, mu: &m.mu, open: true}
	m.chans[id] = c
	return c
}

func (c *muxChan) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open = false
}

func (m *frameMux) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for _, c := range m.chans {
		c.reset() // want `m.mu is locked at sharedmu.go:35 and locked again at sharedmu.go:39 by calling c.reset, which locks c.mu at sharedmu.go:29`
	}
}

// A channel with a lock of its own: not reported.
type ownChan struct {
	id   uint32
	mux  *ownMux
	mu   *sync.Mutex
	open bool
}

type ownMux struct {
	mu    sync.Mutex
	chans map[uint32]*ownChan
}

func (m *ownMux) open(id uint32) *ownChan {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &ownChan{id: id, mux: m, mu: new(sync.Mutex), open: true}
	m.chans[id] = c
	return c
}

func (c *ownChan) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open = false
}

func (m *ownMux) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.chans {
		c.reset()
	}
}
