package condwait

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
)

// checkSignalOne reports a Signal that follows a one-time change: a flag
// the wait loop tests set to the value that ends the loop, which nothing
// in the package sets back. Signal wakes one waiter; the change lets all
// of them leave, and the others sleep until a wake that never comes
// (Broadcast wakes them all). Only where more than one goroutine can
// wait (the waiting function is exported, or called from two places),
// and no waiter passes the wake on (Signal or Broadcast in a function
// that waits).
func (c *checker) checkSignalOne(waits []wait, signals []*ast.CallExpr) {
	reported := make(map[*ast.CallExpr]bool)
	for _, w := range waits {
		cv := c.ownFieldCond(w)
		if cv == nil || !c.manyWaiters(w) || c.passesOn(waits, signals, cv) {
			continue
		}
		for _, t := range c.triggers(w, cv) {
			if t.append || t.field.Exported() || c.mayFire(trigger{field: t.field, set: !t.set, wait: w, cv: cv}) {
				continue // not a bool flag, or one set back somewhere
			}
			for _, fn := range c.ix.Funcs {
				if fn != w.fn {
					c.signalsOnce(fn, t, signals, reported)
				}
			}
		}
	}
}

// signalsOnce reports the Signal of t's Cond that follows, in fn, a
// change that fires t, when fn does not Broadcast it.
func (c *checker) signalsOnce(fn *funcs.Func, t trigger, signals []*ast.CallExpr, reported map[*ast.CallExpr]bool) {
	info := c.pass.TypesInfo
	set := c.firstFire(fn, t)
	if set == nil {
		return
	}
	var signal *ast.CallExpr
	for _, s := range signals {
		if s.Pos() < set.End() || s.End() > fn.Body.End() || s.Pos() < fn.Body.Pos() || condVar(info, s) != t.cv || inLit(fn, s) {
			continue
		}
		if wakeName(s) == "Broadcast" {
			return
		}
		if signal == nil {
			signal = s
		}
	}
	if signal == nil || reported[signal] {
		return
	}
	reported[signal] = true
	cond := recvText(signal)
	c.pass.Reportf(signal.Lparen,
		"%s.Signal wakes one waiter, but %s, set at %s, is never set back: the goroutines waiting while %s (%s) may all leave, and the ones not woken sleep for good; call %s.Broadcast",
		cond, types.ExprString(set), c.pos(set.Pos()), t.cond, c.pos(enclosingFor(t.wait.fn.Body, t.wait.call).Cond.Pos()), cond)
}

// wakeName returns "Signal" or "Broadcast" for a Cond wake call.
func wakeName(call *ast.CallExpr) string {
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// manyWaiters reports whether more than one goroutine may wait at w on
// one object: the Cond is reached from a receiver, a parameter or a
// package variable (not from an object the function makes, which only
// it waits on), and the function is exported or called from two places
// of the package.
func (c *checker) manyWaiters(w wait) bool {
	fn := w.fn
	sel, ok := astutil.Unparen(w.call.Fun).(*ast.SelectorExpr)
	if fn.Obj == nil || !ok || !c.sharedRoot(fn, sel.X) {
		return false
	}
	if fn.Obj.Exported() {
		return true
	}
	calls := 0
	for _, g := range c.ix.Funcs {
		ast.Inspect(g.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if callee, _ := c.ix.Callee(call); callee == fn {
					calls++
				}
			}
			return calls < 2
		})
	}
	return calls >= 2
}

// passesOn reports whether a function that waits on cv also signals or
// broadcasts it (a waiter that wakes the next as it leaves).
func (c *checker) passesOn(waits []wait, signals []*ast.CallExpr, cv *types.Var) bool {
	info := c.pass.TypesInfo
	for _, w := range waits {
		if condVar(info, w.call) != cv {
			continue
		}
		for _, s := range signals {
			if condVar(info, s) == cv && s.Pos() >= w.fn.Body.Pos() && s.End() <= w.fn.Body.End() {
				return true
			}
		}
	}
	return false
}

