package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// A releaser is a function value a helper returns to release a lock:
//
//	func (c *C) locked() func() { c.mu.Lock(); return c.mu.Unlock }
//	defer c.locked()()
//
//	func unlockOnce(l sync.Locker) func() {
//		var once sync.Once
//		return func() { once.Do(l.Unlock) }
//	}
//	unlock := unlockOnce(&s.mu); s.mu.Lock(); defer unlock(); ...; unlock()
//
// A call of such a value releases the lock, named relative to the
// helper (its receiver, a parameter or a package variable) and mapped
// onto the call that made the value.

// releasedBy returns the locks a call of a function value releases: the
// value a package function's call returns, directly (h(args)()) or
// through a local variable assigned once (v := h(args); v()).
func (w *walker) releasedBy(call *ast.CallExpr) []lockID {
	maker := w.makerOf(astutil.Unparen(call.Fun))
	if maker == nil {
		return nil
	}
	local, obj := w.ix.Callee(maker)
	if local == nil || obj == nil {
		return nil
	}
	var out []lockID
	for _, r := range w.releaserRefs(local) {
		if p := w.mapRef(maker, sref{LockRef: r}); p != nil {
			out = append(out, lockID{p.key, r.Mode})
		}
	}
	return out
}

// makerOf returns the call that made the function value fun: fun itself,
// or the one call a local variable is assigned, in the function being
// walked, when it is assigned nothing else.
func (w *walker) makerOf(fun ast.Expr) *ast.CallExpr {
	if c, ok := fun.(*ast.CallExpr); ok {
		return c
	}
	id, ok := fun.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := w.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	// The dataflow visits a call once per round: scan the body once.
	k := makerKey{w.fn, v}
	if m, ok := w.makers[k]; ok {
		return m
	}
	m := w.scanMaker(v)
	w.makers[k] = m
	return m
}

type makerKey struct {
	fn *funcs.Func
	v  *types.Var
}

// scanMaker returns the one call v is assigned in the function being
// walked, or nil.
func (w *walker) scanMaker(v *types.Var) *ast.CallExpr {
	var maker *ast.CallExpr
	assigns := 0
	ast.Inspect(w.fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				lid, ok := astutil.Unparen(lhs).(*ast.Ident)
				if !ok || (w.pass.TypesInfo.Defs[lid] != v && w.pass.TypesInfo.Uses[lid] != v) {
					continue
				}
				assigns++
				if len(n.Rhs) == len(n.Lhs) {
					maker, _ = astutil.Unparen(n.Rhs[i]).(*ast.CallExpr)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := astutil.Unparen(n.X).(*ast.Ident); ok && w.pass.TypesInfo.Uses[id] == v {
					assigns = 2 // its address is taken: it may change
				}
			}
		}
		return true
	})
	if assigns != 1 {
		return nil
	}
	return maker
}

// releaserRefs returns the locks every function value h returns
// releases on every call: a method value of a sync unlock, or a literal
// whose body releases them unconditionally (an unlock statement, or a
// sync.Once's Do of such a method value), relative to h.
func (a *analysis_) releaserRefs(h *funcs.Func) []LockRef {
	if refs, ok := a.releasers[h]; ok {
		return refs
	}
	a.releasers[h] = nil
	sig := a.sigOf(h)
	if sig == nil || sig.Results().Len() != 1 || h.Body == nil {
		return nil
	}
	if _, ok := sig.Results().At(0).Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	var refs []LockRef
	first, ok := true, true
	ast.Inspect(h.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			got := a.valueReleases(sig, astutil.Unparen(n.Results[0]))
			if first {
				refs, first = got, false
			} else {
				refs = intersectRefs(refs, got)
			}
			ok = len(refs) > 0
		}
		return true
	})
	if !ok || first {
		return nil
	}
	a.releasers[h] = refs
	return refs
}

