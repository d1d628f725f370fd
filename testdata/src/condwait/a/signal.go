package a

import (
	"sync"
	"time"
)

type gate struct {
	mu   sync.Mutex
	open bool
	cond *sync.Cond
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// WRONG: nobody ever signals g.cond.
func (g *gate) pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait() // want `g.cond.Wait never returns: nothing signals or broadcasts cond`
	}
}

func (g *gate) openIt() {
	g.mu.Lock()
	g.open = true // forgot g.cond.Broadcast()
	g.mu.Unlock()
}

type door struct {
	mu   sync.Mutex
	open bool
	cond *sync.Cond
}

func newDoor() *door {
	d := &door{}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// RIGHT: signalled by another function of the package.
func (d *door) pass() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for !d.open {
		d.cond.Wait()
	}
}

func (d *door) openIt() {
	d.mu.Lock()
	d.open = true
	d.mu.Unlock()
	d.cond.Broadcast()
}

type timed struct {
	mu   sync.Mutex
	done bool
	cond *sync.Cond
}

// RIGHT: broadcast through a method value the package hands out.
func newTimed() *timed {
	t := &timed{}
	t.cond = sync.NewCond(&t.mu)
	time.AfterFunc(time.Second, t.cond.Broadcast)
	return t
}

func (t *timed) finish() {
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
	t.cond.Broadcast()
}

func (t *timed) wait() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for !t.done {
		t.cond.Wait()
	}
}

// Exported: another package may signal it.
type Shared struct {
	Mu   sync.Mutex
	Cond *sync.Cond
	ok   bool
}

func (s *Shared) set() {
	s.Mu.Lock()
	s.ok = true
	s.Mu.Unlock()
}

func (s *Shared) Wait() {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	for !s.ok {
		s.Cond.Wait()
	}
}

type handed struct {
	mu   sync.Mutex
	cond *sync.Cond
	ok   bool
}

// The Cond leaves: passed to a function.
func newHanded() *handed {
	h := &handed{}
	h.cond = sync.NewCond(&h.mu)
	register(h.cond)
	return h
}

func register(*sync.Cond) {}

func (h *handed) set() {
	h.mu.Lock()
	h.ok = true
	h.mu.Unlock()
}

func (h *handed) wait() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for !h.ok {
		h.cond.Wait()
	}
}

// WRONG: a local Cond nobody signals.
func localNever() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	mu.Lock()
	for !ready {
		c.Wait() // want `c.Wait never returns: nothing signals or broadcasts c`
	}
	mu.Unlock()
}

// A generic type: the field is the same for every instance.
type gbox[T any] struct {
	mu   sync.Mutex
	cond *sync.Cond
	v    []T
}

func newGbox[T any]() *gbox[T] {
	b := &gbox[T]{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *gbox[T]) get() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.v) == 0 {
		b.cond.Wait()
	}
	return b.v[0]
}

func (b *gbox[T]) put(x T) {
	b.mu.Lock()
	b.v = append(b.v, x)
	b.mu.Unlock()
	b.cond.Signal()
}

// Silent: the Cond is a parameter.
func waitOn(c *sync.Cond, ok *bool) {
	c.L.Lock()
	for !*ok {
		c.Wait()
	}
	c.L.Unlock()
}
