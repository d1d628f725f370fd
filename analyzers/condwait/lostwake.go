package condwait

import (
	"go/ast"
	"go/constant"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
)

// checkLostWakeup reports a change that ends a wait loop, followed by
// the Signal or Broadcast meant to wake its waiters, in a function that
// does neither with the Cond's lock held: it takes no lock (itself or
// through its calls), holds none on entry, and no call of it in the
// package holds one (see mayHold). A waiter tests its condition and calls
// Wait in one hold of the lock; a change and a wake made without the
// lock can both fall between the two, and the wake then finds nobody
// waiting while the waiter goes on to sleep, with nothing left to wake
// it (the lost wakeup). Taking the lock for the change, or for the
// wake, closes the window.
func (c *checker) checkLostWakeup(waits []wait, signals []*ast.CallExpr) {
	reported := make(map[ast.Node]bool)
	for _, w := range waits {
		cv := c.ownFieldCond(w)
		if cv == nil {
			continue
		}
		trigs := append(c.triggers(w, cv), c.atomicTriggers(w, cv)...)
		if len(c.locks.CondLocks(w.call)) == 0 || len(trigs) == 0 {
			continue
		}
		for _, fn := range c.ix.Funcs {
			if fn == w.fn {
				continue
			}
			c.lostIn(fn, w, cv, trigs, signals, reported)
		}
	}
}

// lostIn reports the changes of fn that fire one of trigs and are
// followed, in fn, by a Signal or Broadcast of cv.
func (c *checker) lostIn(fn *funcs.Func, w wait, cv *types.Var, trigs []trigger, signals []*ast.CallExpr, reported map[ast.Node]bool) {
	info := c.pass.TypesInfo
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		var at ast.Expr
		var t trigger
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				for _, tr := range trigs {
					if !tr.atomic && c.fires(fn, tr, lhs, n.Rhs[i]) {
						at, t = lhs, tr
					}
				}
			}
		case *ast.CallExpr:
			for _, tr := range trigs {
				if x := c.atomicStore(fn, tr, n); x != nil {
					at, t = x, tr
				}
			}
		}
		if at == nil || reported[n] {
			return true
		}
		i := slices.IndexFunc(signals, func(s *ast.CallExpr) bool {
			return s.Pos() > n.End() && s.End() <= fn.Body.End() && condVar(info, s) == cv && !inLit(fn, s)
		})
		if i < 0 || c.mayHold(fn) {
			return true
		}
		reported[n] = true
		cond, wake := recvText(w.call), "signalled"
		if sel, ok := astutil.Unparen(signals[i].Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Broadcast" {
			wake = "broadcast"
		}
		keys := c.locks.CondLocks(w.call)
		lock := keys[len(keys)-1].String()
		c.pass.Reportf(at.Pos(),
			"%s is %s here without %s, the lock of %s, held, and %s is %s at %s without it: a waiter that has tested %s (%s) and not yet called Wait misses it and sleeps until another wake; take %s for the change or for the wake",
			types.ExprString(at), changeWord(t), lock, cond, cond, wake, c.pos(signals[i].Lparen),
			t.cond, c.pos(enclosingFor(w.fn.Body, w.call).Cond.Pos()), lock)
		return true
	})
}

// atomic triggers: a conjunct !x.f.Load() (or x.f.Load()) of the loop
// around w, f an atomic.Bool field of the Cond's owner.
func (c *checker) atomicTriggers(w wait, cv *types.Var) []trigger {
	loop := enclosingFor(w.fn.Body, w.call)
	if loop == nil || loop.Cond == nil {
		return nil
	}
	var out []trigger
	for _, e := range conds.Conjuncts(loop.Cond) {
		t := trigger{wait: w, cv: cv, cond: types.ExprString(e), atomic: true}
		x := astutil.Unparen(e)
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op.String() == "!" {
			x, t.set = astutil.Unparen(u.X), true
		}
		t.field = c.atomicBoolCall(x, "Load")
		if t.field != nil && t.field.Pkg() == c.pass.Pkg && c.sameOwner(w.call, t.field) {
			out = append(out, t)
		}
	}
	return out
}

// atomicBoolCall returns the atomic.Bool field f of a call x.f.name(...),
// or nil.
func (c *checker) atomicBoolCall(e ast.Expr, name string) *types.Var {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return nil
	}
	f := c.fieldOf(sel.X)
	if f == nil {
		return nil
	}
	if n, ok := f.Type().(*types.Named); !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync/atomic" || n.Obj().Name() != "Bool" {
		return nil
	}
	return f
}

// atomicStore returns x.f when call is x.f.Store(v) making t's change on
// a shared object (v the value that ends the loop), or nil.
func (c *checker) atomicStore(fn *funcs.Func, t trigger, call *ast.CallExpr) ast.Expr {
	if !t.atomic || len(call.Args) != 1 || c.atomicBoolCall(call, "Store") != t.field {
		return nil
	}
	x := astutil.Unparen(call.Fun).(*ast.SelectorExpr).X
	tv, ok := c.pass.TypesInfo.Types[call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool || constant.BoolVal(tv.Value) != t.set || !c.sharedRoot(fn, x) {
		return nil
	}
	return x
}

// mayHold reports whether fn may hold a lock when it runs: it takes one
// (itself or through its calls), holds one on entry, or a call of it in
// the package holds one, or is made by a function that may hold one. Any lock counts, not only the Cond's: the
// Cond's lock is known by several paths (an embedded mutex, the struct
// that embeds it), and a setter that takes none is the lost wakeup's
// shape.
func (c *checker) mayHold(fn *funcs.Func) bool {
	if h, ok := c.holds[fn]; ok {
		return h
	}
	c.holds[fn] = false // a cycle of calls adds nothing
	h := c.mayHold0(fn)
	c.holds[fn] = h
	return h
}

func (c *checker) mayHold0(fn *funcs.Func) bool {
	if len(c.locks.LockOps(fn)) > 0 || len(c.acq.Of(fn)) > 0 || len(c.locks.HeldOnEntry(fn)) > 0 {
		return true
	}
	held := false
	for _, g := range c.ix.Funcs {
		ast.Inspect(g.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if held || !ok {
				return !held
			}
			if callee, _ := c.ix.Callee(call); callee == fn {
				// Held at the call, or possibly by the caller's own callers
				// (a helper of a helper "called with d.mu held").
				held = len(c.locks.HeldAt(call)) > 0 || c.mayHold(g)
			}
			return !held
		})
	}
	return held
}

// changeWord says what t's change does to its field.
func changeWord(t trigger) string {
	switch {
	case t.append:
		return "appended to"
	case t.set:
		return "set"
	}
	return "cleared"
}

// inLit reports whether n is inside a function literal of fn's body
// (not fn itself).
func inLit(fn *funcs.Func, n ast.Node) bool {
	in := false
	ast.Inspect(fn.Body, func(x ast.Node) bool {
		if in || x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		if lit, ok := x.(*ast.FuncLit); ok && lit != fn.Node {
			in = true
		}
		return !in
	})
	return in
}
