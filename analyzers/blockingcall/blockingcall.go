package blockingcall

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/funcs"
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
	Requires: []*analysis.Analyzer{tasks.Analyzer, mayblock.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	spawns := pass.ResultOf[tasks.Analyzer].(*tasks.Result).Spawns
	blocking := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)

	done := make(map[*funcs.Func]bool) // bodies already reported
	for _, s := range spawns {
		if s.Kind != model.Executor {
			continue
		}
		if s.Body == nil {
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
		if done[s.Body] {
			continue
		}
		done[s.Body] = true
		for _, site := range blocking.Sites(s.Body) {
			report(pass, s.Body, site)
		}
	}
	return nil, nil
}

func report(pass *analysis.Pass, body *funcs.Func, site mayblock.Site) {
	f := site.Fact
	kind := "call"
	if site.Call == nil {
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
// directly in the task body, the body's ctx parameter is what its name
// means at the call, and the file already imports the runtime.
func sleepFix(pass *analysis.Pass, body *funcs.Func, site mayblock.Site) (analysis.SuggestedFix, bool) {
	call, fn := site.Call, site.Callee
	if e, ok := model.Lookup(fn); call == nil || !ok || !e.Is(model.Sleeps) {
		return analysis.SuggestedFix{}, false
	}
	var ctxParam *types.Var
	for _, field := range body.Type.Params.List {
		if model.IsContext(pass.TypesInfo.TypeOf(field.Type)) && len(field.Names) > 0 {
			ctxParam, _ = pass.TypesInfo.Defs[field.Names[0]].(*types.Var)
			break
		}
	}
	if ctxParam == nil || ctxParam.Name() == "_" {
		return analysis.SuggestedFix{}, false
	}
	if scope := pass.TypesInfo.Scopes[body.File]; scope != nil {
		if _, obj := scope.Innermost(call.Pos()).LookupParent(ctxParam.Name(), call.Pos()); obj != ctxParam {
			return analysis.SuggestedFix{}, false // shadowed
		}
	}
	rtName := importName(pass, body.File, model.RuntimePath)
	if rtName == "" {
		return analysis.SuggestedFix{}, false
	}
	if scope := pass.TypesInfo.Scopes[body.File]; scope != nil {
		if _, obj := scope.Innermost(call.Pos()).LookupParent(rtName, call.Pos()); !isPkg(obj, model.RuntimePath) {
			return analysis.SuggestedFix{}, false // the import's name is shadowed here
		}
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Use %s.Sleep(%s, d)", rtName, ctxParam.Name()),
		TextEdits: []analysis.TextEdit{
			{Pos: call.Fun.Pos(), End: call.Lparen + 1, NewText: []byte(rtName + ".Sleep(" + ctxParam.Name() + ", ")},
		},
	}, true
}

// isPkg reports whether obj is an imported package name for path.
func isPkg(obj types.Object, path string) bool {
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == path
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
