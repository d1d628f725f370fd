package maywait

import (
	"go/ast"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// uncounted leaves out of ts, the locks the goroutine of the Done d may
// take before it, those it takes only before its Add: a goroutine
// counts in a Wait from the Add that counts it, and what it did before
// is behind it. The proof asks, of every function that calls d's
// function and takes the lock before the call (or is called by one
// that does), for an Add of the same
// group made with that lock held, and for no take of it again between
// that Add and the call: a cache's evict that counts the file it closes
// under the cache's lock, lets the lock go, and closes it, while Close
// waits with the lock held. d's own function must not take the lock
// before d (nor defer a call that does).
func (p *peers) uncounted(group string, d ssa.CallInstruction, ts []lockTake, waiter *ssa.Function) []lockTake {
	if len(ts) == 0 {
		return ts
	}
	var out []lockTake
	for _, t := range ts {
		if !p.behindAdd(group, d, t, waiter) {
			out = append(out, t)
		}
	}
	return out
}

func (p *peers) behindAdd(group string, d ssa.CallInstruction, t lockTake, waiter *ssa.Function) bool {
	if _, deferred := d.(*ssa.Defer); deferred {
		return false
	}
	fn := d.Parent()
	if hasClass(p.takenBefore(d, waiter), t) {
		return false
	}
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			if df, ok := x.(*ssa.Defer); ok && hasClass(p.instrTakes(df, waiter, true), t) {
				return false
			}
		}
	}
	callers := p.callers[fn]
	if len(callers) == 0 {
		return false
	}
	for _, c := range callers {
		f := c.Parent()
		if !hasClass(p.takenBefore(c, waiter), t) && !hasClass(p.callerTakes(f, waiter), t) {
			continue
		}
		add := p.addUnder(group, f, t.class)
		if add == nil || p.takesAfter(add, c, t, waiter) {
			return false
		}
	}
	return true
}

// addUnder returns an Add of the group of class group in f made with a
// lock of class lock held, or nil.
func (p *peers) addUnder(group string, f *ssa.Function, lock string) ssa.CallInstruction {
	for _, b := range f.Blocks {
		for _, x := range b.Instrs {
			c, ok := x.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isCall := c.(*ssa.Call); !isCall {
				continue
			}
			e, ok := p.m.Lookup(calleeObj(c.Common()))
			if !ok || !e.Is(model.Counts) || p.recvClass(c.Common()) != group {
				continue
			}
			call := refs.SyntaxAt[*ast.CallExpr](f, c.Common().Pos())
			if call == nil {
				continue
			}
			if slices.ContainsFunc(p.locks.HeldAt(call), func(l lockset.Lock) bool { return l.Order == lock }) {
				return c
			}
		}
	}
	return nil
}

// takesAfter reports whether a lock of t's class may be taken on a path
// from add to c.
func (p *peers) takesAfter(add, c ssa.CallInstruction, t lockTake, waiter *ssa.Function) bool {
	from, to := add.Block(), c.Block()
	scan := func(instrs []ssa.Instruction) bool {
		for _, x := range instrs {
			if x == ssa.Instruction(c) {
				return false
			}
			if hasClass(p.instrTakes(x, waiter, false), t) {
				return true
			}
		}
		return false
	}
	i := slices.Index(from.Instrs, ssa.Instruction(add))
	if from == to && slices.Index(to.Instrs, ssa.Instruction(c)) > i {
		return scan(from.Instrs[i+1:])
	}
	if scan(from.Instrs[i+1:]) {
		return true
	}
	stop := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		if b == to {
			return nil
		}
		return b.Succs
	}
	for _, s := range from.Succs {
		for b := range blocks.Reachable(s, stop) {
			if scan(b.Instrs) {
				return true
			}
		}
	}
	return false
}

func hasClass(ts []lockTake, t lockTake) bool {
	return slices.ContainsFunc(ts, func(u lockTake) bool { return u.class == t.class })
}
