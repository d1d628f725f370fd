package lockleak

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
)

// checkMismatch reports a lock released in the other mode than it was
// taken: RLock then Unlock (a fatal error, "sync: Unlock of unlocked
// RWMutex", and the read lock is never released), Lock then RUnlock
// ("sync: RUnlock of unlocked RWMutex"). The release is the deferred
// call right after the lock (mu.RLock(); defer mu.Unlock()), or the
// first release of the same lock later in the same block, when the
// function has no release in the lock's own mode.
func checkMismatch(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func) {
	if posfmt.InTest(pass.Fset, fn.Node.Pos()) {
		return // a test that misuses a lock on purpose tests the fatal error
	}
	releases := make(map[lockset.Key]map[model.LockMode]bool)
	released := func(k lockset.Key, m model.LockMode) {
		if releases[k] == nil {
			releases[k] = make(map[model.LockMode]bool)
		}
		releases[k][m] = true
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if op, ok := locks.OpOf(n); ok && !op.Locks {
				released(op.Key, op.Mode)
			}
		case *ast.SelectorExpr:
			// A release handed on as a method value (sync.OnceFunc(mu.Unlock),
			// defer-less unlock funcs): the function releases in that mode.
			if op, ok := locks.OpOf(&ast.CallExpr{Fun: n}); ok && !op.Locks {
				released(op.Key, op.Mode)
			}
		}
		return true
	})
	if len(releases) == 0 {
		return
	}
	locks.LockStmts(fn.Body, func(blk *ast.BlockStmt, i int, call *ast.CallExpr, lk lockset.Op) {
		if releases[lk.Key][lk.Mode] {
			return
		}
		for _, next := range blk.List[i+1:] {
			rel, at := releaseIn(locks, next, lk.Key)
			if rel == nil {
				if relocks(locks, next, lk.Key) {
					return // a release after it pairs with the new lock
				}
				continue
			}
			if rel.Mode != lk.Mode {
				want, got := "RUnlock", "Unlock"
				taken := "read-locked"
				if lk.Mode == model.Exclusive {
					want, got, taken = "Unlock", "RUnlock", "locked"
				}
				pass.Reportf(at.Pos(), "%s is %s at %s and released here by %s: %s on a %s RWMutex is a fatal error (sync: %s of unlocked RWMutex), and the lock stays held; call %s",
					lk.Name, taken, pos(pass, call.Pos()), got, got, taken, got, types.ExprString(selX(at))+"."+want)
			}
			return
		}
	})
}

// relocks reports whether a statement locks k (in any mode).
func relocks(locks *lockset.Result, st ast.Stmt, k lockset.Key) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if op, ok := locks.OpOf(call); ok && op.Locks && op.Key == k {
				found = true
			}
		}
		return !found
	})
	return found
}

// releaseIn returns the first release of the lock k in a statement (a
// deferred one included), with its call.
func releaseIn(locks *lockset.Result, st ast.Stmt, k lockset.Key) (*lockset.Op, *ast.CallExpr) {
	var out *lockset.Op
	var at *ast.CallExpr
	ast.Inspect(st, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if op, ok := locks.OpOf(call); ok && !op.Locks && op.Key == k {
				out, at = &op, call
				return false
			}
		}
		return true
	})
	return out, at
}

func selX(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return call.Fun
}
