package doublelock

import (
	"go/ast"
	"go/token"
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
	// setup are the package's init functions and TestMain.
	setup []*funcs.Func
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
	if a.setup == nil {
		a.setup = []*funcs.Func{} // found once: none is still an answer
		for _, fn := range a.ix.Funcs {
			if fn.Obj != nil && fn.Obj.Type().(*types.Signature).Recv() == nil &&
				(fn.Obj.Name() == "init" || fn.Obj.Name() == "TestMain") {
				a.setup = append(a.setup, fn)
			}
		}
	}
	roots := append([]*funcs.Func{test}, a.setup...)
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

// lazySet reports whether the test fn, holding h, makes call with the
// field that call's way sets lazily (lz: the lock is taken only when the
// field is nil) already set: a statement of its body before call stores
// a fresh value in it through a method of the package (old :=
// writer.Swap(new(mockWriter))), no later call before call may store
// another, and no goroutine of the test's world may write-lock h, under
// which the field is set. The lazy path is not taken: the writer's
// logger is there, and logging does not create one.
func (a *alone) lazySet(fn *funcs.Func, call *ast.CallExpr, lz *lockacq.LazyInit, h lockset.Lock) bool {
	if !funcs.IsTest(a.pass.Fset, fn.Obj) || callsParallel(a.pass.TypesInfo, fn) {
		return false
	}
	if writers := a.writers(fn); writers == nil || writers[h.Order] {
		return false
	}
	info := a.pass.TypesInfo
	// setter returns the argument of a call that stores it in lz's
	// field, or nil.
	setter := func(c *ast.CallExpr) ast.Expr {
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok || len(c.Args) != 1 {
			return nil
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		m, isFunc := info.Uses[sel.Sel].(*types.Func)
		if !ok || info.Uses[id] != lz.Var || !isFunc || !a.acq.SetsField(m, lz.Field) {
			return nil
		}
		return c.Args[0]
	}
	set := false
	ok := true
	for _, st := range fn.Body.List {
		if st.Pos() >= call.Pos() {
			break
		}
		var c *ast.CallExpr
		switch st := st.(type) {
		case *ast.ExprStmt:
			c, _ = ast.Unparen(st.X).(*ast.CallExpr)
		case *ast.AssignStmt:
			if len(st.Rhs) == 1 {
				c, _ = ast.Unparen(st.Rhs[0]).(*ast.CallExpr)
			}
		}
		if c != nil {
			if arg := setter(c); arg != nil {
				set = fresh(a.ix, info, arg)
				continue
			}
		}
		if _, ok := st.(*ast.DeferStmt); ok {
			continue // it runs when the test returns
		}
		// Any other store before call, in a statement of any kind.
		ast.Inspect(st, func(n ast.Node) bool {
			if c, isCall := n.(*ast.CallExpr); isCall && setter(c) != nil {
				ok = false
			}
			return ok
		})
	}
	return set && ok
}

// fresh reports whether e is a new object: new(T), &T{...}, or a local
// variable set once, at its declaration, to one.
func fresh(ix *funcs.Index, info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		v, _ := info.Uses[id].(*types.Var)
		if v == nil || ix.Init(v) == nil {
			return false
		}
		e = ast.Unparen(ix.Init(v))
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		id, ok := ast.Unparen(e.Fun).(*ast.Ident)
		b, isBuiltin := info.Uses[id].(*types.Builtin)
		return ok && isBuiltin && b.Name() == "new"
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	}
	return false
}
