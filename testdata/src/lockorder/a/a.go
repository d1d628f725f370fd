// want package:`lock order \(a.Account\).mu -> \(a.Ledger\).mu, \(a.Ledger\).mu -> \(a.Account\).mu, a.configMu -> a.statsMu, a.statsMu -> a.configMu, \(a.Conn\).mu -> \(a.Server\).mu, \(a.Server\).mu -> \(a.Conn\).mu, \(a.Tree\).mu -> \(a.Node\).mu, \(a.Pair\).gate -> \(a.Pair\).x, \(a.Pair\).gate -> \(a.Pair\).y, \(a.Pair\).x -> \(a.Pair\).y, \(a.Pair\).y -> \(a.Pair\).x, \(a.Index\).rw -> \(a.Index\).mu, \(a.Index\).mu -> \(a.Index\).rw, \(a.stream\).mu -> \(a.batching\).mu`

// Package a holds lock-order inversions and the look-alikes that must
// stay silent.
package a

import "sync"

type Account struct {
	mu  sync.Mutex
	bal int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (l *Ledger) Record(n int) {
	l.mu.Lock()
	l.entries = append(l.entries, n)
	l.mu.Unlock()
}

// Deposit: Account.mu, then Ledger.mu through a call.
func (a *Account) Deposit(l *Ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bal += n
	l.Record(n) // want `lock order inversion: \(\*a.Account\).Deposit takes \(a.Account\).mu then \(a.Ledger\).mu \(a.mu locked at a.go:27, then l.mu at a.go:30 by calling l.Record, which locks l.mu at a.go:20\), but \(\*a.Ledger\).Audit takes \(a.Ledger\).mu then \(a.Account\).mu \(l.mu locked at a.go:35, then a.mu at a.go:37\): goroutines taking them in these orders deadlock`
}

// Audit: Ledger.mu, then Account.mu.
func (l *Ledger) Audit(a *Account) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.bal + len(l.entries)
}

// Package variables.
var (
	configMu sync.Mutex
	statsMu  sync.RWMutex
)

func ReadConfig() {
	configMu.Lock()
	statsMu.Lock() // want `lock order inversion: a.ReadConfig takes a.configMu then a.statsMu`
	statsMu.Unlock()
	configMu.Unlock()
}

func flushStats() {
	statsMu.Lock()
	defer statsMu.Unlock()
	configMu.Lock()
	configMu.Unlock()
}

// A callee that unlocks and relocks the caller's lock while another is
// held: Conn.mu then Server.mu in Serve, and, through reconnect,
// Server.mu then Conn.mu again.
type Server struct{ mu sync.Mutex }

type Conn struct {
	mu  sync.Mutex
	srv *Server
}

func (c *Conn) reconnect() {
	c.mu.Unlock()
	c.mu.Lock()
}

func (c *Conn) Serve() {
	c.mu.Lock()
	c.srv.mu.Lock() // want `lock order inversion: \(\*a.Conn\).Serve takes \(a.Conn\).mu then \(a.Server\).mu \(c.mu locked at a.go:78, then c.srv.mu at a.go:79\), but \(\*a.Conn\).Serve takes \(a.Server\).mu then \(a.Conn\).mu \(c.srv.mu locked at a.go:79, then c.mu at a.go:80 by calling c.reconnect, which locks c.mu at a.go:74\)`
	c.reconnect()
	c.srv.mu.Unlock()
	c.mu.Unlock()
}

// ---- Silent look-alikes ----

// A hierarchy always taken in the same order: Tree.mu, then Node.mu.
type Tree struct {
	mu    sync.Mutex
	nodes []*Node
}

type Node struct {
	mu  sync.Mutex
	val int
}

func (n *Node) Set(v int) {
	n.mu.Lock()
	n.val = v
	n.mu.Unlock()
}

func (t *Tree) SetAll(v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, n := range t.nodes {
		n.Set(v)
	}
}

func (t *Tree) First() int {
	t.mu.Lock()
	n := t.nodes[0]
	n.mu.Lock()
	v := n.val
	n.mu.Unlock()
	t.mu.Unlock()
	return v
}

// Unlock, then take the other: never both held.
func (n *Node) CopyTo(t *Tree) {
	n.mu.Lock()
	v := n.val
	n.mu.Unlock()
	t.mu.Lock()
	t.nodes[0].val = v
	t.mu.Unlock()
}

// Same class, different instances.
func Transfer(from, to *Account, n int) {
	from.mu.Lock()
	to.mu.Lock()
	from.bal -= n
	to.bal += n
	to.mu.Unlock()
	from.mu.Unlock()
}

// TryLock in the other order never waits.
func (t *Tree) TryFirst(n *Node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t.mu.TryLock() {
		t.mu.Unlock()
	}
}

// Opposite orders under a common gate lock.
type Pair struct {
	gate sync.Mutex
	x, y sync.Mutex
}

func (p *Pair) XY() {
	p.gate.Lock()
	p.x.Lock()
	p.y.Lock()
	p.y.Unlock()
	p.x.Unlock()
	p.gate.Unlock()
}

func (p *Pair) YX() {
	p.gate.Lock()
	p.y.Lock()
	p.x.Lock()
	p.x.Unlock()
	p.y.Unlock()
	p.gate.Unlock()
}

// Read locks on both sides of one lock.
type Index struct {
	rw sync.RWMutex
	mu sync.Mutex
}

func (ix *Index) A() {
	ix.rw.RLock()
	ix.mu.Lock()
	ix.mu.Unlock()
	ix.rw.RUnlock()
}

func (ix *Index) B() {
	ix.mu.Lock()
	ix.rw.RLock()
	ix.rw.RUnlock()
	ix.mu.Unlock()
}

// A goroutine takes the other lock: not while this one holds it.
func (t *Tree) Async(n *Node) {
	n.mu.Lock()
	go func() {
		t.mu.Lock()
		t.mu.Unlock()
	}()
	n.mu.Unlock()
}
