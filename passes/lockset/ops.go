package lockset

import (
	"go/ast"
	"go/types"
	"path"

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
	return Op{Key: p.key, Name: p.name, Mode: e.Lock, Locks: locks, Try: locks && isTry(call, r.pass.TypesInfo)}, true
}

// Root returns the variable a key's path starts at, or nil for a path
// from a package variable.
func (k Key) Root() *types.Var {
	v, _ := k.root.(*types.Var)
	return v
}

// String names the key as messages do: "s.mu", "mu", "pkg.mu".
func (k Key) String() string {
	if k.global != "" {
		return path.Base(k.global) + k.fields
	}
	if k.root == nil {
		return k.fields
	}
	return k.root.Name() + k.fields
}
