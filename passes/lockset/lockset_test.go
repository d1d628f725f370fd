package lockset_test

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, lockset.Analyzer, "./lockset/facts/...")
}

// probe reports the locks held at each call of a function named probe or
// wait*.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the locks held at calls of probe",
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch fun := astutil.Unparen(call.Fun).(type) {
				case *ast.Ident:
					name = fun.Name
				case *ast.SelectorExpr:
					name = fun.Sel.Name
				}
				if name != "probe" && !strings.HasPrefix(name, "wait") {
					return true
				}
				held := res.HeldAt(call)
				if len(held) == 0 {
					return true
				}
				var names []string
				for _, l := range held {
					s := l.Name
					if l.Mode == model.Shared {
						s += " (read)"
					}
					if l.Via != "" {
						s += " by " + l.Via
					}
					names = append(names, s)
				}
				pass.Reportf(call.Pos(), "held: %s", strings.Join(names, ", "))
				return true
			})
		}
		return nil, nil
	},
}

func TestHeld(t *testing.T) {
	fixtures.Run(t, probe, "./lockset/held")
}

// opProbe reports the lock operation of every call OpOf knows.
var opProbe = &analysis.Analyzer{
	Name:     "opprobe",
	Doc:      "report the lock operations of calls",
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				op, ok := res.OpOf(call)
				if !ok {
					return true
				}
				what := "unlocks"
				if op.Locks {
					what = "locks"
				}
				if op.Mode == model.Shared {
					what += " (read)"
				}
				if op.Try {
					what += " (try)"
				}
				if op.Key.String() != op.Name {
					pass.Reportf(call.Pos(), "key %s, name %s", op.Key, op.Name)
				}
				pass.Reportf(call.Pos(), "op: %s %s", op.Name, what)
				return true
			})
		}
		return nil, nil
	},
}

func TestOpOf(t *testing.T) {
	fixtures.Run(t, opProbe, "./lockset/ops")
}

// accessProbe reports the locks HeldAtAccesses gives at each use of a
// field named n.
var accessProbe = &analysis.Analyzer{
	Name:     "accessprobe",
	Doc:      "report the locks held at uses of n",
	Requires: []*analysis.Analyzer{lockset.Analyzer, funcs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range pass.ResultOf[funcs.Analyzer].(*funcs.Index).Funcs {
			held := res.HeldAtAccesses(fn)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "n" || len(held[sel]) == 0 {
					return true
				}
				var names []string
				for _, l := range held[sel] {
					names = append(names, l.Name)
				}
				pass.Reportf(sel.Sel.Pos(), "held at n: %s", strings.Join(names, ", "))
				return true
			})
		}
		return nil, nil
	},
}

func TestHeldAtAccesses(t *testing.T) {
	fixtures.Run(t, accessProbe, "./lockset/accesses")
}
