package a

import "sync"

// A balancer makes a sub-connection that reports its state changes to
// a listener, the balancer itself (&subConn{listener: b}). Making one
// under b.mu and setting its first state there calls back into the
// balancer, which takes b.mu again.
type stateListener interface {
	updateSubConnState(sc *subConn, s int)
}

type subConn struct {
	listener stateListener
	state    int
}

func (sc *subConn) updateState(s int) {
	sc.state = s
	sc.listener.updateSubConnState(sc, s)
}

type balancer struct {
	mu       sync.Mutex
	subConns map[*subConn]int
	parent   *balancer
}

func (b *balancer) updateSubConnState(sc *subConn, s int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subConns[sc] = s
}

func (b *balancer) newSubConn() *subConn {
	sc := &subConn{listener: b}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subConns[sc] = 0
	sc.updateState(1) // want `b.mu is locked at backlit.go:\d+ and locked again at backlit.go:\d+ by calling sc.updateState, which calls sc.listener.updateSubConnState \(implemented by \(\*balancer\).updateSubConnState\)`
	return sc
}

// The same with the first state set after the unlock.
func (b *balancer) newSubConnUnlocked() *subConn {
	sc := &subConn{listener: b}
	b.mu.Lock()
	b.subConns[sc] = 0
	b.mu.Unlock()
	sc.updateState(1)
	return sc
}

// A sub-connection that reports to the parent balancer: its lock is
// another one.
func (b *balancer) newChildSubConn() *subConn {
	sc := &subConn{listener: b.parent}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subConns[sc] = 0
	sc.updateState(1)
	return sc
}
