package lockleak

import (
	"go/ast"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
)

// callersRelease reports whether every call of fn in the package is
// followed, in the function that makes it (or in a literal of that
// function: a completion callback), by a release of a lock of l's class
// and mode. fn is then a lock helper whose callers know that it returns
// holding the lock on some paths (franz-go's waitJoinSyncMu takes the
// read lock at once or through a goroutine, and the commit releases it
// when it is done); a return that holds l is its contract, not a slip.
// A function with no caller in the package is not judged this way.
func callersRelease(ix *funcs.Index, locks *lockset.Result, fn *funcs.Func, l lockset.Lock) bool {
	if fn.Obj == nil || l.Order == "" {
		return false
	}
	calls := 0
	for _, g := range ix.Funcs {
		decl, ok := g.Node.(*ast.FuncDecl)
		if !ok || g.Body == nil {
			continue
		}
		var after []ast.Node // the calls of fn in decl
		ast.Inspect(g.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if local, _ := ix.Callee(call); local == fn {
					after = append(after, call)
				}
			}
			return true
		})
		for _, call := range after {
			calls++
			if !releasedAfter(ix, locks, decl, call, l) {
				return false
			}
		}
	}
	return calls > 0
}

// releasedAfter reports whether decl, or a literal in it, releases a
// lock of l's class and mode after call.
func releasedAfter(ix *funcs.Index, locks *lockset.Result, decl *ast.FuncDecl, call ast.Node, l lockset.Lock) bool {
	for _, h := range ix.Funcs {
		if h.Node.Pos() < decl.Pos() || h.Node.End() > decl.End() {
			continue
		}
		for _, u := range locks.UnlockOps(h) {
			if u.Lock.Mode == l.Mode && u.Pos > call.End() && locks.OrderClass(u.Lock.Key) == l.Order {
				return true
			}
		}
	}
	return false
}
