package doublelock

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// A function that defers a handler calling recover expects a panic: from
// code it does not know, a call through an interface or a function value
// (j.Run(...), a job's or a plugin's). A lock it takes without deferring
// the release is still held when such a call panics, and the handler
// runs with it held: a handler that takes it again waits for itself.
//
//	defer func() {
//		if p := recover(); p != nil {
//			r.markFailed(j.Name(), p) // locks r.mu
//		}
//	}()
//	r.mu.Lock()
//	j.Run(r.state)
//	r.mu.Unlock()

// checkRecovered reports the locks a deferred recovering handler of fn
// takes that fn holds, with no deferred release, across a call of code it
// does not know.
func checkRecovered(pass *analysis.Pass, locks *lockset.Result, acq *lockacq.Result, fn *funcs.Func) {
	handler := recoverHandler(pass.TypesInfo, fn.Body)
	if handler == nil {
		return
	}
	sites := acq.At(fn, handler.Call)
	if len(sites) == 0 {
		return
	}
	var deferred []lockset.Key
	for _, u := range locks.UnlockOps(fn) {
		if u.Deferred {
			deferred = append(deferred, acq.Canon(u.Lock.Key))
		}
	}
	done := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if done {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if n.Pos() < handler.End() || !unknownCode(pass.TypesInfo, n) {
				return true
			}
			for _, h := range locks.HeldAt(n) {
				hk := acq.Canon(h.Key)
				if slices.Contains(deferred, hk) {
					continue
				}
				for _, s := range sites {
					if s.Key.IsZero() || s.Guarded || s.Key != hk || h.Mode == model.Shared && s.Mode == model.Shared {
						continue
					}
					if slices.ContainsFunc(s.Released, func(km lockset.KeyMode) bool { return acq.Canon(km.Key) == hk }) {
						continue
					}
					again := "locks it again"
					if s.Mode == model.Shared {
						again = "read-locks it"
					}
					pass.Reportf(n.Pos(), "%s is locked at %s and still held if %s panics at %s: the deferred handler at %s recovers and %s %s; defer the release, or release it in the handler first",
						h.Name, pos(pass, h.Pos), types.ExprString(n.Fun), pos(pass, n.Pos()), pos(pass, handler.Pos()), again, lockacq.Describe(s.Chain))
					done = true
					return false
				}
			}
		}
		return true
	})
}

// recoverHandler returns the statement of fn's body that defers a
// function literal calling recover, or nil.
func recoverHandler(info *types.Info, body *ast.BlockStmt) *ast.DeferStmt {
	for _, st := range body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		lit, ok := astutil.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok {
			continue
		}
		if callsRecover(info, lit.Body) {
			return d
		}
	}
	return nil
}

func callsRecover(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// unknownCode reports whether call runs code the function does not
// know: a method of an interface, or a function value (not a function
// or method declared somewhere, not a conversion or a builtin).
func unknownCode(info *types.Info, call *ast.CallExpr) bool {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false
	}
	switch fun := astutil.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if sel := info.Selections[fun]; sel != nil {
			switch sel.Kind() {
			case types.MethodVal:
				return types.IsInterface(sel.Recv())
			case types.FieldVal:
				return true
			}
			return false
		}
		return false
	case *ast.Ident:
		v, ok := info.Uses[fun].(*types.Var)
		return ok && v != nil
	case *ast.FuncLit:
		return false
	}
	return false
}
