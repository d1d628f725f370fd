package lockacq

import (
	"go/ast"
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
)

// The body of a range over a function (for s := range t.All()) runs as
// the iterator's yield: every call in it runs while the iterator holds
// what it holds at its calls of yield (All returns a literal that
// read-locks t.mu, ranges over t.sessions and yields each). A body that
// takes the same lock (t.remove(s.ID), which locks t.mu) waits for
// itself.

// IterHolds returns the locks the iterators of the range-over-func loops
// around call, in fn, hold while their bodies run, in fn's terms: for a
// loop over a call of a package function or method that returns a
// function literal, the locks that literal holds at every call of its
// yield parameter.
func (r *Result) IterHolds(fn *funcs.Func, call *ast.CallExpr) []lockset.Lock {
	var out []lockset.Lock
	info := r.pass.TypesInfo
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Body.Pos() > call.Pos() || call.End() > rs.Body.End() {
			return true
		}
		if _, isFunc := info.TypeOf(rs.X).Underlying().(*types.Signature); !isFunc {
			return true
		}
		out = append(out, r.iterHeld(rs.X)...)
		return true
	})
	return out
}

// iterHeld returns the locks held at every yield of the literal that the
// call x returns, in the terms of x's caller.
func (r *Result) iterHeld(x ast.Expr) []lockset.Lock {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil
	}
	local, _ := r.ix.Callee(call)
	if local == nil {
		return nil
	}
	lit := returnedLit(local)
	if lit == nil {
		return nil
	}
	body := r.ix.Of(lit)
	if body == nil {
		return nil
	}
	var out []lockset.Lock
	for _, h := range r.heldAtCalls(body, 0) {
		if h, ok := r.callersLock(local, call, h, "the iterator "+types.ExprString(call.Fun)); ok {
			out = append(out, h)
		}
	}
	return out
}

// returnedLit returns the function literal fn returns, when every return
// of fn returns that one literal.
func returnedLit(fn *funcs.Func) *ast.FuncLit {
	var lit *ast.FuncLit
	bad := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			l, ok := func() (*ast.FuncLit, bool) {
				if len(n.Results) != 1 {
					return nil, false
				}
				l, ok := ast.Unparen(n.Results[0]).(*ast.FuncLit)
				return l, ok
			}()
			if !ok || lit != nil && lit != l {
				bad = true
			}
			lit = l
		}
		return !bad
	})
	if bad {
		return nil
	}
	return lit
}
