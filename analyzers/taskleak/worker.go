package taskleak

import (
	"go/ast"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/loops"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// checkOwnQueue reports a worker that sends on the channel it ranges
// over for its work. Each such send waits for another worker to receive;
// when every worker is sending at once (or the buffer is full), none is
// left to receive and they all block forever. The send is in the range's
// body, outside a select and not in a nested literal (a send from a fresh
// goroutine, or in a select with another way out, does not wait that
// way). The channel is the same when it is the same variable, or the same
// field of the same variable.
//
// Only a range counts as taking work from the queue. A lone receive
// followed by a send on the same channel is, in real code, a token passed
// on (a one-slot channel used as a lock, a counter handed round) and a
// send followed by a receive is a semaphore: both are fine, and the
// analysis cannot tell them from a queue by their shape.
func checkOwnQueue(pass *analysis.Pass, body *funcs.Func) {
	info := pass.TypesInfo
	ast.Inspect(body.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			k := chanKey(info, n.X)
			if k == "" {
				return true
			}
			ast.PreorderStack(n.Body, nil, func(m ast.Node, stack []ast.Node) bool {
				switch m := m.(type) {
				case *ast.FuncLit:
					return false
				case *ast.SendStmt:
					if !inSelect(stack) && chanKey(info, m.Chan) == k {
						pass.Reportf(m.Arrow, "worker sends on %s, the queue it ranges over (line %d): when every worker sends at once, or the buffer is full, none is left to receive and all block forever; send from a new goroutine, or in a select with another way out",
							types.ExprString(m.Chan), line(pass, n.For))
					}
				}
				return true
			})
		}
		return true
	})
}

// chanKey names a channel expression by its variable and field path:
// "v@pos" or "v@pos.f.g"; "" for anything else (an index, a call).
func chanKey(info *types.Info, x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			if _, ok := v.Type().Underlying().(*types.Chan); ok {
				return v.Name() + "@" + strconv.Itoa(int(v.Pos()))
			}
		}
	case *ast.SelectorExpr:
		if base := chanKey0(info, x.X); base != "" {
			if _, ok := info.TypeOf(x).Underlying().(*types.Chan); ok {
				return base + "." + x.Sel.Name
			}
		}
	}
	return ""
}

func chanKey0(info *types.Info, x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			return v.Name() + "@" + strconv.Itoa(int(v.Pos()))
		}
	case *ast.SelectorExpr:
		if _, ok := info.Selections[x]; !ok {
			return ""
		}
		if base := chanKey0(info, x.X); base != "" {
			return base + "." + x.Sel.Name
		}
	case *ast.StarExpr:
		return chanKey0(info, x.X)
	}
	return ""
}

// background turns on the report of background loops with no way to
// stop (-taskleak.background). It is off by default: over std, x/tools
// and x/net, every such loop was a deliberate daemon that lives as long
// as the program (the Go runtime's collector workers, a config refresher
// in an example), and none was a bug; see the doc.
var background bool

func init() {
	Analyzer.Flags.BoolVar(&background, "background", false,
		"also report background loops in goroutines and tasks that have no ctx and no way to stop (noisy on daemons)")
}

// checkStopless reports a loop, in a goroutine or task body that has no
// ctx, that runs forever and looks at nothing that could stop it: no
// receive, no select, no call given a context, and nothing that leaves
// the loop. Once started, it runs until the program exits: the
// background loop with no way to stop of the Go leak studies. main's and
// init's goroutines live as long as the program by design and are not
// reported.
func checkStopless(pass *analysis.Pass, s *tasks.Spawn) {
	if !background || s.Body == nil || s.Kind == model.BlockingPool || s.Ctx(pass.TypesInfo) != nil || isMain(s.In) || isInit(s.In) {
		return
	}
	info := pass.TypesInfo
	ast.Inspect(s.Body.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Stmt:
			if body, ok := loops.Forever(info, n); ok && loops.Endless(info, body) && !loops.Observes(info, body) {
				what := "goroutine"
				if s.Kind == model.Executor {
					what = "task"
				}
				pass.Reportf(n.Pos(), "background loop in a %s (started at line %d) can never be stopped: it has no ctx and no stop channel, and nothing leaves it; give it a ctx, or a done channel to select on",
					what, line(pass, s.Pos()))
			}
		}
		return true
	})
}

func isInit(fn *funcs.Func) bool {
	return fn != nil && fn.Obj != nil && fn.Obj.Name() == "init" && fn.Obj.Signature().Recv() == nil
}
