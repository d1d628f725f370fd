package plain

import (
	"sync"
	"time"
)

// A topology notifier runs the handler set on it when a server joins.
type topoConn struct {
	onJoin func()
}

func (c *topoConn) SetJoinHandler(f func()) { c.onJoin = f }

func (c *topoConn) run(joins <-chan struct{}) {
	for range joins {
		if f := c.onJoin; f != nil {
			f()
		}
	}
}

// The partition checker's callback holds its lock while it gives a new
// server time to settle. The server's start goroutine locks a checker
// it has just built before it registers that callback, so the callback
// never holds that lock first: the goroutine the sleep stalls is the
// one that shuts the checker down, and that is the one to name.
type partServer struct {
	conn  *topoConn
	parts *partChecker
}

type partChecker struct {
	sync.Mutex
	closed bool
}

func (s *partServer) Start(joins <-chan struct{}) {
	s.conn = &topoConn{}
	go s.conn.run(joins)
	go s.initParts()
}

func (s *partServer) initParts() {
	p := &partChecker{}
	s.parts = p
	p.Lock()
	s.conn.SetJoinHandler(p.joined)
	p.check()
	p.Unlock()
}

func (p *partChecker) joined() {
	p.Lock()
	defer p.Unlock()
	if p.closed {
		return
	}
	time.Sleep(500 * time.Millisecond) // want `sync lock p.Mutex \(locked at topology.go:\d+\) is held while waiting for another goroutine: time.Sleep \(topology.go:\d+\); release it before waiting \(the Lock at topology.go:66 in \(\*partChecker\).shutdown takes p.Mutex, and waits as long as this sleep\)`
	p.check()
}

func (p *partChecker) check() {}

func (p *partChecker) shutdown() {
	p.Lock()
	defer p.Unlock()
	p.closed = true
}

func (s *partServer) Shutdown() {
	if p := s.parts; p != nil {
		p.shutdown()
	}
}
