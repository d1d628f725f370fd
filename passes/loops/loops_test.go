package loops_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/asynclint/asynclint/passes/loops"
)

// check parses src (a file of package p), type-checks it, and returns
// the info and the body of function name's first loop statement.
func check(t *testing.T, src, name string) (*types.Info, ast.Stmt) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var loop ast.Stmt
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				if loop == nil {
					loop = n.(ast.Stmt)
				}
			}
			return loop == nil
		})
	}
	if loop == nil {
		t.Fatalf("no loop in %s", name)
	}
	return info, loop
}

const src = `package p

import (
	"context"
	"os"
	"time"
)

func work() {}

func forever() {
	for {
		work()
	}
}

func returns(n int) {
	for {
		if n > 3 {
			return
		}
		n++
	}
}

func innerBreak() {
	for {
		for i := 0; i < 3; i++ {
			break
		}
	}
}

func panics() {
	for {
		panic("stop")
	}
}

// A function named panic is not the builtin: the loop goes on.
func shadowed() {
	panic := func(string) {}
	for {
		panic("not the builtin")
	}
}

func exits() {
	for {
		os.Exit(1)
	}
}

func ticks(t *time.Ticker) {
	for range t.C {
		work()
	}
}

func watches(ctx context.Context) {
	for {
		if ctx.Err() != nil {
			work()
		}
	}
}

func receives(stop chan struct{}) {
	for {
		<-stop
	}
}

func bounded(xs []int) {
	for range xs {
		work()
	}
}
`

func TestLoops(t *testing.T) {
	for _, c := range []struct {
		fn                        string
		forever, endless, observe bool
	}{
		{"forever", true, true, false},
		{"returns", true, false, false},
		{"innerBreak", true, true, false},
		{"panics", true, false, false},
		{"shadowed", true, true, false},
		{"exits", true, false, false},
		{"ticks", true, true, false},
		{"watches", true, true, true},
		{"receives", true, true, true},
		{"bounded", false, true, false},
	} {
		info, loop := check(t, src, c.fn)
		body, forever := loops.Forever(info, loop)
		if forever != c.forever {
			t.Errorf("%s: Forever = %v, want %v", c.fn, forever, c.forever)
		}
		if got := loops.Endless(info, body); got != c.endless {
			t.Errorf("%s: Endless = %v, want %v", c.fn, got, c.endless)
		}
		if got := loops.Observes(info, body); got != c.observe {
			t.Errorf("%s: Observes = %v, want %v", c.fn, got, c.observe)
		}
	}
}
