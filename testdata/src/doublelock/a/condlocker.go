package a

import "sync"

// Registry waits for entries under its cond, whose L is the read side of
// c.mu: c.ready.L.Lock() read-locks c.mu. Find then resolves the entry
// through a chain of methods, the last of which read-locks c.mu itself.
type Registry struct {
	mu      sync.RWMutex
	ready   *sync.Cond
	entries map[string]string
	aliases map[string]string
}

func NewRegistry() *Registry {
	c := &Registry{entries: map[string]string{}, aliases: map[string]string{}}
	c.ready = sync.NewCond(c.mu.RLocker())
	return c
}

func (c *Registry) Find(name string) string {
	c.ready.L.Lock()
	defer c.ready.L.Unlock()
	for !c.has(name) {
		c.ready.Wait()
	}
	return c.resolve(name) // want `c.mu is read-locked by c.ready.L \(c.mu.RLocker\(\)\) at condlocker.go:22 and read-locked again at condlocker.go:27 by calling c.resolve, which calls c.alias at condlocker.go:\d+, which calls c.lookup at condlocker.go:\d+, which read-locks c.mu at condlocker.go:\d+; a recursive read lock deadlocks once a writer waits between the two`
}

func (c *Registry) has(name string) bool { _, ok := c.entries[name]; return ok }

func (c *Registry) resolve(name string) string { return c.alias(name) }

func (c *Registry) alias(name string) string {
	if a, ok := c.aliases[name]; ok {
		name = a
	}
	return c.lookup(name)
}

func (c *Registry) lookup(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries[name]
}

// Put takes the write lock directly, and wakes the waiters.
func (c *Registry) Put(name, v string) {
	c.mu.Lock()
	c.entries[name] = v
	c.mu.Unlock()
	c.ready.Broadcast()
}

// FindLocked is the fix: under the cond's lock, only the helpers that
// expect c.mu held.
func (c *Registry) FindLocked(name string) string {
	c.ready.L.Lock()
	defer c.ready.L.Unlock()
	for !c.has(name) {
		c.ready.Wait()
	}
	return c.entries[name]
}

// After unlocking the cond's lock, the chain may lock c.mu again.
func (c *Registry) FindThenResolve(name string) string {
	c.ready.L.Lock()
	for !c.has(name) {
		c.ready.Wait()
	}
	c.ready.L.Unlock()
	return c.resolve(name)
}

// Queue's cond is bound to a lock that its constructor and Reset choose
// differently: which lock q.cond.L is, is not proven.
type Queue struct {
	mu    sync.RWMutex
	other sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(q.mu.RLocker())
	return q
}

func (q *Queue) Reset() { q.cond = sync.NewCond(&q.other) }

func (q *Queue) Len() int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return len(q.items)
}

func (q *Queue) Wait() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	return q.Len()
}

// Gate's cond is bound to the write side (&g.mu): its L.Lock locks g.mu.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) isOpen() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}

func (g *Gate) Await() {
	g.cond.L.Lock()
	defer g.cond.L.Unlock()
	for !g.isOpen() { // want `g.mu is locked by g.cond.L \(&g.mu\) at condlocker.go:\d+ and locked again at condlocker.go:\d+ by calling g.isOpen, which locks g.mu at condlocker.go:\d+; sync.Mutex is not reentrant`
		g.cond.Wait()
	}
}

// Open locks through the cond and unlocks directly: the same lock.
func (g *Gate) Open() {
	g.cond.L.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
	_ = g.isOpen()
}

// Pipe's cond is an exported field: another package may assign it, so
// which lock Ready.L is, is not proven.
type Pipe struct {
	mu    sync.RWMutex
	Ready *sync.Cond
	n     int
}

func NewPipe() *Pipe {
	p := &Pipe{}
	p.Ready = sync.NewCond(p.mu.RLocker())
	return p
}

func (p *Pipe) size() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.n
}

func (p *Pipe) Wait() int {
	p.Ready.L.Lock()
	defer p.Ready.L.Unlock()
	return p.size()
}

// Tap's cond is set in a composite literal, where no path names the
// value: not proven either.
type Tap struct {
	mu   sync.RWMutex
	cond *sync.Cond
	n    int
}

func NewTap(l sync.Locker) *Tap { return &Tap{cond: sync.NewCond(l)} }

func (t *Tap) Bind() { t.cond = sync.NewCond(t.mu.RLocker()) }

func (t *Tap) size() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.n
}

func (t *Tap) Wait() int {
	t.cond.L.Lock()
	defer t.cond.L.Unlock()
	return t.size()
}