// valueReleases returns what a call of the function value e releases,
// relative to sig, the function that returns e.
func (a *analysis_) valueReleases(sig *types.Signature, e ast.Expr) []LockRef {
	if lit, ok := e.(*ast.FuncLit); ok {
		var refs []LockRef
		for _, st := range lit.Body.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := astutil.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			if r, ok := a.unlockCallRef(sig, call); ok {
				refs = append(refs, r)
				continue
			}
			// once.Do(l.Unlock): the Once runs it, the first time.
			if _, obj := a.ix.Callee(call); obj != nil {
				if en, ok := a.m.Lookup(obj); ok && en.Is(model.Runs) && en.Body >= 0 && en.Body < len(call.Args) {
					refs = append(refs, a.valueReleases(sig, astutil.Unparen(call.Args[en.Body]))...)
				}
			}
		}
		return refs
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := a.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil
	}
	en, ok := a.m.Lookup(s.Obj().(*types.Func))
	if !ok || !isSyncLockOp(en) || !en.Is(model.Unlocks) {
		return nil
	}
	p := pathOf(a.pass, sel.X)
	if p == nil {
		return nil
	}
	if p = embedded(p, a.pass.TypesInfo.TypeOf(sel.X), s.Index()); p == nil {
		return nil
	}
	if r, ok := relativeRef(sig, p.key, en.Lock); ok {
		return []LockRef{r}
	}
	return nil
}

// unlockCallRef returns the lock an unlock call (l.Unlock()) releases,
// relative to sig.
func (a *analysis_) unlockCallRef(sig *types.Signature, call *ast.CallExpr) (LockRef, bool) {
	_, obj := a.ix.Callee(call)
	en, ok := a.m.Lookup(obj)
	if !ok || !isSyncLockOp(en) || !en.Is(model.Unlocks) {
		return LockRef{}, false
	}
	p := recvPath(a.pass, call)
	if p == nil {
		return LockRef{}, false
	}
	return relativeRef(sig, p.key, en.Lock)
}

func intersectRefs(x, y []LockRef) []LockRef {
	return slices.DeleteFunc(slices.Clone(x), func(r LockRef) bool { return !slices.Contains(y, r) })
}

// handedOff reports whether fn makes a method value of the lock's
// release without calling it (n.started = ready.Unlock,
// time.AfterFunc(d, mu.Unlock)): whoever calls it releases the lock,
// maybe another goroutine (a mutex used as a start signal), so a Lock
// of it is not one this function certainly holds. A returned one is the
// caller's to call (see releaserRefs).
func (w *walker) handedOff(id lockID) bool {
	if w.handed == nil {
		w.handed = []lockID{}
		var stack []ast.Node
		ast.Inspect(w.fn.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := w.unlockValue(sel, stack); ok {
					w.handed = append(w.handed, id)
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return slices.Contains(w.handed, id)
}

// unlockValue returns the lock whose release sel is, when sel is a
// method value of a sync unlock that is neither called nor returned.
func (w *walker) unlockValue(sel *ast.SelectorExpr, stack []ast.Node) (lockID, bool) {
	if len(stack) > 0 {
		switch parent := stack[len(stack)-1].(type) {
		case *ast.CallExpr:
			if astutil.Unparen(parent.Fun) == sel {
				return lockID{}, false
			}
		case *ast.ReturnStmt:
			return lockID{}, false
		}
	}
	s := w.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return lockID{}, false
	}
	en, ok := w.m.Lookup(s.Obj().(*types.Func))
	if !ok || !isSyncLockOp(en) || !en.Is(model.Unlocks) {
		return lockID{}, false
	}
	p := pathOf(w.pass, sel.X)
	if p == nil {
		return lockID{}, false
	}
	if p = embedded(p, w.pass.TypesInfo.TypeOf(sel.X), s.Index()); p == nil {
		return lockID{}, false
	}
	return lockID{p.key, en.Lock}, true
}
