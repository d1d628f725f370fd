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
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
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

const distinctSrc = `package p

type shard struct{ n int }

type counter int

func (c *counter) bump() { *c++ }

func rangeSlice(xs []shard) {
	for i := range xs {
		xs[i].n = 1
	}
}

func rangeArrayPtr(xs *[4]shard) {
	for i := range xs {
		xs[i].n = 1
	}
}

func rangeInt(n int) {
	for i := range n {
		_ = i
	}
}

func rangeMap(m map[string]int) {
	for k := range m {
		_ = k
	}
}

func threeClause(n int) {
	for i := 0; i < n; i++ {
		_ = i
	}
}

func stepsBy(n int) {
	for i := n; i > 0; i -= 2 {
		_ = i
	}
}

// The values a channel delivers may repeat.
func rangeChan(ch chan int) {
	for v := range ch {
		_ = v
	}
}

// The body moves the index: two iterations may see one value.
func assigned(xs []shard) {
	for i := range xs {
		if xs[i].n > 0 {
			i = 0
		}
		_ = i
	}
}

func addressTaken(n int) {
	for i := 0; i < n; i++ {
		p := &i
		*p = 0
	}
}

func pointerMethod(n counter) {
	for c := counter(0); c < n; c++ {
		c.bump()
	}
}

// A post statement that steps by zero does not step.
func stepsByZero(n int) {
	for i := 0; i < n; i += 0 {
		_ = i
	}
}

// A variable declared outside the loop is not the loop's.
func outside(xs []shard) {
	var i int
	for i = range xs {
		_ = i
	}
}
`

func TestDistinct(t *testing.T) {
	for _, c := range []struct {
		fn   string
		want bool
	}{
		{"rangeSlice", true},
		{"rangeArrayPtr", true},
		{"rangeInt", true},
		{"rangeMap", true},
		{"threeClause", true},
		{"stepsBy", true},
		{"rangeChan", false},
		{"assigned", false},
		{"addressTaken", false},
		{"pointerMethod", false},
		{"stepsByZero", false},
		{"outside", false},
	} {
		info, loop := check(t, distinctSrc, c.fn)
		var id *ast.Ident
		switch l := loop.(type) {
		case *ast.RangeStmt:
			id, _ = l.Key.(*ast.Ident)
		case *ast.ForStmt:
			if init, ok := l.Init.(*ast.AssignStmt); ok {
				id, _ = init.Lhs[0].(*ast.Ident)
			}
		}
		if id == nil {
			t.Fatalf("%s: no loop variable", c.fn)
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		if got := loops.Distinct(info, loop, v); got != c.want {
			t.Errorf("%s: Distinct = %v, want %v", c.fn, got, c.want)
		}
	}
}
