package a

import "sync"

// A pool keeps its idle connections as the keys of a map; a connection
// points back at its pool, set only when the pool stores it. Closing a
// connection makes it leave its pool, which locks the pool: CloseIdle,
// holding the pool's lock, closes one of its own connections.
type idlePool struct {
	mu   sync.Mutex
	idle map[*idleConn]struct{}
}

type idleConn struct {
	pool   *idlePool
	closed bool
}

func (p *idlePool) Get() *idleConn {
	c := &idleConn{pool: p}
	p.mu.Lock()
	p.idle[c] = struct{}{}
	p.mu.Unlock()
	return c
}

func (c *idleConn) Close() {
	c.closed = true
	c.pool.forget(c)
}

func (p *idlePool) forget(c *idleConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.idle, c)
}

func (p *idlePool) CloseIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.idle {
		c.Close() // want `p.mu is locked at idlepool.go:39 and locked again at idlepool.go:42 by calling c.Close, which calls c.pool.forget at idlepool.go:29, which locks p.mu at idlepool.go:33`
	}
}

// The same pool with its connections in a slice, which forget cuts the
// connection out of.
type listPool struct {
	mu   sync.Mutex
	idle []*listConn
}

type listConn struct {
	pool *listPool
}

func (p *listPool) Get() *listConn {
	c := &listConn{pool: p}
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	return c
}

func (c *listConn) Close() { c.pool.forget(c) }

func (p *listPool) forget(c *listConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, x := range p.idle {
		if x == c {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return
		}
	}
}

func (p *listPool) CloseIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.Close() // want `p.mu is locked at idlepool.go:79 and locked again at idlepool.go:82 by calling c.Close`
	}
}

// Connections that another pool's Adopt may take in: a connection's pool
// need not be the one whose list holds it. Not reported.
type loosePool struct {
	mu   sync.Mutex
	idle map[*looseConn]struct{}
}

type looseConn struct {
	pool *loosePool
}

func (p *loosePool) Adopt(c *looseConn) {
	p.mu.Lock()
	p.idle[c] = struct{}{}
	p.mu.Unlock()
}

func (c *looseConn) Close() { c.pool.forget(c) }

func (p *loosePool) forget(c *looseConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.idle, c)
}

func (p *loosePool) CloseIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.idle {
		c.Close()
	}
}
