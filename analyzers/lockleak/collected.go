package lockleak

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/astpath"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
)

// Locks taken one per element in a loop, each element collected into a
// slice that the function hands on (returns, or releases from later):
//
//	for _, n := range names {
//		v, ok := m.get(n)
//		if !ok {
//			return nil, errNoVolume // the volumes locked so far stay locked
//		}
//		v.mu.Lock()
//		locked = append(locked, v)
//	}
//	return locked, nil
//
// A return in the loop that neither hands the slice on nor releases
// what it holds leaves the locks of the earlier iterations held.

// checkCollected reports the returns inside a loop that drop the slice
// of elements whose locks the loop has taken.
func checkCollected(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func) {
	info := pass.TypesInfo
	ops := locks.LockOps(fn)
	if len(ops) == 0 {
		return
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			checkCollectLoop(pass, locks, fn, ops, n, n.Body, info)
		case *ast.ForStmt:
			checkCollectLoop(pass, locks, fn, ops, n, n.Body, info)
		}
		return true
	})
}

func checkCollectLoop(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func, ops []lockset.LockOp, loop ast.Node, body *ast.BlockStmt, info *types.Info) {
	for _, op := range ops {
		if op.Try || op.Iface || op.Call.Pos() < body.Pos() || op.Call.End() > body.End() {
			continue
		}
		// The locked value is the iteration's own (v of the range, or
		// one the body gets), collected into a slice of the function's.
		elem := op.Lock.Key.Root()
		if elem == nil || elem.Pos() < loop.Pos() || elem.Pos() >= loop.End() {
			continue
		}
		coll := collectedInto(info, body, elem)
		if coll == nil || coll.Pos() >= loop.Pos() && coll.Pos() < loop.End() {
			continue
		}
		if releasedIn(locks, fn, body, op.Lock.Key) || !handedOn(info, fn.Body, body, coll) {
			continue
		}
		for _, ret := range loopReturns(body) {
			if astpath.Mentions(info, ret, coll) || mentionedBefore(info, body, ret, coll) {
				continue
			}
			pass.Reportf(ret.Pos(), "the %s locked at %s in the earlier iterations of the loop (each %s is collected into %s) stay held: this return neither returns %s nor releases them",
				op.Lock.Name, pos(pass, op.Call.Pos()), elem.Name(), coll.Name(), coll.Name())
			return
		}
	}
}

// collectedInto returns the slice variable that body appends elem to
// (s = append(s, elem)), or nil.
func collectedInto(info *types.Info, body *ast.BlockStmt, elem *types.Var) *types.Var {
	var out *types.Var
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || out != nil {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		call, ok := astutil.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "append" || info.Uses[id] == nil || info.Uses[id].Pkg() != nil {
			return true
		}
		lhs, ok := astutil.Unparen(as.Lhs[0]).(*ast.Ident)
		if !ok {
			return true
		}
		s, _ := info.ObjectOf(lhs).(*types.Var)
		if s == nil {
			return true
		}
		if first, ok := astutil.Unparen(call.Args[0]).(*ast.Ident); !ok || info.Uses[first] != s {
			return true
		}
		for _, a := range call.Args[1:] {
			if id, ok := astutil.Unparen(a).(*ast.Ident); ok && info.Uses[id] == elem {
				out = s
			}
		}
		return true
	})
	return out
}

// releasedIn reports whether fn releases k inside body.
func releasedIn(locks *lockset.Result, fn *funcs.Func, body *ast.BlockStmt, k lockset.Key) bool {
	for _, u := range locks.UnlockOps(fn) {
		if u.Lock.Key == k && u.Pos >= body.Pos() && u.Pos < body.End() {
			return true
		}
	}
	return false
}

// handedOn reports whether the function uses coll after the loop: it
// returns it, or passes it on (to a function that releases the locks),
// or ranges over it.
func handedOn(info *types.Info, fnBody, loop *ast.BlockStmt, coll *types.Var) bool {
	found := false
	ast.Inspect(fnBody, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n.Pos() >= loop.Pos() && n.End() <= loop.End() {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Pos() > loop.End() && info.Uses[id] == coll {
			found = true
		}
		return true
	})
	return found
}

// loopReturns returns the return statements of body, not in function
// literals.
func loopReturns(body *ast.BlockStmt) []*ast.ReturnStmt {
	var out []*ast.ReturnStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out = append(out, n)
		}
		return true
	})
	return out
}

// mentionedBefore reports whether the block that holds ret uses v
// before it (unlockAll(locked); return err).
func mentionedBefore(info *types.Info, body *ast.BlockStmt, ret *ast.ReturnStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		blk, ok := n.(*ast.BlockStmt)
		if !ok {
			if cc, ok := n.(*ast.CaseClause); ok {
				blk = &ast.BlockStmt{List: cc.Body}
			} else {
				return true
			}
		}
		for i, st := range blk.List {
			if st == ast.Stmt(ret) {
				for _, prev := range blk.List[:i] {
					if astpath.Mentions(info, prev, v) {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}
