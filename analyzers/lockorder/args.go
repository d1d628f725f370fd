package lockorder

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/astpath"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/tasks"
)

// Two locks of one class are left out of the graph (see the doc): code
// that locks two values of one type nearly always orders them by an
// invariant the analysis cannot see. Unless the package itself breaks
// it: a function that locks the same lock of two of its parameters
// (from.mu, then to.mu), in the order of its arguments, called with two
// values both ways round (Transfer(a, b) and Transfer(b, a)), at least
// once on a goroutine of its own. Those two calls, at once, each take one
// lock and wait for the other.

// argOrder reports such functions, at their second lock.
func argOrder(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, acq *lockacq.Result, spawns *tasks.Result) {
	var calls map[*funcs.Func][]*ast.CallExpr // built on first need
	for _, fn := range ix.Funcs {
		if fn.Obj == nil {
			continue
		}
		for _, op := range locks.LockOps(fn) {
			if op.Try || op.Iface {
				continue
			}
			for _, h := range op.Held {
				i, j, ok := paramPair(fn, ix.Reassigned, h.Key, op.Lock.Key)
				if !ok || h.Order != op.Lock.Order || h.Order == "" {
					continue
				}
				if calls == nil {
					calls = callsOf(pass, ix)
				}
				if c, xs := everyPair(pass, ix, spawns, calls[fn], i, j); c != nil {
					pass.Reportf(op.Call.Pos(), "%s is locked at %s and %s at %s: the same lock of two of %s's parameters, in the order of its arguments, and %s at %s, on a goroutine of its own, runs for every ordered pair of %s, so both ways round: each call holds one lock and waits for the other; lock the two in a fixed order (by an ID, or by address)",
						h.Name, pos(pass, h.Pos), op.Lock.Name, pos(pass, op.Call.Pos()), funcName(fn),
						types.ExprString(c), pos(pass, c.Pos()), types.ExprString(xs))
					break
				}
				if c1, c2 := swapped(pass, ix, spawns, calls[fn], i, j); c1 != nil {
					pass.Reportf(op.Call.Pos(), "%s is locked at %s and %s at %s: the same lock of two of %s's parameters, in the order of its arguments, and the package passes them both ways round (%s at %s, %s at %s), one on a goroutine of its own: each call holds one lock and waits for the other; lock the two in a fixed order (by an ID, or by address)",
						h.Name, pos(pass, h.Pos), op.Lock.Name, pos(pass, op.Call.Pos()), funcName(fn),
						types.ExprString(c1), pos(pass, c1.Pos()), types.ExprString(c2), pos(pass, c2.Pos()))
					break
				}
			}
		}
	}
}

// paramPair returns the indexes of the parameters of fn (-1 for the
// receiver) that a and b, the same field path, start at, when they are
// two parameters that fn never assigns (a swap that orders the two: if
// a.id > b.id { a, b = b, a }).
func paramPair(fn *funcs.Func, reassigned func(types.Object) bool, a, b lockset.Key) (i, j int, ok bool) {
	if a.Fields() != b.Fields() || a.Root() == nil || b.Root() == nil || a.Root() == b.Root() {
		return 0, 0, false
	}
	i, j = paramIndex(fn, a.Root()), paramIndex(fn, b.Root())
	if i < -1 || j < -1 || reassigned(a.Root()) || reassigned(b.Root()) {
		return 0, 0, false
	}
	return i, j, true
}

// paramIndex returns the index of v among fn's parameters, -1 for its
// receiver, -2 for neither.
func paramIndex(fn *funcs.Func, v *types.Var) int {
	sig := fn.Obj.Type().(*types.Signature)
	if sig.Recv() == v {
		return -1
	}
	for k := range sig.Params().Len() {
		if sig.Params().At(k) == v {
			return k
		}
	}
	return -2
}

// callsOf indexes the package's calls of its own functions.
func callsOf(pass *analysis.Pass, ix *funcs.Index) map[*funcs.Func][]*ast.CallExpr {
	out := make(map[*funcs.Func][]*ast.CallExpr)
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if local, _ := ix.Callee(call); local != nil {
					out[local] = append(out[local], call)
				}
			}
			return true
		})
	}
	return out
}

// swapped returns two calls of fn that pass the same two variables as
// its parameters i and j both ways round, one of them on a goroutine of
// its own, or nil.
func swapped(pass *analysis.Pass, ix *funcs.Index, spawns *tasks.Result, calls []*ast.CallExpr, i, j int) (*ast.CallExpr, *ast.CallExpr) {
	type argPair struct{ x, y types.Object }
	seen := make(map[argPair]*ast.CallExpr)
	for _, c := range calls {
		x, y := argObj(pass, c, i), argObj(pass, c, j)
		if x == nil || y == nil || x == y {
			continue
		}
		if other := seen[argPair{y, x}]; other != nil && (onOwnGoroutine(ix, spawns, c) || onOwnGoroutine(ix, spawns, other)) {
			return other, c
		}
		if seen[argPair{x, y}] == nil {
			seen[argPair{x, y}] = c
		}
	}
	return nil, nil
}

