package chanflow_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/chanflow"
)

// probe reports each channel at its first make (its operations by line,
// its capacity, whether it is open) and, for each function with a
// start, the lines of the starts that run it.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the channel flow",
	Requires: []*analysis.Analyzer{chanflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
		for _, c := range res.Chans() {
			if len(c.Makes) == 0 {
				continue
			}
			var ops []string
			for _, op := range c.Ops {
				ops = append(ops, fmt.Sprintf("%s %d", op.Kind, pass.Fset.Position(op.Pos).Line))
			}
			desc := strings.Join(ops, ", ")
			if desc == "" {
				desc = "no ops"
			}
			if n, ok := c.Cap(); ok {
				desc += fmt.Sprintf("; cap %d", n)
			}
			if c.Open {
				desc += "; open"
			}
			pass.Reportf(c.Makes[0].Pos(), "%s: %s", c.Name, desc)
		}
		for _, fn := range res.Program().Funcs {
			starts := res.RunBy(fn)
			if len(starts) == 0 || fn.Parent() != nil {
				continue
			}
			var lines []string
			for _, s := range starts {
				lines = append(lines, fmt.Sprint(pass.Fset.Position(s.Pos).Line))
			}
			decl, _ := fn.Syntax().(*ast.FuncDecl)
			if decl == nil {
				continue
			}
			pass.Reportf(decl.Pos(), "%s run by %s", fn.Name(), strings.Join(lines, ", "))
		}
		return nil, nil
	},
}

func TestFlow(t *testing.T) {
	fixtures.Run(t, probe, "./chanflow/...")
}
