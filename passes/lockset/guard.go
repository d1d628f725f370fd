package lockset

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// A boolGuard is a bool parameter of a function (index, the receiver
// not counted) and the value under which it releases a lock: func (c
// *Cache) lookup(key string, lock bool) { if lock { c.mu.Lock() }; ...;
// if lock { c.mu.Unlock() } }. A call passing the other constant
// releases nothing: GetOrSet, holding mu, calls lookup(key, false) and
// still holds it after.
type boolGuard struct {
	index int
	want  bool
}

// releaseGuard returns the guard every release of id in fn's body is
// under, if they share one.
func (a *analysis_) releaseGuard(fn *funcs.Func, id lockID) *boolGuard {
	if fn.Body == nil || fn.Type == nil {
		return nil
	}
	var g *boolGuard
	ok := true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		call, isCall := n.(*ast.CallExpr)
		if !isCall {
			return true
		}
		sel, isSel := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
		if !isSel {
			return true
		}
		obj, _ := a.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		e, known := a.m.Lookup(obj)
		if !known || !e.Is(model.Unlocks) || e.Lock != id.mode {
			return true
		}
		if k, _, found := a.res.Path(sel.X); !found || k != id.key {
			return true
		}
		h := a.boolGuardOf(fn, call)
		if h == nil || g != nil && *g != *h {
			ok = false
			return false
		}
		g = h
		return true
	})
	if !ok {
		return nil
	}
	return g
}

// boolGuardOf returns the bool parameter of fn, alone or negated, that
// the condition of an if holding n in its body is, if any.
func (a *analysis_) boolGuardOf(fn *funcs.Func, n ast.Node) *boolGuard {
	path, _ := astutil.PathEnclosingInterval(fn.File, n.Pos(), n.End())
	for k, x := range path {
		if x == fn.Node {
			break
		}
		is, isIf := x.(*ast.IfStmt)
		if !isIf || k == 0 || path[k-1] != is.Body {
			continue
		}
		cond, want := astutil.Unparen(is.Cond), true
		if u, neg := cond.(*ast.UnaryExpr); neg && u.Op == token.NOT {
			cond, want = astutil.Unparen(u.X), false
		}
		id, isID := cond.(*ast.Ident)
		if !isID {
			continue
		}
		if v := a.pass.TypesInfo.Uses[id]; !a.ix.Reassigned(v) {
			if i := funcs.ParamIndex(a.pass.TypesInfo, fn.Type, v); i >= 0 {
				return &boolGuard{index: i, want: want}
			}
		}
	}
	return nil
}

// fails reports whether call passes, for g's parameter, the constant
// that is not g's.
func (g *boolGuard) fails(info *types.Info, call *ast.CallExpr) bool {
	if g == nil || g.index >= len(call.Args) {
		return false
	}
	v := info.Types[call.Args[g.index]].Value
	return v != nil && v.String() == map[bool]string{true: "false", false: "true"}[g.want]
}
