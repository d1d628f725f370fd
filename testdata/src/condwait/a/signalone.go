package a

import "sync"

// A cache that serves reads once its first list is in. Run sets synced,
// which nothing sets back, and wakes one waiter: Get and Keys may both
// be waiting, and the one not woken sleeps for good.
type syncedCache struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	items  map[string]string
}

func newSyncedCache() *syncedCache {
	c := &syncedCache{items: map[string]string{}}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *syncedCache) Run(items map[string]string) {
	c.mu.Lock()
	for k, v := range items {
		c.items[k] = v
	}
	c.synced = true
	c.mu.Unlock()
	c.cond.Signal() // want `c.cond.Signal wakes one waiter, but c.synced, set at signalone.go:26, is never set back: the goroutines waiting while !c.synced \(signalone.go:32\) may all leave, and the ones not woken sleep for good; call c.cond.Broadcast`
}

func (c *syncedCache) waitSynced() {
	for !c.synced {
		c.cond.Wait()
	}
}

func (c *syncedCache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitSynced()
	return c.items[k]
}

func (c *syncedCache) Keys() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitSynced()
	return len(c.items)
}

// The same gate that broadcasts: not reported.
type broadcastGate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newBroadcastGate() *broadcastGate {
	g := &broadcastGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *broadcastGate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

func (g *broadcastGate) Wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

// A gate whose waiters pass the wake on: each signals the next as it
// leaves. Not reported.
type relayGate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newRelayGate() *relayGate {
	g := &relayGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *relayGate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Signal()
}

func (g *relayGate) Wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.cond.Signal()
	g.mu.Unlock()
}

// A hand-off whose taker clears the flag: one waiter is meant to leave
// per Signal. Not reported.
type handoffSlot struct {
	mu   sync.Mutex
	cond *sync.Cond
	full bool
	v    int
}

func newHandoffSlot() *handoffSlot {
	s := &handoffSlot{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *handoffSlot) Put(v int) {
	s.mu.Lock()
	s.v, s.full = v, true
	s.mu.Unlock()
	s.cond.Signal()
}

func (s *handoffSlot) Take() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.full {
		s.cond.Wait()
	}
	s.full = false
	return s.v
}
