package maywait

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// ownExit reports whether peer, the function of a wait's counterpart, is
// a literal that a run loop defers (go a.readLoop(), whose deferred
// func closes a.readLoopCloseCh), and the waiting function runs only
// inside that run loop: every function that may call waiter, up to the
// run loop, is unexported and called only by the others (reaches gives
// all their callers; none is a root of its own). The deferred
// counterpart then runs on the waiter's own goroutine, after the wait
// returns: it cannot end it, and the lock it takes holds nothing up. (A
// run loop is started once per object; the same loop of another object
// closes that object's channel.)
func (p *peers) ownExit(peer, waiter *ssa.Function) bool {
	loop := peer.Parent()
	if loop == nil || !p.started(loop) || p.started(peer) {
		return false
	}
	for _, c := range p.callers[peer] {
		if _, ok := c.(*ssa.Defer); !ok || c.Parent() != loop {
			return false
		}
	}
	if len(p.callers[peer]) == 0 {
		return false
	}
	up := p.reaches(waiter)
	if !up[loop] {
		return false
	}
	fset := waiter.Prog.Fset
	for g := range up {
		if g == loop || strings.HasSuffix(fset.Position(g.Pos()).Filename, "_test.go") {
			continue // a test calling into the loop's code has no loop running
		}
		if p.started(g) || g.Parent() != nil || g.Object() == nil || g.Object().Exported() || len(p.callers[g]) == 0 {
			return false
		}
	}
	return true
}

// behindWait reports whether peer, a counterpart of wait, gets to its
// side only through a call that runs the waiting function to its end on
// every path, and that function waits on every path (Close locks mu,
// calls Flush, which waits, and then closes the channel): the peer has
// to get past the same wait first, so it does not end it. The wait's
// other peers still count.
func (p *peers) behindWait(peer, wait ssa.Instruction) bool {
	waiter := wait.Parent()
	if !mustPass(wait) {
		return false
	}
	for _, b := range peer.Parent().Blocks {
		if !b.Dominates(peer.Block()) {
			continue
		}
		for _, x := range b.Instrs {
			if x == peer {
				break
			}
			if c, ok := x.(*ssa.Call); ok {
				if g := c.Call.StaticCallee(); g != nil && p.mustRun(g, waiter, 3) {
					return true
				}
			}
		}
	}
	return false
}

// mustPass reports whether every return of its function comes after
// instr.
func mustPass(instr ssa.Instruction) bool {
	any := false
	for _, b := range instr.Parent().Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if !instr.Block().Dominates(b) {
				return false
			}
			any = true
		}
	}
	return any
}

// mustRun reports whether every return of fn comes after a run of
// waiter: fn is waiter, or calls, in a block that dominates each of its
// returns, a function that must run it (up to depth calls down).
func (p *peers) mustRun(fn, waiter *ssa.Function, depth int) bool {
	if fn == waiter {
		return true
	}
	if depth == 0 || len(fn.Blocks) == 0 {
		return false
	}
	k := runKey{fn, waiter, depth}
	if r, ok := p.mustRunMemo[k]; ok {
		return r
	}
	r := p.mustRun0(fn, waiter, depth)
	p.mustRunMemo[k] = r
	return r
}

// runKey keys mustRun's memo.
type runKey struct {
	fn, waiter *ssa.Function
	depth      int
}

func (p *peers) mustRun0(fn, waiter *ssa.Function, depth int) bool {
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, b)
		}
	}
	for _, b := range fn.Blocks {
		if len(rets) > 0 && !slices.ContainsFunc(rets, func(r *ssa.BasicBlock) bool { return !b.Dominates(r) }) {
			for _, x := range b.Instrs {
				if c, ok := x.(*ssa.Call); ok {
					if g := c.Call.StaticCallee(); g != nil && g != fn && p.mustRun(g, waiter, depth-1) {
						return true
					}
				}
			}
		}
	}
	return false
}
