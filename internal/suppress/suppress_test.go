package suppress

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// marked is an object fact: the function has a //mark comment.
type marked struct{}

func (*marked) AFact()         {}
func (*marked) String() string { return "marked" }

// factcheck exports a fact for //mark functions and reports calls to them,
// also in other packages: its diagnostics exist only if facts cross
// packages through the wrapper.
var factcheck = &analysis.Analyzer{
	Name:      "factcheck",
	Doc:       "factcheck: report calls to marked functions",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(marked)},
	Run:       runFactcheck,
}

// sawAnalyzer records the pass.Analyzer that factcheck's Run saw.
var sawAnalyzer *analysis.Analyzer

func runFactcheck(pass *analysis.Pass) (any, error) {
	sawAnalyzer = pass.Analyzer
	if _, ok := pass.ResultOf[inspect.Analyzer]; !ok {
		return nil, errors.New("inspect result missing")
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if ok && fd.Doc != nil && strings.Contains(fd.Doc.Text(), "is marked") {
				pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(marked))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if obj := pass.TypesInfo.Uses[sel.Sel]; obj != nil && pass.ImportObjectFact(obj, new(marked)) {
				pass.Reportf(call.Pos(), "call to marked function %s", obj.Name())
			}
			return true
		})
	}
	return nil, nil
}

func TestWrapSuppressesAndKeepsFacts(t *testing.T) {
	w := Wrap(factcheck)
	// analysistest runs with SanityCheck, so facts also go through gob.
	analysistest.Run(t, analysistest.TestData(), w, "a", "b", "c")
	if sawAnalyzer != factcheck {
		t.Errorf("Run saw pass.Analyzer %v, want the original analyzer", sawAnalyzer)
	}
}

func TestLazy(t *testing.T) {
	before := parses.Load()
	analysistest.Run(t, analysistest.TestData(), Wrap(factcheck), "noreport")
	if n := parses.Load() - before; n != 0 {
		t.Errorf("parsed %d files for a pass that reported nothing", n)
	}
	before = parses.Load()
	analysistest.Run(t, analysistest.TestData(), Wrap(factcheck), "b")
	if n := parses.Load() - before; n != 1 {
		t.Errorf("parsed %d files for a pass with one file and many reports, want 1", n)
	}
}

func TestWrapFields(t *testing.T) {
	type result struct{}
	a := &analysis.Analyzer{
		Name:             "x",
		Doc:              "x: doc",
		URL:              "https://example.invalid/x",
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:        []analysis.Fact{new(marked)},
		ResultType:       reflect.TypeFor[*result](),
		RunDespiteErrors: true,
		Run:              func(*analysis.Pass) (any, error) { return nil, nil },
	}
	a.Flags.Bool("strict", false, "be strict")
	w := Wrap(a)
	if w == a {
		t.Fatal("Wrap returned its argument")
	}
	if w.ResultType != reflect.TypeFor[*Result]() {
		t.Errorf("ResultType = %v, want *Result", w.ResultType)
	}
	if w.Name != a.Name || w.Doc != a.Doc || w.URL != a.URL ||
		!w.RunDespiteErrors || !reflect.DeepEqual(w.Requires, a.Requires) || !reflect.DeepEqual(w.FactTypes, a.FactTypes) {
		t.Errorf("Wrap changed a field: %+v", w)
	}
	if w.Flags.Lookup("strict") == nil {
		t.Error("Wrap lost the analyzer's flags")
	}
	if err := analysis.Validate([]*analysis.Analyzer{w}); err != nil {
		t.Error(err)
	}
}

// No diagnostic in a file with the standard generated-code header.
func TestGenerated(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Wrap(factcheck), "gen")
}

// fixer reports calls to sleep and offers to replace "sleep(" with
// "wait(ctx, ": a splice that leaves 50 * time.Millisecond unformatted
// in a call of two arguments.
var fixer = &analysis.Analyzer{
	Name: "fixer",
	Doc:  "fixer: report sleep calls with a spliced fix",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "sleep" {
					return true
				}
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), Message: "sleep",
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "Use wait",
						TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.Lparen + 1, NewText: []byte("wait(ctx, ")}},
					}},
				})
				return true
			})
		}
		return nil, nil
	},
}

// The wrapper formats each fix's text as gofmt would (the golden file is
// gofmt'd), and leaves an edit that needs no formatting as it was.
func TestFormatFix(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Wrap(fixer), "fmtfix")
	var last analysis.TextEdit
	for _, r := range results {
		for _, d := range r.Diagnostics {
			last = d.SuggestedFixes[0].TextEdits[0]
		}
	}
	if string(last.NewText) != "wait(ctx, " {
		t.Errorf("an already formatted edit became %q", last.NewText)
	}
}

func TestPanicBecomesError(t *testing.T) {
	a := &analysis.Analyzer{
		Name: "boom",
		Doc:  "boom: panic",
		Run:  func(*analysis.Pass) (any, error) { panic("kaboom") },
	}
	_, err := Wrap(a).Run(&analysis.Pass{Report: func(analysis.Diagnostic) {}})
	if err == nil || !strings.Contains(err.Error(), "boom panicked") || !strings.Contains(err.Error(), "kaboom") {
		t.Errorf("err = %v, want a panic error", err)
	}
}

func TestParseComment(t *testing.T) {
	for _, tc := range []struct {
		text   string
		ok     bool
		kind   Kind
		checks []string
		reason string
		err    string
	}{
		{"//lint:ignore a reason", true, Line, []string{"a"}, "reason", ""},
		{"//lint:ignore a,b  two  words ", true, Line, []string{"a", "b"}, "two words", ""},
		{"//lint:ignore\ta\treason", true, Line, []string{"a"}, "reason", ""},
		{"//lint:file-ignore a why", true, File, []string{"a"}, "why", ""},
		{"//lint:ignore a", true, Line, []string{"a"}, "", "missing reason"},
		{"//lint:ignore", true, Line, nil, "", "missing check name"},
		{"//lint:ignore ,", true, Line, nil, "", "missing check name"},
		{"//lint:file-ignore", true, File, nil, "", "missing check name"},
		{"//lint:ignorance a b", false, 0, nil, "", ""},
		{"//lint:sometime a b", false, 0, nil, "", ""},
		{"// lint:ignore a b", false, 0, nil, "", ""},
		{"//nolint:a", false, 0, nil, "", ""},
	} {
		d, ok := ParseComment(&ast.Comment{Text: tc.text})
		if ok != tc.ok {
			t.Errorf("%q: ok = %v", tc.text, ok)
			continue
		}
		if !ok {
			continue
		}
		if d.Kind != tc.kind || !reflect.DeepEqual(d.Checks, tc.checks) || d.Reason != tc.reason || d.Err != tc.err {
			t.Errorf("%q: got kind %v checks %q reason %q err %q", tc.text, d.Kind, d.Checks, d.Reason, d.Err)
		}
	}
}

func TestParse(t *testing.T) {
	src := "package p\n//lint:ignore a r\nvar x = 1 //lint:file-ignore b r\n// other\n"
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	dirs := Parse(f)
	if len(dirs) != 2 || dirs[0].Kind != Line || dirs[1].Kind != File || !dirs[0].Names("a") || dirs[0].Names("b") {
		t.Errorf("Parse = %+v", dirs)
	}
}
