// want package:`lock order \(readers.membership\).mu -> \(readers.balancer\).mu, \(readers.balancer\).mu -> \(readers.membership\).mu, \(readers.registry\).mu -> \(readers.stats\).mu, \(readers.stats\).mu -> \(readers.registry\).mu, \(readers.catalog\).mu -> \(readers.indexer\).mu, \(readers.indexer\).mu -> \(readers.catalog\).mu`
// Package readers: a cycle through a lock that both of its sides only
// read-lock deadlocks once a writer queues between them.
package readers

import "sync"

// A membership table read-locks its lock and asks the balancer for each
// member's weight; the balancer's refresh holds its own lock and reads
// the members. Readers do not exclude each other, but Join write-locks
// the table: once it waits behind weights' read lock, refresh's read
// lock waits behind it, and the three wait for each other.
type membership struct {
	mu      sync.RWMutex
	members []string
	lb      *balancer
}

type balancer struct {
	mu      sync.Mutex
	weights map[string]int
	view    []string
	table   *membership
}

func (m *membership) weights() map[string]int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string]int, len(m.members))
	for _, name := range m.members {
		out[name] = m.lb.weight(name) // want `lock order inversion: \(\*readers.membership\).weights takes \(readers.membership\).mu then \(readers.balancer\).mu .*; \(\*readers.membership\).Join write-locks m.mu at readers.go:\d+: a writer that waits for the first read lock makes the second wait for it`
	}
	return out
}

func (m *membership) Join(name string) {
	m.mu.Lock()
	m.members = append(m.members, name)
	m.mu.Unlock()
}

func (m *membership) list() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]string(nil), m.members...)
}

func (b *balancer) weight(name string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.weights[name]
}

func (b *balancer) refresh() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.view = b.table.list()
}

// The same pair of orders on a registry nothing write-locks once it is
// built: readers never wait for each other, so the orders cannot
// deadlock. Not reported.
type registry struct {
	mu    sync.RWMutex
	kinds map[string]int
	st    *stats
}

type stats struct {
	mu   sync.Mutex
	hits map[string]int
	reg  *registry
}

func newRegistry(kinds map[string]int) *registry {
	r := &registry{kinds: kinds}
	r.st = &stats{hits: map[string]int{}, reg: r}
	return r
}

func (r *registry) lookup(kind string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.st.hit(kind)
	return r.kinds[kind]
}

func (r *registry) size() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.kinds)
}

func (s *stats) hit(kind string) {
	s.mu.Lock()
	s.hits[kind]++
	s.mu.Unlock()
}

func (s *stats) report() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits), s.reg.size()
}

// The same pair of orders with the second read lock two calls down
// (view calls names, which read-locks the catalog): a writer exists, but
// the three goroutines must meet along a longer chain. Not reported.
type catalog struct {
	mu    sync.RWMutex
	names []string
	ix    *indexer
}

type indexer struct {
	mu  sync.Mutex
	cat *catalog
	top []string
}

func (c *catalog) Add(name string) {
	c.mu.Lock()
	c.names = append(c.names, name)
	c.mu.Unlock()
}

func (c *catalog) reindex() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.ix.touch()
}

func (c *catalog) list() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]string(nil), c.names...)
}

func (x *indexer) touch() {
	x.mu.Lock()
	x.top = x.top[:0]
	x.mu.Unlock()
}

func (x *indexer) view() []string { return x.cat.list() }

func (x *indexer) rebuild() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.top = x.snapshot()
}

func (x *indexer) snapshot() []string { return x.view() }
