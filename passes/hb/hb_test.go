package hb_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/tasks"
)

// probe reports, for each spawn, whether the starter's calls of probe(v)
// run concurrently with the body (for the variable v), and whether the
// body is spawned several times at once.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the windows of spawns",
	Requires: []*analysis.Analyzer{hb.Analyzer, tasks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[hb.Analyzer].(*hb.Result)
		for _, s := range pass.ResultOf[tasks.Analyzer].(*tasks.Result).Spawns {
			w := res.Window(s)
			if w == nil {
				pass.Reportf(s.Pos(), "no window")
				continue
			}
			if len(w.Loops) > 0 {
				pass.Reportf(s.Pos(), "spawned in a concurrent loop")
			}
			ast.Inspect(s.In.Body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "probe" {
					return true
				}
				arg, ok := call.Args[0].(*ast.Ident)
				if !ok {
					return true
				}
				v, ok := pass.TypesInfo.Uses[arg].(*types.Var)
				if ok && w.Concurrent(call.Pos(), v) {
					pass.Reportf(call.Pos(), "concurrent")
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestWindows(t *testing.T) {
	fixtures.Run(t, probe, "./hb/...")
}
