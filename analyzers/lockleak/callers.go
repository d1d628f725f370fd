package lockleak

import (
	"go/ast"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// callersRelease reports whether every call of fn in the package is
// followed, in the function that makes it (or in a literal of that
// function: a completion callback), by a release of a lock of l's class
// and mode. fn is then a lock helper whose callers know that it returns
// holding the lock on some paths (franz-go's waitJoinSyncMu takes the
// read lock at once or through a goroutine, and the commit releases it
// when it is done); a return that holds l is its contract, not a slip.
// A function with no caller in the package is not judged this way.
//
// It is asked for every return of fn that holds l: the answer, which
// depends on fn, l's class and l's mode only, is computed once, on an
// index of the package's calls built on the first question.
func (c *callers) callersRelease(fn *funcs.Func, l lockset.Lock) bool {
	if fn.Obj == nil || l.Order == "" {
		return false
	}
	k := releaseKey{fn, l.Order, l.Mode}
	if v, ok := c.memo[k]; ok {
		return v
	}
	v := c.compute(fn, l)
	c.memo[k] = v
	return v
}

// callers answers callersRelease for one pass.
type callers struct {
	ix    *funcs.Index
	locks *lockset.Result
	memo  map[releaseKey]bool
	// calls lists, by package function, its calls made in a declared
	// function's body (literals included), with that declaration, in
	// the order of ix.Funcs and then of the body: built on first use.
	calls map[*funcs.Func][]declCall
}

type releaseKey struct {
	fn    *funcs.Func
	order string
	mode  model.LockMode
}

type declCall struct {
	decl *ast.FuncDecl
	call *ast.CallExpr
}

func newCallers(ix *funcs.Index, locks *lockset.Result) *callers {
	return &callers{ix: ix, locks: locks, memo: make(map[releaseKey]bool)}
}

func (c *callers) compute(fn *funcs.Func, l lockset.Lock) bool {
	if c.calls == nil {
		c.calls = make(map[*funcs.Func][]declCall)
		for _, g := range c.ix.Funcs {
			decl, ok := g.Node.(*ast.FuncDecl)
			if !ok || g.Body == nil {
				continue
			}
			ast.Inspect(g.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if local, _ := c.ix.Callee(call); local != nil {
						c.calls[local] = append(c.calls[local], declCall{decl, call})
					}
				}
				return true
			})
		}
	}
	calls := c.calls[fn]
	for _, dc := range calls {
		if !releasedAfter(c.ix, c.locks, dc.decl, dc.call, l) {
			return false
		}
	}
	return len(calls) > 0
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
