package a

import "sync"

// A startup gate whose waiters test the flag through a helper that
// takes and releases the Cond's lock: the lock is not held at the Wait,
// which unlocks it first.
type startGate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
	err  error
}

func newStartGate() *startGate {
	g := &startGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *startGate) isOpen() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}

func (g *startGate) Wait() {
	for !g.isOpen() {
		g.cond.Wait() // want `g.cond.Wait without its lock g.mu held: it is not held on any path to the Wait \(g.isOpen locks it at gate.go:22 and releases it`
	}
}

func (g *startGate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// The helper is called first, the lock taken after it: held at the Wait.
func (g *startGate) WaitLocked() error {
	if g.isOpen() {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait()
	}
	return g.err
}

// A helper that takes the lock only on some paths proves nothing.
func (g *startGate) openOr(fast bool) bool {
	if fast {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}

func (g *startGate) waitFast() {
	g.mu.Lock()
	for !g.openOr(true) {
		g.cond.Wait()
	}
	g.mu.Unlock()
}
