package posfmt_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/asynclint/asynclint/passes/posfmt"
)

func TestExit(t *testing.T) {
	src := "package p\nfunc f(ok bool) {\n\tif ok {\n\t\treturn\n\t}\n}\n"
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	ret := body.List[0].(*ast.IfStmt).Body.List[0]
	if got := posfmt.Exit(body.Rbrace, body); got != "the end of the function" {
		t.Errorf("Exit at the closing brace = %q", got)
	}
	if got := posfmt.Exit(ret.Pos(), body); got != "the return" {
		t.Errorf("Exit at a return = %q", got)
	}
	if got := posfmt.Exit(body.Rbrace, nil); got != "the return" {
		t.Errorf("Exit without a body = %q", got)
	}
}
