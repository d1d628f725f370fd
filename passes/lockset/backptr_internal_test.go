package lockset

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
)

const bodySrc = `package p

var pkgVar = func(a int) int { b := a; return b }

func ext(x int) // no body

type T struct{ n int }

func (t *T) m(y int) (z int) {
	f := func(u int) {
		g := func() { w := u; _ = w }
		g()
	}
	f(y)
	for i := range 3 {
		_ = i
	}
	switch v := any(y).(type) {
	case int:
		_ = v
	}
	return
}

var later = 1

func h() { q := func() {}; q() }
`

// TestEnclosingBody checks the search by position against the search of
// the syntax, for every variable declared in a package.
func TestEnclosingBody(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", bodySrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{}, Implicits: map[ast.Node]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info}
	ix, err := funcs.Analyzer.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	r := &Result{pass: pass, ix: ix.(*funcs.Index)}
	var vars []*types.Var
	for _, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok && !v.IsField() {
			vars = append(vars, v)
		}
	}
	for _, obj := range info.Implicits {
		if v, ok := obj.(*types.Var); ok {
			vars = append(vars, v)
		}
	}
	if len(vars) < 10 {
		t.Fatalf("only %d variables", len(vars))
	}
	for _, v := range vars {
		if got, want := r.enclosingBody(v), enclosingBody(pass.Files, v); got != want {
			t.Errorf("enclosingBody(%s at %s) = %v, want %v", v.Name(), fset.Position(v.Pos()), got, want)
		}
	}
}
