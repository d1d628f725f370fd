package a

import (
	"sync"
	"sync/atomic"
)

// A latch opened without its Cond's lock: a waiter that has found it
// closed, and not yet parked in Wait, holds mu; Open neither waits for
// mu nor takes it before it broadcasts, so its Broadcast can come in
// between, find no waiter, and the waiter then sleeps for good.
type readyLatch struct {
	mu   sync.Mutex
	cond *sync.Cond
	open atomic.Bool
}

func newReadyLatch() *readyLatch {
	l := &readyLatch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *readyLatch) Await() {
	l.mu.Lock()
	for !l.open.Load() {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func (l *readyLatch) Open() {
	l.open.Store(true) // want `l.open is set here without l.mu, the lock of l.cond, held, and l.cond is broadcast at lostwake.go:34 without it: a waiter that has tested !l.open.Load\(\) \(lostwake.go:26\) and not yet called Wait misses it and sleeps`
	l.cond.Broadcast()
}

// The same latch with a plain flag, closed by a drain that clears it.
type drainGate struct {
	mu       sync.Mutex
	cond     *sync.Cond
	draining bool
}

func newDrainGate() *drainGate {
	g := &drainGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *drainGate) waitDrained() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.draining {
		g.cond.Wait()
	}
}

func (g *drainGate) startDrain() {
	g.draining = true // want `g.draining is set here without g.mu, the lock of g.cond, held, and g.cond is broadcast at lostwake.go:60 without it`
	g.cond.Broadcast()
}

// The flag stored outside the lock, but the lock taken before the
// Broadcast: a waiter between its test and its Wait holds mu, so the
// Broadcast comes after the waiter is parked. Not reported.
type lockedWake struct {
	mu   sync.Mutex
	cond *sync.Cond
	open atomic.Bool
}

func newLockedWake() *lockedWake {
	l := &lockedWake{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *lockedWake) Await() {
	l.mu.Lock()
	for !l.open.Load() {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func (l *lockedWake) Open() {
	l.open.Store(true)
	l.mu.Lock()
	l.cond.Broadcast()
	l.mu.Unlock()
}

// The flag set under the lock, the Broadcast after it: not reported.
type heldLatch struct {
	mu   sync.Mutex
	cond *sync.Cond
	open atomic.Bool
}

func newHeldLatch() *heldLatch {
	l := &heldLatch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *heldLatch) Await() {
	l.mu.Lock()
	for !l.open.Load() {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func (l *heldLatch) Open() {
	l.mu.Lock()
	l.open.Store(true)
	l.mu.Unlock()
	l.cond.Broadcast()
}

// The flag set through a helper that takes the lock around the
// Broadcast: not reported.
type helperWake struct {
	mu       sync.Mutex
	cond     *sync.Cond
	stopping bool
}

func newHelperWake() *helperWake {
	h := &helperWake{}
	h.cond = sync.NewCond(&h.mu)
	return h
}

func (h *helperWake) wait() {
	h.mu.Lock()
	for !h.stopping {
		h.cond.Wait()
	}
	h.mu.Unlock()
}

func (h *helperWake) wake() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cond.Broadcast()
}

func (h *helperWake) stop() {
	h.stopping = true
	h.wake()
}

// A manifest lock whose unlock is a helper called, through another
// helper, with the database's lock held (the Cond's L): the change and
// the wake are made under it. Not reported.
type manifest struct {
	mu      *sync.Mutex
	cond    sync.Cond
	writing bool
}

func newManifest(mu *sync.Mutex) *manifest {
	m := &manifest{mu: mu}
	m.cond.L = mu
	return m
}

// logLock and logUnlock must be called with m.mu held.
func (m *manifest) logLock() {
	for m.writing {
		m.cond.Wait()
	}
	m.writing = true
}

func (m *manifest) logUnlock() {
	m.writing = false
	m.cond.Signal()
}

func (m *manifest) apply() {
	defer m.logUnlock()
}

func (m *manifest) Write() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logLock()
	m.apply()
}
