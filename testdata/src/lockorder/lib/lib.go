// want package:`lock order \(lib.Pool\).mu -> \(lib.Conn\).mu`

// Package lib takes Pool.mu, then Conn.mu.
package lib

import "sync"

type Conn struct {
	mu   sync.Mutex
	Pool *Pool
	busy bool
}

type Pool struct {
	mu    sync.Mutex
	conns []*Conn
}

func (c *Conn) MarkBusy() {
	c.mu.Lock()
	c.busy = true
	c.mu.Unlock()
}

func (p *Pool) Get() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.conns[0]
	c.MarkBusy()
	return c
}

func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	p.conns = append(p.conns, c)
	p.mu.Unlock()
}

// Lock and Unlock let callers hold a Conn across several calls.
func (c *Conn) Lock()   { c.mu.Lock() }
func (c *Conn) Unlock() { c.mu.Unlock() }
