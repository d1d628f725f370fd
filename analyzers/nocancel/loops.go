package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/loops"
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
		ctx := s.Ctx(pass.TypesInfo)
		if ctx == nil {
			continue
		}
		ast.Inspect(body.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case ast.Stmt:
				if body, ok := loops.Forever(pass.TypesInfo, n); ok && loops.Endless(pass.TypesInfo, body) && !loops.Observes(pass.TypesInfo, body) {
					report(pass, n.Pos(), s, ctx)
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
