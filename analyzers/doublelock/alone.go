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
// alone among the package's tests: beside it run only the goroutines of
// its world, those that it starts, itself or through what it calls, and
// those that the package's init functions and TestMain start, with the
// goroutines these start in turn. When none of them may write-lock the
// lock's class, and every one runs a function of the package (nothing
// unknown may call back), no writer comes between: a test that
// read-locks a logger's writer so that no other test swaps it, and then
// logs, which read-locks it again. A goroutine another test leaves
// running is that test's leak, not this test's writer.
type alone struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	acq    *lockacq.Result
	spawns *tasks.Result
	// worlds memoizes, per test, the lock classes the goroutines of its
	// world may write-lock; nil when one runs a function the package
	// does not define.
	worlds map[*funcs.Func]map[string]bool
}

// readAgain reports whether fn, holding the read lock h, may read-lock
// it again with no writer that can come between: fn is a test that is
// not parallel, and no goroutine of its world may write-lock it.
func (a *alone) readAgain(fn *funcs.Func, h lockset.Lock) bool {
	if h.Mode != model.Shared || !funcs.IsTest(a.pass.Fset, fn.Obj) || callsParallel(a.pass.TypesInfo, fn) {
		return false
	}
	writers := a.writers(fn)
	return writers != nil && !writers[h.Order]
}

// writers returns the lock classes the goroutines of test's world may
// write-lock, or nil when one of them runs unknown code.
func (a *alone) writers(test *funcs.Func) map[string]bool {
	if w, ok := a.worlds[test]; ok {
		return w
	}
	if a.worlds == nil {
		a.worlds = make(map[*funcs.Func]map[string]bool)
	}
	roots := []*funcs.Func{test}
	for _, fn := range a.ix.Funcs {
		if fn.Obj != nil && fn.Obj.Type().(*types.Signature).Recv() == nil &&
			(fn.Obj.Name() == "init" || fn.Obj.Name() == "TestMain") {
			roots = append(roots, fn)
		}
	}
	writers := make(map[string]bool)
	started := make(map[*tasks.Spawn]bool)
	for {
		world := a.acq.Reachable(roots)
		grew := false
		for _, s := range a.spawns.Spawns {
			if started[s] || !world[s.In] {
				continue
			}
			started[s] = true
			if s.Body == nil {
				a.worlds[test] = nil
				return nil
			}
			for _, acq := range a.acq.Of(s.Body) {
				if acq.Ref.Mode == model.Exclusive {
					writers[acq.Class] = true
				}
			}
			roots = append(roots, s.Body)
			grew = true
		}
		if !grew {
			break
		}
	}
	a.worlds[test] = writers
	return writers
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
