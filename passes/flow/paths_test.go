package flow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/passes/flow"
)

// graph parses a function and returns its CFG and a finder of the call
// of the named function (the nth, from 0).
func graph(t *testing.T, src string) (*cfg.CFG, func(name string, nth int) *ast.CallExpr) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "a.go", "package a\n"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := f.Decls[0].(*ast.FuncDecl)
	g := cfg.New(fd.Body, func(call *ast.CallExpr) bool {
		id, ok := call.Fun.(*ast.Ident)
		return !ok || id.Name != "panic"
	})
	find := func(name string, nth int) *ast.CallExpr {
		var found *ast.CallExpr
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == name {
					if nth == 0 && found == nil {
						found = call
					}
					nth--
				}
			}
			return true
		})
		if found == nil {
			t.Fatalf("no call of %s", name)
		}
		return found
	}
	return g, find
}

func calls(name string) func(ast.Node) flow.Mark {
	return func(n ast.Node) flow.Mark {
		m := flow.Pass
		ast.Inspect(n, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == name {
					m = flow.Target
				}
			}
			return true
		})
		return m
	}
}

func TestMustReach(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"func f(c bool) { a(); if c { x() }; b() }", true},
		{"func f(c bool) { a(); if c { return }; b() }", false},
		{"func f(c bool) { a(); if c { panic(1) }; b() }", true},     // the other path dies
		{"func f(c bool) { for c { a() }; b() }", true},              // the loop may end
		{"func f(c bool) { a(); for { x() } ; b() }", false},         // never gets there
		{"func f(c bool) { for i := 0; i < 3; i++ { a() } }", false}, // nothing after
	} {
		g, find := graph(t, tc.src)
		p, ok := flow.Locate(g, find("a", 0))
		if !ok {
			t.Fatalf("%s: a() not located", tc.src)
		}
		if got := flow.MustReach(g, p, calls("b")); got != tc.want {
			t.Errorf("%s: MustReach = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestReach(t *testing.T) {
	g, find := graph(t, "func f(c, d bool) { a(); if c { b() }; if d { x(); b() } }")
	p, _ := flow.Locate(g, find("a", 0))
	if flow.Reach(g, p, calls("b")) == nil {
		t.Error("b() not reached from a()")
	}
	stopAtX := func(n ast.Node) flow.Mark {
		if calls("x")(n) == flow.Target {
			return flow.Barrier
		}
		return calls("b")(n)
	}
	p2, _ := flow.Locate(g, find("b", 1))
	if flow.Reach(g, p2, stopAtX) != nil {
		t.Error("b() reached after the last b()")
	}
}

func TestReturnWithout(t *testing.T) {
	g, _ := graph(t, "func f(c bool) { if c { return }; done() }")
	if flow.ReturnWithout(g, calls("done")) == nil {
		t.Error("the early return was not found")
	}
	g, _ = graph(t, "func f(c bool) { if c { done(); return }; done() }")
	if ret := flow.ReturnWithout(g, calls("done")); ret != nil {
		t.Errorf("a return without done() found at %d", ret.Pos())
	}
}

func TestInCycle(t *testing.T) {
	g, find := graph(t, "func f(c bool) { a(); for c { b() }; again: if c { x(); goto again } }")
	for _, tc := range []struct {
		name string
		want bool
	}{{"a", false}, {"b", true}, {"x", true}} {
		p, ok := flow.Locate(g, find(tc.name, 0))
		if !ok {
			t.Fatalf("%s not located", tc.name)
		}
		if got := flow.InCycle(p); got != tc.want {
			t.Errorf("InCycle(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
