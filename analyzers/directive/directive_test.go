package directive_test

import (
	"go/ast"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/directive"
	"github.com/asynclint/asynclint/internal/suppress"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata/src")
	if err != nil {
		panic(err)
	}
	return dir
}

// fake returns a stand-in check named name that reports every call to a
// function named report (nil: reports nothing).
func fake(name string, report func(*ast.CallExpr) bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  name + ": a stand-in",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok && report != nil && report(call) {
						pass.Reportf(call.Pos(), "%s finding", name)
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func isSleep(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Sleep"
}

func TestDirective(t *testing.T) {
	// Unwrapped checks: names only, no directive is judged stale.
	a := directive.New([]*analysis.Analyzer{fake("lockawait", nil), fake("blockingcall", nil)})
	analysistest.RunWithSuggestedFixes(t, testdata(), a, "./directive/a")
}

func TestNoChecks(t *testing.T) {
	analysistest.Run(t, testdata(), directive.New(nil), "./directive/nochecks")
}

// Wrapped checks record the directives that suppressed their findings;
// the others are stale.
func TestStale(t *testing.T) {
	checks := []*analysis.Analyzer{suppress.Wrap(fake("blockingcall", isSleep)), suppress.Wrap(fake("lockawait", nil))}
	analysistest.RunWithSuggestedFixes(t, testdata(), suppress.Wrap(directive.New(checks)), "./directive/stale")
}

func TestDoc(t *testing.T) {
	a := directive.New(nil)
	if !strings.HasPrefix(a.Doc, "report malformed, unknown and stale //lint:ignore directives") {
		t.Errorf("Doc does not start with the summary: %q", a.Doc)
	}
	if !strings.Contains(a.Doc, "False positives") {
		t.Errorf("Doc lost its sections")
	}
}
