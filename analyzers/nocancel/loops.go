package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// checkLoops reports the endless loops of concurrent bodies (tasks and
// goroutines) that have a ctx in scope and never look at anything that
// could stop them. A loop is endless when it has no condition (for {})
// or ranges over a Ticker's channel, which is never closed, and nothing
// in it leaves it: no return, no break or goto out of it, no call that
// does not return. It observes cancellation if anything in it may: a
// call that is given a context (ctx.Err(), a runtime suspension point, a
// ctx-taking helper), a ctx.Done() receive, or any select or channel
// receive (a done or stop channel plays ctx.Done()'s part; precision
// first, any receive may be one).
func checkLoops(pass *analysis.Pass, ix *funcs.Index, spawns *tasks.Result) {
	seen := make(map[*funcs.Func]bool)
	for _, s := range spawns.Spawns {
		body := s.Body
		if body == nil || seen[body] || s.Kind == model.BlockingPool {
			continue
		}
		seen[body] = true
		ctx := bodyCtx(pass, s)
		if ctx == nil {
			continue
		}
		ast.Inspect(body.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				if n.Cond == nil && endless(pass, n, n.Body) && !observes(pass, n.Body) {
					report(pass, n.For, s, ctx)
				}
			case *ast.RangeStmt:
				if model.IsTickerChan(pass.TypesInfo, n.X) && endless(pass, n, n.Body) && !observes(pass, n.Body) {
					report(pass, n.For, s, ctx)
				}
			}
			return true
		})
	}
}

func report(pass *analysis.Pass, pos token.Pos, s *tasks.Spawn, ctx *types.Var) {
	what := "goroutine"
	if s.Kind == model.Executor {
		what = "task"
	}
	pass.Reportf(pos, "endless loop in a %s never observes cancellation: nothing in it checks %s, and nothing leaves it; select on %s.Done() (or check %s.Err()) in the loop",
		what, describe(pass, ctx), ctx.Name(), ctx.Name())
}

// bodyCtx returns the ctx a concurrent body sees: its own context
// parameter, or one of the function that starts it, for a literal.
func bodyCtx(pass *analysis.Pass, s *tasks.Spawn) *types.Var {
	for _, ft := range []*ast.FuncType{s.Body.Type, s.In.Type} {
		for _, field := range ft.Params.List {
			if !model.IsContext(pass.TypesInfo.TypeOf(field.Type)) {
				continue
			}
			for _, name := range field.Names {
				if v, ok := pass.TypesInfo.Defs[name].(*types.Var); ok && v.Name() != "_" {
					return v
				}
			}
		}
		if _, lit := s.Body.Node.(*ast.FuncLit); !lit {
			break // a named body does not see its starter's ctx
		}
	}
	return nil
}

// endless reports whether nothing in a loop's body leaves the loop.
func endless(pass *analysis.Pass, loop ast.Stmt, body *ast.BlockStmt) bool {
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
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
				leaves = true
			}
			if fn, ok := pass.TypesInfo.Uses[calleeIdent(n)].(*types.Func); ok {
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

// observes reports whether anything in a loop's body may observe
// cancellation.
func observes(pass *analysis.Pass, body *ast.BlockStmt) bool {
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
				if model.IsContext(pass.TypesInfo.TypeOf(a)) {
					found = true
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && model.IsContext(pass.TypesInfo.TypeOf(sel.X)) {
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
