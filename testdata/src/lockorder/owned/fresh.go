// want package:`lock order \(owned\.freshPool\)\.mu -> \(owned\.freshConn\)\.mu, \(owned\.sharedConn\)\.mu -> \(owned\.sharedPool\)\.mu, \(owned\.sharedPool\)\.mu -> \(owned\.sharedConn\)\.mu, \(owned\.listedConn\)\.mu -> \(owned\.listedPool\)\.allMu, \(owned\.listedConn\)\.mu -> \(owned\.listedPool\)\.mu, \(owned\.listedPool\)\.mu -> \(owned\.listedConn\)\.mu, \(owned\.counterShard\)\.mu -> \(owned\.shardedCounter\)\.mu, \(owned\.shardedCounter\)\.mu -> \(owned\.counterShard\)\.mu, \(owned\.shardedCounter2\)\.mu -> \(owned\.counterShard2\)\.mu`

package owned

import "sync"

// A pool builds a conn locked, and adds it to its list under the
// pool's lock; drain holds the pool's lock and locks each conn. The
// conn that open locks is its own until the append: no goroutine can
// hold its lock, so open's order makes no inversion.
type freshPool struct {
	mu    sync.Mutex
	conns []*freshConn
}

type freshConn struct {
	mu    sync.Mutex
	state int
}

func (p *freshPool) open() *freshConn {
	c := &freshConn{}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = 1
	p.mu.Lock()
	p.conns = append(p.conns, c)
	p.mu.Unlock()
	return c
}

func (p *freshPool) drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.mu.Lock()
		c.state = 0
		c.mu.Unlock()
	}
}

// The same, but reopen locks a conn that is already in the list: drain
// may hold the pool's lock and wait for that conn.
type sharedPool struct {
	mu    sync.Mutex
	conns []*sharedConn
}

type sharedConn struct {
	mu    sync.Mutex
	state int
}

func (p *sharedPool) reopen(c *sharedConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = 1
	p.mu.Lock() // want `lock order inversion: \(\*owned.sharedPool\).reopen takes \(owned.sharedConn\).mu then \(owned.sharedPool\).mu`
	p.conns = append(p.conns, c)
	p.mu.Unlock()
}

func (p *sharedPool) drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.mu.Lock()
		c.state = 0
		c.mu.Unlock()
	}
}

// Here the new conn registers itself (a method of the conn) before the
// pool's lock: drain may already hold the pool's lock and wait for it.
type listedPool struct {
	mu    sync.Mutex
	conns []*listedConn
	all   map[*listedConn]bool
	allMu sync.Mutex
}

type listedConn struct {
	mu    sync.Mutex
	pool  *listedPool
	state int
}

func (c *listedConn) register() {
	c.pool.allMu.Lock()
	c.pool.all[c] = true
	c.pool.allMu.Unlock()
}

func (p *listedPool) open() *listedConn {
	c := &listedConn{pool: p}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.register()
	p.mu.Lock() // want `lock order inversion: \(\*owned.listedPool\).open takes \(owned.listedConn\).mu then \(owned.listedPool\).mu`
	p.conns = append(p.conns, c)
	p.mu.Unlock()
	return c
}

func (p *listedPool) drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.mu.Lock()
		c.state = 0
		c.mu.Unlock()
	}
}
