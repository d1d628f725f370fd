package a

import "sync"

// A cache's readers wait until it has synced; MarkSynced bumps the
// generation and broadcasts, but never sets synced: the waiters wake to
// find the same and wait again.
type syncGate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	gen    int
}

func newSyncGate() *syncGate {
	g := &syncGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *syncGate) WaitSynced() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.synced {
		g.cond.Wait() // want `g.cond.Wait never returns: it waits while !g.synced, and nothing in the package makes that false \(no store of synced ends the loop\)`
	}
}

func (g *syncGate) MarkSynced() {
	g.mu.Lock()
	g.gen++
	g.mu.Unlock()
	g.cond.Broadcast()
}

// The same gate whose mark sets the flag: silent.
type markGate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	closed bool
}

func newMarkGate() *markGate {
	g := &markGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *markGate) WaitSynced() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.synced && !g.closed {
		g.cond.Wait()
	}
}

func (g *markGate) MarkSynced(v bool) {
	g.mu.Lock()
	g.synced = v
	g.mu.Unlock()
	g.cond.Broadcast()
}

// A queue whose only store empties it: its takers wait for ever.
type drainQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newDrainQueue() *drainQueue {
	q := &drainQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *drainQueue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait() // want `q.cond.Wait never returns: it waits while len\(q.items\) == 0`
	}
	x := q.items[0]
	q.items = q.items[:0]
	return x
}

func (q *drainQueue) Reset() {
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
	q.cond.Broadcast()
}
