// Package gatelib is a gate made of channels: WaitAndLock waits until
// the gate is set.
package gatelib

type Gate struct {
	set   chan struct{}
	unset chan struct{}
}

func New() *Gate {
	g := &Gate{set: make(chan struct{}, 1), unset: make(chan struct{}, 1)}
	g.unset <- struct{}{}
	return g
}

// Lock takes the gate, set or not.
func (g *Gate) Lock() {
	select {
	case <-g.set:
	case <-g.unset:
	}
}

// WaitAndLock takes the gate once it is set.
func (g *Gate) WaitAndLock() { <-g.set }

// Unlock gives the gate back, set or not.
func (g *Gate) Unlock(set bool) {
	if set {
		g.set <- struct{}{}
	} else {
		g.unset <- struct{}{}
	}
}
