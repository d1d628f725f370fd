package maywait

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
)

// A method called on an object its caller has just allocated, before
// the object is stored, passed or captured anywhere (a constructor's
// f := &feed{...}; f.subscribe()), takes that object's own locks: no
// other goroutine can hold them, or wait holding them, since none can
// reach the object yet. Those takes do not make the caller a peer that
// needs the lock.

// unpublished reports whether c is a method call whose receiver is an
// object allocated in c's function that nothing but field stores and
// loads use before c: every other use comes after c (later in its
// block, or in a block c's block dominates).
func (p *peers) unpublished(c ssa.CallInstruction) bool {
	common := c.Common()
	if common.IsInvoke() || common.Signature().Recv() == nil || len(common.Args) == 0 {
		return false
	}
	alloc, ok := common.Args[0].(*ssa.Alloc)
	if !ok || alloc.Parent() != c.Parent() {
		return false
	}
	for _, u := range *alloc.Referrers() {
		if u == c {
			continue
		}
		if fa, ok := u.(*ssa.FieldAddr); ok && fieldInitOnly(fa) {
			continue
		}
		if !after(c, u) {
			return false
		}
	}
	return true
}

// fieldInitOnly reports whether a field's address is only stored to or
// loaded from, not passed on.
func fieldInitOnly(fa *ssa.FieldAddr) bool {
	for _, u := range *fa.Referrers() {
		switch u := u.(type) {
		case *ssa.Store:
			if u.Addr != fa {
				return false
			}
		case *ssa.UnOp:
		default:
			return false
		}
	}
	return true
}

// after reports whether u runs only after c: later in c's block, or in
// a block that c's block strictly dominates.
func after(c ssa.CallInstruction, u ssa.Instruction) bool {
	cb, ub := c.Block(), u.Block()
	if cb == ub {
		return slices.Index(cb.Instrs, ssa.Instruction(c)) < slices.Index(ub.Instrs, u)
	}
	return cb.Dominates(ub)
}

// lessRecvOwn drops from ts, the locks a call of g may take, the
// classes g takes only by its own lock calls on its receiver's fields:
// those a call on an unpublished object takes on that object.
func (p *peers) lessRecvOwn(g *ssa.Function, ts []lockTake) []lockTake {
	own := p.recvOwn(g)
	if len(own) == 0 {
		return ts
	}
	return slices.DeleteFunc(slices.Clone(ts), func(t lockTake) bool { return slices.Contains(own, t) })
}

// recvOwn returns the locks g takes by its own lock calls, each on a
// field of its receiver, and takes in no other way (not through the
// functions it calls).
func (p *peers) recvOwn(g *ssa.Function) []lockTake {
	if len(g.Params) == 0 || g.Signature.Recv() == nil {
		return nil
	}
	own, direct := p.recvLockCalls(g)
	var other takeSet
	other.add(direct...)
	for _, b := range g.Blocks {
		for _, x := range b.Instrs {
			if c, ok := x.(ssa.CallInstruction); ok {
				if _, isLock := p.lockOf(c); !isLock {
					other.add(p.instrTakes(x, nil, true)...)
				}
			}
		}
	}
	return slices.DeleteFunc(slices.Clone(own), func(t lockTake) bool { return slices.Contains(other.list, t) })
}

// madeInField returns the channel ld loads, when ld loads a field of an
// object allocated in the same function (t := &tail{out: make(chan
// int)}; ...; close(t.out)) that the function stores only one value in,
// and that no goroutine can reach before instr: every use of the object
// other than its fields' stores and loads comes after instr, or on
// paths that do not lead to it. Else nil.
func madeInField(ld *ssa.UnOp, instr ssa.Instruction) ssa.Value {
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	alloc, ok := fa.X.(*ssa.Alloc)
	if !ok || alloc.Parent() != instr.Parent() {
		return nil
	}
	var stored ssa.Value
	for _, u := range *alloc.Referrers() {
		if f, ok := u.(*ssa.FieldAddr); ok && fieldInitOnly(f) {
			if f.Field != fa.Field {
				continue
			}
			for _, fu := range *f.Referrers() {
				if st, ok := fu.(*ssa.Store); ok {
					if stored != nil {
						return nil
					}
					stored = st.Val
				}
			}
			continue
		}
		if reachesFrom(u, instr) {
			return nil
		}
	}
	return stored
}

// reachesFrom reports whether instr may run after u in their function.
func reachesFrom(u, instr ssa.Instruction) bool {
	ub, ib := u.Block(), instr.Block()
	if ub == ib && slices.Index(ub.Instrs, u) < slices.Index(ib.Instrs, instr) {
		return true
	}
	return chanflow.Reaches(ub, ib)
}
