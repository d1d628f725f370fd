// Package loops answers, for a loop's body, the questions the checks of
// endless loops ask: does anything leave the loop, and does anything in
// it look at a signal (a ctx, a done channel) that could stop it? And,
// for the checks of what goroutines started in a loop share: does a
// loop variable hold a new value in each iteration?
package loops

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/asynclint/asynclint/passes/model"
)

// Forever reports whether a loop statement runs until something in its
// body leaves it: a for without condition, or a range over a Ticker's
// channel, which is never closed.
func Forever(info *types.Info, n ast.Stmt) (*ast.BlockStmt, bool) {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body, n.Cond == nil
	case *ast.RangeStmt:
		return n.Body, model.IsTickerChan(info, n.X)
	}
	return nil, false
}

// Endless reports whether nothing in a loop's body leaves the loop.
func Endless(info *types.Info, body *ast.BlockStmt) bool {
	leaves := false
	depth := 0 // nested loops, switches and selects that an unlabeled break would leave instead
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if leaves || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			leaves = true
		case *ast.BranchStmt:
			switch n.Tok {
			case token.GOTO:
				leaves = true
			case token.BREAK:
				if n.Label != nil || depth == 0 {
					leaves = true // a labeled break may leave ours; precision first
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && info.Uses[id] == types.Universe.Lookup("panic") {
				leaves = true // the builtin, not a function of that name
			}
			if fn, ok := info.Uses[calleeIdent(n)].(*types.Func); ok {
				if e, ok := model.Lookup(fn); ok && e.Is(model.Exits) {
					leaves = true
				}
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			depth++
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m)
			})
			depth--
			return false
		}
		return !leaves
	}
	ast.Inspect(body, visit)
	return !leaves
}

// Observes reports whether anything in a loop's body may observe
// cancellation: a call given a context (ctx.Err(), a runtime suspension
// point, a ctx-taking helper), a ctx method, or any select or channel
// receive (a done or stop channel plays ctx.Done()'s part; precision
// first, any receive may be one).
func Observes(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		case *ast.CallExpr:
			for _, a := range n.Args {
				if model.IsContext(info.TypeOf(a)) {
					found = true
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && model.IsContext(info.TypeOf(sel.X)) {
				found = true // ctx.Err(), ctx.Done()
			}
		}
		return !found
	})
	return found
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// Distinct reports whether v, a variable the loop statement declares,
// holds a different value in each of its iterations: the key of a range
// over a slice, an array (or a pointer to one), a string, a map or an
// integer; or the variable of a three-clause loop whose post statement
// steps it by a constant other than zero (i++, i -= 2). Nothing in the
// loop may assign v or take its address: the sequence would be the
// body's, not the loop's.
func Distinct(info *types.Info, loop ast.Stmt, v *types.Var) bool {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		key, ok := l.Key.(*ast.Ident)
		if !ok || l.Tok != token.DEFINE || info.Defs[key] != v || !distinctKeys(info.TypeOf(l.X)) {
			return false
		}
		return !changes(info, l.Body, v)
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 {
			return false
		}
		if id, ok := init.Lhs[0].(*ast.Ident); !ok || info.Defs[id] != v {
			return false
		}
		if !steps(info, l.Post, v) {
			return false
		}
		return !changes(info, l.Cond, v) && !changes(info, l.Body, v)
	}
	return false
}

// distinctKeys reports whether a range over a value of type t yields
// each key once.
func distinctKeys(t types.Type) bool {
	if t == nil {
		return false
	}
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem().Underlying()
		if _, ok := u.(*types.Array); !ok {
			return false
		}
	}
	switch u := u.(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsString) != 0
	}
	return false // a channel's values, an iterator's keys: any
}

// steps reports whether post steps v by a nonzero constant.
func steps(info *types.Info, post ast.Stmt, v *types.Var) bool {
	switch p := post.(type) {
	case *ast.IncDecStmt:
		id, ok := ast.Unparen(p.X).(*ast.Ident)
		return ok && info.Uses[id] == v
	case *ast.AssignStmt:
		if (p.Tok != token.ADD_ASSIGN && p.Tok != token.SUB_ASSIGN) || len(p.Lhs) != 1 || len(p.Rhs) != 1 {
			return false
		}
		id, ok := ast.Unparen(p.Lhs[0]).(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return false
		}
		tv, ok := info.Types[p.Rhs[0]]
		return ok && tv.Value != nil && constant.Sign(tv.Value) != 0
	}
	return false
}

// changes reports whether n (function literals included) assigns v or
// takes its address (&v, or a call of a pointer method on it).
func changes(info *types.Info, n ast.Node, v *types.Var) bool {
	if n == nil {
		return false
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			found = found || slices.ContainsFunc(x.Lhs, is)
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		case *ast.RangeStmt:
			found = found || x.Tok == token.ASSIGN && (x.Key != nil && is(x.Key) || x.Value != nil && is(x.Value))
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Kind() == types.MethodVal && is(x.X) {
				_, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().Underlying().(*types.Pointer)
				_, ptrVar := v.Type().Underlying().(*types.Pointer)
				found = found || ptrRecv && !ptrVar
			}
		}
		return !found
	})
	return found
}
