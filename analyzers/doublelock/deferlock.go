package doublelock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// checkDeferredLock reports a deferred Lock right after the Lock of the
// same lock (mu.Lock(); defer mu.Lock()): meant as the deferred Unlock,
// it locks again when the function returns, holding the lock (or, for
// RLock twice, until a writer waits).
func checkDeferredLock(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func) {
	locks.LockStmts(fn.Body, func(blk *ast.BlockStmt, i int, call *ast.CallExpr, first lockset.Op) {
		if i+1 >= len(blk.List) {
			return
		}
		d, ok := blk.List[i+1].(*ast.DeferStmt)
		if !ok {
			return
		}
		second, ok := locks.OpOf(d.Call)
		if !ok || !second.Locks || second.Try || first.Key != second.Key {
			return
		}
		name := "the function"
		if fn.Obj != nil {
			name = fn.Obj.Name()
		}
		release := "Unlock"
		if first.Mode == model.Shared {
			release = "RUnlock"
		}
		recv := "the lock"
		if sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr); ok {
			recv = types.ExprString(sel.X)
		}
		what, again := "locked", "locks it again"
		if first.Mode == model.Shared {
			what = "read-locked"
		}
		if second.Mode == model.Shared {
			again = "read-locks it again"
		}
		pass.Reportf(d.Pos(), "%s is %s at %s and this deferred call %s when %s returns, while it is still held: the deferred release was meant; defer %s.%s()",
			first.Name, what, pos(pass, call.Pos()), again, name, recv, release)
	})
}
