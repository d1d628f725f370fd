package blockingcall

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/mayblock"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "blockingcall",
	Doc:      analysisdoc.Extract(doc, "blockingcall"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/blockingcall/doc.go",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, tasks.Analyzer, mayblock.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	spawns := pass.ResultOf[tasks.Analyzer].(*tasks.Result).Spawns
	if len(spawns) == 0 {
		return nil, nil
	}
	blocking := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
	prog := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).Pkg.Prog

	done := make(map[*ssa.Function]bool) // bodies already reported
	for _, s := range spawns {
		if s.Kind != model.Executor || s.Body == nil {
			continue
		}
		body := s.Body
		if body.Synthetic != "" && s.BodyObj != nil && s.BodyObj.Pkg() == pass.Pkg {
			// A method value or expression: report inside the method.
			if fn := prog.FuncValue(s.BodyObj); fn != nil {
				body = fn
			}
		}
		if body.Blocks == nil || body.Pkg == nil || body.Pkg.Pkg != pass.Pkg {
			// A body from another package: report at the spawn.
			if f := blocking.Object(s.BodyObj); f != nil {
				pass.Report(analysis.Diagnostic{
					Pos: s.Pos(),
					Message: fmt.Sprintf("blocking call inside task: the task body %s %s; use %s",
						model.Name(s.BodyObj, pass.Pkg), f.Describe(), f.Instead),
				})
			}
			continue
		}
		if done[body] {
			continue
		}
		done[body] = true
		for _, site := range blocking.Sites(body) {
			report(pass, body, site)
		}
	}
	return nil, nil
}

func report(pass *analysis.Pass, body *ssa.Function, site mayblock.Site) {
	f := site.Fact
	kind := "call"
	if _, ok := site.Instr.(ssa.CallInstruction); !ok {
		kind = "operation"
	}
	var msg string
	if len(f.Chain) == 1 {
		msg = fmt.Sprintf("blocking %s inside task: %s holds the worker slot; use %s", kind, f.Chain[0].Name, f.Instead)
	} else {
		rest := &mayblock.Blocking{Chain: f.Chain[1:]}
		msg = fmt.Sprintf("blocking %s inside task: %s %s; use %s", kind, f.Chain[0].Name, rest.Describe(), f.Instead)
	}
	d := analysis.Diagnostic{Pos: site.Pos, Message: msg}
	if fix, ok := sleepFix(pass, body, site); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	pass.Report(d)
}

// sleepFix rewrites time.Sleep(d) as runtime.Sleep(ctx, d) when the call is
// directly in the task body, the body's ctx parameter is what "ctx" (or its
// own name) means at the call, and the file already imports the runtime.
func sleepFix(pass *analysis.Pass, body *ssa.Function, site mayblock.Site) (analysis.SuggestedFix, bool) {
	if site.Callee == nil || site.Callee.Pkg() == nil || site.Callee.Pkg().Path() != "time" || site.Callee.Name() != "Sleep" {
		return analysis.SuggestedFix{}, false
	}
	var ctxParam *types.Var
	for _, p := range body.Params {
		if model.IsContext(p.Type()) {
			ctxParam, _ = p.Object().(*types.Var)
			break
		}
	}
	if ctxParam == nil || ctxParam.Name() == "_" || ctxParam.Name() == "" {
		return analysis.SuggestedFix{}, false
	}
	file, call := findCall(pass, site.Pos)
	if call == nil {
		return analysis.SuggestedFix{}, false
	}
	if scope := pass.TypesInfo.Scopes[file]; scope != nil {
		if _, obj := scope.Innermost(call.Pos()).LookupParent(ctxParam.Name(), call.Pos()); obj != ctxParam {
			return analysis.SuggestedFix{}, false // shadowed
		}
	}
	rtName := importName(pass, file, model.RuntimePath)
	if rtName == "" {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Use %s.Sleep(%s, d)", rtName, ctxParam.Name()),
		TextEdits: []analysis.TextEdit{
			{Pos: call.Fun.Pos(), End: call.Lparen + 1, NewText: []byte(rtName + ".Sleep(" + ctxParam.Name() + ", ")},
		},
	}, true
}

// findCall returns the file and the call expression whose '(' is at lparen.
func findCall(pass *analysis.Pass, lparen token.Pos) (*ast.File, *ast.CallExpr) {
	for _, f := range pass.Files {
		if f.FileStart > lparen || lparen > f.FileEnd {
			continue
		}
		var found *ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > lparen || n.End() <= lparen {
				return false
			}
			if c, ok := n.(*ast.CallExpr); ok && c.Lparen == lparen {
				found = c
				return false
			}
			return true
		})
		return f, found
	}
	return nil, nil
}

// importName returns the name under which file imports path, or "".
func importName(pass *analysis.Pass, file *ast.File, path string) string {
	for _, imp := range file.Imports {
		if strings.Trim(imp.Path.Value, `"`) != path {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				return ""
			}
			return imp.Name.Name
		}
		if pkg, ok := pass.TypesInfo.Implicits[imp].(*types.PkgName); ok {
			return pkg.Name()
		}
	}
	return ""
}
