// Package loops answers, for a loop's body, the questions the checks of
// endless loops ask: does anything leave the loop, and does anything in
// it look at a signal (a ctx, a done channel) that could stop it?
package loops

import (
	"go/ast"
	"go/token"
	"go/types"

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
