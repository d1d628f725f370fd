package condwait

import (
	"go/ast"
	"go/types"

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
	info := c.pass.TypesInfo
	reported := make(map[*ast.CallExpr]bool)
	for _, w := range waits {
		cv := condVar(info, w.call)
		if cv == nil || !cv.IsField() || cv.Pkg() != c.pass.Pkg || !c.manyWaiters(w) || c.passesOn(waits, signals, cv) {
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
	var set ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && set == nil && len(as.Lhs) == len(as.Rhs) {
			for i, lhs := range as.Lhs {
				if c.fires(fn, t, lhs, as.Rhs[i]) {
					set = lhs
				}
			}
		}
		return set == nil
	})
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
