package counters

import "sync/atomic"

// A gate whose phase lives behind a pointer its owner shares: the
// methods swap the phase atomically through the pointer, and read the
// pointer itself, which nobody writes after construction. Silent.
type phase int32

type Gate struct {
	phase  *phase
	opened bool
}

func NewGate(p *phase) *Gate { return &Gate{phase: p} }

func (g *Gate) Open() bool {
	if !g.opened {
		if !atomic.CompareAndSwapInt32((*int32)(g.phase), 0, 1) {
			return false
		}
		g.opened = true
	}
	return true
}

func (g *Gate) Close() bool {
	return atomic.CompareAndSwapInt32((*int32)(g.phase), 1, 2)
}
