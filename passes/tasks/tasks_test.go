package tasks_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/tasks"
)

var kinds = map[int]string{1: "task", 2: "blocking", 3: "in place", 4: "goroutine"}

// probe reports each spawn: its kind, the body it runs (a literal, a
// named function, or unresolved), its ctx, and the nil-only groups.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the spawns",
	Requires: []*analysis.Analyzer{tasks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[tasks.Analyzer].(*tasks.Result)
		nilOnly := res.NilOnlyGroups()
		for _, s := range res.Spawns {
			body := "unresolved"
			switch {
			case s.Body != nil:
				if _, ok := s.Body.Node.(*ast.FuncLit); ok {
					body = "literal"
				} else if s.BodyObj != nil {
					body = s.BodyObj.Name()
				}
			case s.BodyObj != nil:
				body = s.BodyObj.Pkg().Name() + "." + s.BodyObj.Name()
			}
			msg := fmt.Sprintf("%s runs %s", kinds[int(s.Kind)], body)
			if ctx := s.Ctx(pass.TypesInfo); ctx != nil {
				msg += " with " + ctx.Name()
			}
			if s.Go == nil && s.Callee != nil {
				if sel, ok := s.Call.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && nilOnly[pass.TypesInfo.Uses[id]] {
						msg += " (nil only)"
					}
				}
			}
			pass.Reportf(s.Pos(), "%s", msg)
		}
		return nil, nil
	},
}

func TestSpawns(t *testing.T) {
	fixtures.Run(t, probe, "./tasks/a")
}
