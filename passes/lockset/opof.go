package lockset

import (
	"go/ast"
	"go/types"
	"path"
	"strings"

	"github.com/asynclint/asynclint/passes/model"
)

// An Op is a sync lock operation at a call: which lock (by key, as
// HeldAt's Lock.Key), in which mode, and what it does to it.
type Op struct {
	Key  Key
	Name string // how messages name the lock: "s.mu"
	Mode model.LockMode
	// Locks is true for Lock, RLock and the Try forms, false for the
	// unlocks.
	Locks bool
	// Try: a TryLock or TryRLock, which may fail.
	Try bool
}

// OpOf returns the sync lock operation a call is (sync.Mutex, RWMutex or
// sync.Locker; not the runtime's locks), if the lock is a path the
// analysis tracks.
func (r *Result) OpOf(call *ast.CallExpr) (Op, bool) {
	if r.ix == nil {
		return Op{}, false
	}
	_, obj := r.ix.Callee(call)
	e, ok := r.m.Lookup(obj)
	if !ok || !isSyncLockOp(e) {
		return Op{}, false
	}
	p := recvPath(r.pass, call)
	if p == nil {
		return Op{}, false
	}
	locks := e.Is(model.Locks)
	if l, mode, _, ok := condLocker(r.pass, r.bind, call, p); ok {
		return Op{Key: l.key, Name: l.name, Mode: mode, Locks: locks}, true
	}
	return Op{Key: p.key, Name: p.name, Mode: e.Lock, Locks: locks, Try: locks && isTry(call, r.pass.TypesInfo)}, true
}

// Root returns the variable a key's path starts at, or nil for a path
// from a package variable.
func (k Key) Root() *types.Var {
	v, _ := k.root.(*types.Var)
	return v
}

// RootedIn reports whether the key's path starts at the variable v: a
// local variable or parameter, or a package variable.
func (k Key) RootedIn(v *types.Var) bool {
	if k.root != nil {
		return k.root == v
	}
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && k.global == v.Pkg().Path()+"."+v.Name()
}

// String names the key as messages do: "s.mu", "mu", "pkg.mu".
func (k Key) String() string {
	if k.elem {
		// "(example.com/p.T).locks[]" as "(p.T).locks[]"
		if i := strings.Index(k.global, ")"); strings.HasPrefix(k.global, "(") && i > 0 {
			return "(" + path.Base(k.global[1:i]) + k.global[i:]
		}
		return k.global
	}
	if k.global != "" {
		return path.Base(k.global) + k.fields
	}
	if k.root == nil {
		return k.fields
	}
	return k.root.Name() + k.fields
}

// PathOf returns the key of the path an expression denotes (ch, s.ch,
// (*p).wg, pkg.done; embedded fields spelled out): the identity of one
// variable's field, finer than Class, which merges the same field of
// every value of a type. False for an expression that is not a path.
func (r *Result) PathOf(e ast.Expr) (Key, bool) {
	k, _, ok := r.Path(e)
	return k, ok
}

// RecvPathOf returns the key of the receiver a method call operates on,
// as PathOf does for an expression.
func (r *Result) RecvPathOf(call *ast.CallExpr) (Key, bool) {
	p := recvPath(r.pass, call)
	if p == nil {
		return Key{}, false
	}
	return p.key, true
}

// HasPrefix reports whether the path k starts with the path p: p is k,
// or a variable or field k goes through (s is a prefix of s.ch).
func (k Key) HasPrefix(p Key) bool {
	if k.root != p.root || k.global != p.global {
		return false
	}
	return k.fields == p.fields || len(k.fields) > len(p.fields) && k.fields[:len(p.fields)] == p.fields && k.fields[len(p.fields)] == '.'
}

// LockStmts calls f for each statement of body, outside its function
// literals (functions of their own), that is a call taking a lock (Lock,
// RLock; not TryLock), with the block that holds it and its index there:
// for the checks on what a lock statement is followed by.
func (r *Result) LockStmts(body *ast.BlockStmt, f func(blk *ast.BlockStmt, i int, call *ast.CallExpr, op Op)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		blk, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for i, st := range blk.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			if op, ok := r.OpOf(call); ok && op.Locks && !op.Try {
				f(blk, i, call, op)
			}
		}
		return true
	})
}
