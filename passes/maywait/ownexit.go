package maywait

import (
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
