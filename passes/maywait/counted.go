package maywait

import (
	"go/ast"
	"go/constant"
	"go/token"
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
// before d (nor defer a call that does). Or d's own function makes such
// an Add before d, and takes the lock no more after it (a request that
// counts itself under the lock its Shutdown waits with, and defers its
// Done).
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
	fn := d.Parent()
	_, deferred := d.(*ssa.Defer)
	// The Add in d's own function, under the lock, before d (Lock; Add;
	// Unlock; defer Done(), which serializes Add with a Wait under the
	// same lock): what comes after it is what counts.
	if add := p.addIn(group, fn, t.class); add != nil && after(add, d) {
		var since []lockTake
		if deferred {
			since = p.takenSince(add, nil, waiter)
		} else {
			since = p.takenSince(add, d, waiter)
		}
		if !hasClass(since, t) {
			return true
		}
	}
	if deferred {
		return false
	}
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
		add := p.addIn(group, f, t.class)
		if add == nil || p.takesAfter(add, c, t, waiter) {
			return false
		}
	}
	return true
}

// addIn returns an Add of the group of class group in f, or nil: a
// WaitGroup's Add made with a lock of class lock held, or an increment
// of an atomic counter of that class (connCount.Add(1)), for a close
// gated by its decrement (countedClose). The counter's Add need not be
// under the lock: a goroutine that takes no lock after it is counted
// cannot hold up a wait for the count to drop.
func (p *peers) addIn(group string, f *ssa.Function, lock string) ssa.CallInstruction {
	for _, b := range f.Blocks {
		for _, x := range b.Instrs {
			c, ok := x.(*ssa.Call)
			if !ok {
				continue
			}
			if p.counterStep(c.Common(), group) > 0 {
				return c
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

// counterStep returns the constant a call adds to an atomic counter of
// class group (the Add method of sync/atomic's Int32, Int64, Uint32 or
// Uint64), or 0.
func (p *peers) counterStep(common *ssa.CallCommon, group string) int64 {
	obj := calleeObj(common)
	if obj == nil || obj.Name() != "Add" || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" || len(common.Args) != 2 {
		return 0
	}
	if group != "" && p.recvClass(common) != group {
		return 0
	}
	k, ok := common.Args[1].(*ssa.Const)
	if !ok || k.Value == nil {
		return 0
	}
	n, _ := constant.Int64Val(constant.ToInt(k.Value))
	return n
}

// countedClose returns the class of the atomic counter whose decrement
// to zero gates a close (if s.connCount.Add(-1) == 0 { close(done) }):
// the close ends a wait for every counted goroutine to finish, as a
// WaitGroup's Done does. "" if there is none.
func (p *peers) countedClose(op *ssa.BasicBlock) string {
	for b := op; b != nil; b = b.Idom() {
		pred := b.Idom()
		if pred == nil {
			break
		}
		ifi, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
		if !ok || pred.Succs[0] != b && !pred.Succs[0].Dominates(op) {
			continue
		}
		if cls := p.zeroAfterDecrement(ifi.Cond); cls != "" {
			return cls
		}
	}
	return ""
}

// zeroAfterDecrement returns the counter's class when cond is
// x.Add(-k) == 0 (possibly the first operand of an &&), or "".
func (p *peers) zeroAfterDecrement(cond ssa.Value) string {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL {
		return ""
	}
	call, ok := bin.X.(*ssa.Call)
	if k, isConst := bin.Y.(*ssa.Const); !ok || !isConst || k.Value == nil || k.Value.String() != "0" {
		return ""
	}
	cls := p.recvClass(call.Common())
	if cls == "" || p.counterStep(call.Common(), cls) >= 0 {
		return ""
	}
	return cls
}

// takesAfter reports whether a lock of t's class may be taken on a path
// from add to c; for a deferred c, which runs on the way out, on a path
// from add to a return.
func (p *peers) takesAfter(add, c ssa.CallInstruction, t lockTake, waiter *ssa.Function) bool {
	from, to := add.Block(), c.Block()
	_, deferred := c.(*ssa.Defer)
	if deferred {
		to = nil // and the other deferred calls run on the way out too
	}
	scan := func(instrs []ssa.Instruction) bool {
		for _, x := range instrs {
			if x == ssa.Instruction(c) {
				if deferred {
					continue
				}
				return false
			}
			if hasClass(p.instrTakes(x, waiter, deferred), t) {
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