// checkEdgeSignal reports a Signal made only when the change it follows
// found the waiters' state empty (q.items = append(q.items, x); if
// len(q.items) == 1 { q.cond.Signal() }): with several goroutines
// waiting, a second append before the first waiter has taken its item
// wakes nobody, and a waiter sleeps with an item queued. Reported where
// several goroutines can wait on one object (see manyWaiters).
func (c *checker) checkEdgeSignal(waits []wait, signals []*ast.CallExpr) {
	reported := make(map[*ast.CallExpr]bool)
	for _, w := range waits {
		cv := c.ownFieldCond(w)
		if cv == nil || !c.manyWaiters(w) {
			continue
		}
		for _, t := range c.triggers(w, cv) {
			if !t.append {
				continue
			}
			for _, fn := range c.ix.Funcs {
				if fn != w.fn {
					c.edgeSignalIn(fn, t, signals, reported)
				}
			}
		}
	}
}

// edgeSignalIn reports, in fn, the Signal of t's Cond under an if that
// tests the length of the slice fn has just appended to, when fn has no
// wake of it outside such an if.
func (c *checker) edgeSignalIn(fn *funcs.Func, t trigger, signals []*ast.CallExpr, reported map[*ast.CallExpr]bool) {
	info := c.pass.TypesInfo
	set := c.firstFire(fn, t)
	if set == nil {
		return
	}
	var guarded []*ast.CallExpr
	var guards []*ast.IfStmt
	plain := false
	var stack []ast.Node
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		stack = append(stack, n)
		if n, ok := n.(*ast.CallExpr); ok {
			if n.Pos() < set.End() || !slices.Contains(signals, n) || condVar(info, n) != t.cv {
				return true
			}
			if g := c.lenGuard(stack, t.field); g != nil && wakeName(n) == "Signal" {
				guarded, guards = append(guarded, n), append(guards, g)
			} else {
				plain = true
			}
		}
		return true
	})
	if plain || len(guarded) == 0 || reported[guarded[0]] {
		return
	}
	reported[guarded[0]] = true
	cond := recvText(guarded[0])
	c.pass.Reportf(guarded[0].Lparen,
		"%s.Signal is made only when %s (%s), after %s is appended to at %s: with several goroutines waiting while %s, a second append before the first waiter takes its item wakes nobody, and a waiter sleeps with an item queued; signal after every append",
		cond, types.ExprString(guards[0].Cond), c.pos(guards[0].If), types.ExprString(set), c.pos(set.Pos()), t.cond)
}

// lenGuard returns the innermost if of stack, around its last node in
// the if's body, whose condition reads len of field f, or nil.
func (c *checker) lenGuard(stack []ast.Node, f *types.Var) *ast.IfStmt {
	for i := len(stack) - 2; i >= 0; i-- {
		ifs, ok := stack[i].(*ast.IfStmt)
		if !ok || stack[len(stack)-1].Pos() < ifs.Body.Pos() {
			continue
		}
		found := false
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && c.isBuiltin(call.Fun, "len") && len(call.Args) == 1 && c.fieldOf(call.Args[0]) == f {
				found = true
			}
			return !found
		})
		if found {
			return ifs
		}
	}
	return nil
}

// firstFire returns the left side of fn's first assignment that makes
// t's change (see fires), or nil.
func (c *checker) firstFire(fn *funcs.Func, t trigger) ast.Expr {
	var set ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, lhs := range as.Lhs {
				if set == nil && c.fires(fn, t, lhs, as.Rhs[i]) {
					set = lhs
				}
			}
		}
		return set == nil
	})
	return set
}

// ownFieldCond returns the Cond field of this package that w waits on,
// or nil (a local Cond, or one of another package).
func (c *checker) ownFieldCond(w wait) *types.Var {
	cv := condVar(c.pass.TypesInfo, w.call)
	if cv == nil || !cv.IsField() || cv.Pkg() != c.pass.Pkg {
		return nil
	}
	return cv
}
