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

// A descriptor its users initialize before they share it: Init's plain
// writes come before any SetBlocking, which may run concurrently with
// others and stores atomically. Silent.
type Desc struct {
	fd       int
	blocking uint32
	file     bool
}

func (d *Desc) Init(kind string, pollable bool) {
	if kind == "file" {
		d.file = true
	}
	if !pollable {
		d.blocking = 1
	}
}

func (d *Desc) SetBlocking() {
	atomic.StoreUint32(&d.blocking, 1)
}

// WRONG: a later method reads the flag plainly while SetBlocking may
// store it.
func (d *Desc) Blocking() bool {
	return d.blocking == 1 // want `d.blocking is read here without sync/atomic, by the caller of Blocking, but accessed atomically at pointee.go:\d+ by the caller of SetBlocking`
}