// everyPair returns a call of fn, on a goroutine of its own, whose
// parameters i and j are the values of two nested range loops over the
// same collection (for _, a := range xs { for _, b := range xs { go
// Move(a, b) } }): it runs for (x, y) and for (y, x). Nil when there is
// none.
func everyPair(pass *analysis.Pass, ix *funcs.Index, spawns *tasks.Result, calls []*ast.CallExpr, i, j int) (*ast.CallExpr, ast.Expr) {
	for _, c := range calls {
		x, y := argObj(pass, c, i), argObj(pass, c, j)
		if x == nil || y == nil || x == y || !onOwnGoroutine(ix, spawns, c) {
			continue
		}
		in := innermost(ix, c)
		outer := outermostDecl(ix, in)
		if outer == nil {
			continue
		}
		rx, ry := rangeOver(pass, outer.Body, x), rangeOver(pass, outer.Body, y)
		if rx == nil || ry == nil || rx == ry || !sameCollection(pass, rx.X, ry.X) || ix.Reassigned(astpath.RootVar(pass.TypesInfo, rx.X)) {
			continue
		}
		// One loop inside the other, the call inside both.
		nested := rx.Body.Pos() <= ry.Pos() && ry.End() <= rx.Body.End() || ry.Body.Pos() <= rx.Pos() && rx.End() <= ry.Body.End()
		if nested && rx.Body.Pos() <= c.Pos() && c.End() <= rx.Body.End() && ry.Body.Pos() <= c.Pos() && c.End() <= ry.Body.End() {
			return c, rx.X
		}
	}
	return nil, nil
}

// outermostDecl returns the function declaration whose body holds fn
// (fn itself when it is one).
func outermostDecl(ix *funcs.Index, fn *funcs.Func) *funcs.Func {
	var out *funcs.Func
	for _, g := range ix.Funcs {
		if _, decl := g.Node.(*ast.FuncDecl); decl && g.Body.Pos() <= fn.Body.Pos() && fn.Body.End() <= g.Body.End() {
			out = g
		}
	}
	return out
}

// rangeOver returns the range statement of body whose value variable is
// v, or nil.
func rangeOver(pass *analysis.Pass, body *ast.BlockStmt, v types.Object) *ast.RangeStmt {
	var out *ast.RangeStmt
	ast.Inspect(body, func(n ast.Node) bool {
		if rs, ok := n.(*ast.RangeStmt); ok && rs.Value != nil {
			if id, ok := rs.Value.(*ast.Ident); ok && pass.TypesInfo.Defs[id] == v {
				out = rs
			}
		}
		return out == nil
	})
	return out
}

// sameCollection reports whether a and b are the same variable or path
// to it (shards, s.shards), with no call or index on the way.
func sameCollection(pass *analysis.Pass, a, b ast.Expr) bool {
	ra, rb := astpath.RootVar(pass.TypesInfo, a), astpath.RootVar(pass.TypesInfo, b)
	return ra != nil && ra == rb && types.ExprString(a) == types.ExprString(b)
}

// argObj returns the variable a call passes as parameter i (-1: the
// receiver of a method call), or nil when it is not a variable.
func argObj(pass *analysis.Pass, c *ast.CallExpr, i int) types.Object {
	var e ast.Expr
	if i == -1 {
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		e = sel.X
	} else if i < len(c.Args) && !c.Ellipsis.IsValid() {
		e = c.Args[i]
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op.String() == "&" {
		e = u.X
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return nil
	}
	return v
}

// onOwnGoroutine reports whether c starts a goroutine or task of its own
// (go F(...), and the spawning calls the model knows), or is in the
// function literal one runs (go func() { F(...) }(), g.Go(func() error
// { ...; F(...) })), as passes/tasks finds them.
func onOwnGoroutine(ix *funcs.Index, spawns *tasks.Result, c *ast.CallExpr) bool {
	in := innermost(ix, c)
	for _, s := range spawns.Spawns {
		if s.Call == c || s.Body != nil && s.Body == in {
			return true
		}
	}
	return false
}

// innermost returns the innermost function of the package whose body
// holds c.
func innermost(ix *funcs.Index, c *ast.CallExpr) *funcs.Func {
	var in *funcs.Func
	for _, fn := range ix.Funcs {
		if fn.Body.Pos() <= c.Pos() && c.End() <= fn.Body.End() && (in == nil || fn.Body.Pos() >= in.Body.Pos()) {
			in = fn
		}
	}
	return in
}
