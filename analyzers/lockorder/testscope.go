package lockorder

import (
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
)

// A test often takes locks in an odd order on purpose, on objects it
// builds, to stage the interleaving it tests (hold a batch's lock, then
// take its buffer's, while a merge it started waits). Such an order
// deadlocks only against code that runs while the test does: the test
// itself, the goroutines it starts, and what they call. A cycle with an
// edge in a test is reported only when its other edges of the package
// are in functions that test may run.

// testRoot returns the test function (Test, Benchmark, Fuzz or Example
// in a _test.go file) that fn is, or is a literal of, or nil.
func testRoot(pass *analysis.Pass, ix *funcs.Index, fn *funcs.Func) *funcs.Func {
	if fn.File == nil || !strings.HasSuffix(pass.Fset.Position(fn.File.Pos()).Filename, "_test.go") {
		return nil
	}
	for _, g := range ix.Funcs {
		decl, ok := g.Node.(*ast.FuncDecl)
		if !ok || g.File != fn.File || funcs.TestKind(pass.Fset, g.Obj) == "" {
			continue
		}
		if decl.Pos() <= fn.Node.Pos() && fn.Node.End() <= decl.End() {
			return g
		}
	}
	return nil
}

// scope is what a test may run: its function and literals, and the
// package functions they call, transitively (an interface method call
// counts for every method of that name in the package).
type scope map[*funcs.Func]bool

func testScope(ix *funcs.Index, test *funcs.Func) scope {
	s := scope{}
	work := []*funcs.Func{test}
	add := func(g *funcs.Func) {
		if g != nil && !s[g] {
			s[g] = true
			work = append(work, g)
		}
	}
	s[test] = true
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				add(ix.Of(n))
			case *ast.CallExpr:
				local, obj := ix.Callee(n)
				add(local)
				if local == nil && obj != nil && funcs.IsInterfaceMethod(obj) {
					for _, g := range ix.Funcs {
						if g.Obj != nil && g.Obj.Name() == obj.Name() {
							add(g)
						}
					}
				}
			}
			return true
		})
	}
	return s
}

// testFeasible reports whether the cycle can happen while the tests its
// edges are in run: each other in-package edge is in a function such a
// test may run.
func testFeasible(graph []Edge, cycle []int, imported int, scopes func(*funcs.Func) scope) bool {
	for _, i := range cycle {
		if i < imported || graph[i].test == nil {
			continue
		}
		s := scopes(graph[i].test)
		for _, j := range cycle {
			if j != i && j >= imported && graph[j].fn != nil && !s[graph[j].fn] {
				return false
			}
		}
	}
	return true
}
