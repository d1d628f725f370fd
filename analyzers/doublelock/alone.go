package doublelock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// A recursive read lock deadlocks only when a writer asks for the lock
// between the two read locks, and so only when a writer may run on
// another goroutine meanwhile. A test function that is not parallel runs
// alone among the package's tests: beside it run only the goroutines
// that the package's code starts (the test's own included). When none
// of them may write-lock the lock's class, and every one runs a function
// of the package (nothing unknown may call back), no writer comes
// between: a test that read-locks a logger's writer so that no other
// test swaps it, and then logs, which read-locks it again.
type alone struct {
	pass   *analysis.Pass
	acq    *lockacq.Result
	spawns *tasks.Result
	done   bool
	// writers are the lock classes a spawned body may write-lock;
	// unknown, whether some spawn runs a function the package does not
	// define.
	writers map[string]bool
	unknown bool
}

// readAgain reports whether fn, holding the read lock h, may read-lock
// it again with no writer that can come between: fn is a test that is
// not parallel, and no goroutine the package starts may write-lock it.
func (a *alone) readAgain(fn *funcs.Func, h lockset.Lock) bool {
	if h.Mode != model.Shared || !funcs.IsTest(a.pass.Fset, fn.Obj) || callsParallel(a.pass.TypesInfo, fn) {
		return false
	}
	a.init()
	return !a.unknown && !a.writers[h.Order]
}

func (a *alone) init() {
	if a.done {
		return
	}
	a.done = true
	a.writers = make(map[string]bool)
	for _, s := range a.spawns.Spawns {
		if s.Body == nil {
			a.unknown = true
			return
		}
		for _, acq := range a.acq.Of(s.Body) {
			if acq.Ref.Mode == model.Exclusive {
				a.writers[acq.Class] = true
			}
		}
	}
}

// callsParallel reports whether fn calls Parallel on a *testing.T.
func callsParallel(info *types.Info, fn *funcs.Func) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Parallel" {
			if t, ok := info.TypeOf(sel.X).(*types.Pointer); ok && types.TypeString(t.Elem(), nil) == "testing.T" {
				found = true
			}
		}
		return true
	})
	return found
}
