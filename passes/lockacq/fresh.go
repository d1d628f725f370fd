package lockacq

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// A lock of an object a function has just allocated, that nothing else
// can reach yet, is a lock no other goroutine can hold: taking it, or
// taking another under it, makes no lock order edge, and a caller of the
// function does not take it in any sense that matters (DefaultConfig
// builds a config and reads the environment through its locked method).
// FreshHeld and FreshTaken answer it for lockorder; direct and the
// propagation leave such locks out of the sets.

// ownedVars memoizes, for each local variable a lock is held through,
// where it is allocated and where it is handed over.
type ownedVars struct {
	info *types.Info
	ix   *funcs.Index
	cf   *chanflow.Result
	vars map[*types.Var]ownedVar
	// keeps memoizes keepsRecv; results, freshResult.
	keeps   map[*types.Func]bool
	results map[resultOf]bool
}

type resultOf struct {
	fn *funcs.Func
	i  int
}

// ownedVars returns r's memo, made on first use.
func (r *Result) ownedVars() *ownedVars {
	if r.owned == nil {
		r.owned = &ownedVars{info: r.pass.TypesInfo, ix: r.ix, cf: r.cf, vars: make(map[*types.Var]ownedVar),
			keeps: make(map[*types.Func]bool), results: make(map[resultOf]bool)}
	}
	return r.owned
}

// An ownedVar is a local variable assigned once, an allocation: def is
// the end of that assignment, escapes the uses after it that may hand
// the object to other code, in source order.
type ownedVar struct {
	ok      bool
	def     token.Pos
	escapes []token.Pos
	// into: for an escape that stores the object in a field, map or
	// slice of another (o.byKey[k] = n), that other's variable.
	into map[token.Pos]*types.Var
}

// FreshHeld reports whether k, a lock held at the acquisition [at, end) of
// another lock, is the lock of an object fn has just allocated (n :=
// &T{...} or new(T)) that nothing else can reach yet: between the
// allocation and the end of that acquisition (r.add(n) hands n over), n
// is only locked, unlocked, has fields set or read, or has methods
// called that keep it to themselves (see localUse), in fn itself. No
// other goroutine can hold that lock, so taking another lock under it
// makes no edge: newNode locks the node it builds, then the registry to
// add it.
func (r *Result) FreshHeld(fn *funcs.Func, k lockset.Key, at, end token.Pos) bool {
	o := r.ownedVars()
	v, ok := o.of(fn, k, at)
	return ok && v.keptUntil(end)
}

// FreshTaken reports whether k, the lock taken at at under another, is the
// lock of such an object, that nothing else can reach before at: no
// goroutine can hold it, so taking it makes no edge either (NewClient
// holds the config's lock and sets up the client it builds through the
// client's locked methods). A use in a loop around at may run before
// it, in an earlier iteration.
//
// An object stored, before at, in a field, map or slice of another
// object whose lock is held there and still held at at (m.renewal[k] =
// r under m.renewalMu, then r.start(), which locks r.timerMu) is still
// fresh at at: in a program without data races, whoever finds it there
// takes that lock first.
func (r *Result) FreshTaken(fn *funcs.Func, k lockset.Key, at token.Pos) bool {
	return r.freshTaken(fn, k, at, false)
}

// freshTaken is FreshTaken; with first, the acquiring call (a method
// call on the object) takes the lock before anything else, so that the
// call's own use of the object comes after.
func (r *Result) freshTaken(fn *funcs.Func, k lockset.Key, at token.Pos, first bool) bool {
	o := r.ownedVars()
	v, ok := o.of(fn, k, at)
	if !ok {
		return false
	}
	if len(v.into) > 0 {
		v = r.lessPublished(fn, v, at)
	}
	if first {
		v.escapes = slices.DeleteFunc(slices.Clone(v.escapes), func(e token.Pos) bool { return e == at })
	}
	if !v.keptUntil(at + 1) { // at: the acquiring call's own use
		return false
	}
	return v.keptUntil(loopEnd(fn.Body, v.def, at, at+1))
}

// locksFirst reports whether a, a lock callee takes itself, is taken by
// the first statement of callee, on its receiver (func (r *T) start() {
// r.mu.Lock(); ... }): before callee does anything else with it.
func (r *Result) locksFirst(callee *funcs.Func, a Acq) bool {
	if len(a.Chain) != 1 || a.Ref.Root != "recv" || callee.Body == nil || len(callee.Body.List) == 0 {
		return false
	}
	es, ok := callee.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	return ok && r.pos(call.Pos()) == a.Chain[0].Pos
}

// lessPublished returns v without its escapes before at that store the
// object into another whose lock is held from there to at (the same
// acquisition).
func (r *Result) lessPublished(fn *funcs.Func, v ownedVar, at token.Pos) ownedVar {
	held, ok := r.heldAcc[fn]
	if !ok {
		// HeldAtAccesses walks fn again: once per function.
		held = r.locks.HeldAtAccesses(fn)
		if r.heldAcc == nil {
			r.heldAcc = make(map[*funcs.Func]map[ast.Node][]lockset.Lock)
		}
		r.heldAcc[fn] = held
	}
	if held == nil {
		return v
	}
	var atHeld []lockset.Lock
	byPos := make(map[token.Pos][]lockset.Lock)
	for n, ls := range held {
		if n.Pos() == at {
			atHeld = ls
		}
		if id, ok := n.(*ast.Ident); ok && v.into[id.Pos()] != nil {
			byPos[id.Pos()] = ls
		}
	}
	kept := v
	kept.escapes = slices.DeleteFunc(slices.Clone(v.escapes), func(e token.Pos) bool {
		owner := v.into[e]
		if owner == nil || e >= at {
			return false
		}
		for _, l := range byPos[e] {
			if l.Key.Root() == owner && slices.ContainsFunc(atHeld, func(h lockset.Lock) bool { return h.Key == l.Key && h.Pos == l.Pos }) {
				return true
			}
		}
		return false
	})
	return kept
}

// loopEnd returns the end of the outermost loop of body around at that
// starts after def, or end when there is none: a use in that loop may
// run before at, in an earlier iteration.
func loopEnd(body *ast.BlockStmt, def, at, end token.Pos) token.Pos {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() > def && n.Pos() <= at && at < n.End() && n.End() > end {
				end = n.End()
			}
		case *ast.FuncLit:
			return false
		}
		return true
	})
	return end
}

// keptUntil reports whether no use of v from its allocation up to end
// may hand the object over.
func (v ownedVar) keptUntil(end token.Pos) bool {
	for _, e := range v.escapes {
		if e >= end {
			break
		}
		if e >= v.def {
			return false
		}
	}
	return true
}

// of returns the ownedVar k's root is, when it is a local variable of fn
// allocated before at.
func (o *ownedVars) of(fn *funcs.Func, k lockset.Key, at token.Pos) (ownedVar, bool) {
	root := k.Root()
	if root == nil || fn.Body == nil || root.Pos() < fn.Body.Pos() || root.Pos() > fn.Body.End() {
		return ownedVar{}, false
	}
	v, known := o.vars[root]
	if !known {
		v = o.owned(fn, root)
		o.vars[root] = v
	}
	return v, v.ok && v.def <= at
}

// owned finds root's one assignment in fn, an allocation, and the uses
// after it that may hand the object over.
func (o *ownedVars) owned(fn *funcs.Func, root *types.Var) ownedVar {
	info := o.info
	var v ownedVar
	defs := 0
	v.ok = true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, lhs := range as.Lhs {
			id, isID := lhs.(*ast.Ident)
			if !isID || (info.Defs[id] != root && info.Uses[id] != root) {
				continue
			}
			defs++
			if !o.allocates(as, i) {
				v.ok = false
			}
			v.def = as.End()
		}
		return true
	})
	if !v.ok || defs != 1 {
		return ownedVar{}
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, rhs := range as.Rhs {
				if id, ok := ast.Unparen(rhs).(*ast.Ident); ok && info.Uses[id] == root {
					if owner := storedInto(info, as.Lhs[i]); owner != nil {
						if v.into == nil {
							v.into = make(map[token.Pos]*types.Var)
						}
						v.into[id.Pos()] = owner
					}
				}
			}
		}
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == root && id.Pos() >= v.def && !o.localUse(fn.File, id) {
			v.escapes = append(v.escapes, id.Pos())
		}
		return true
	})
	return v
}

// storedInto returns the variable whose object lhs is a field, or an
// element of a map or slice field, of (o.f, o.m[k], o.s[i]).
func storedInto(info *types.Info, lhs ast.Expr) *types.Var {
	e := ast.Unparen(lhs)
	if ix, ok := e.(*ast.IndexExpr); ok {
		e = ast.Unparen(ix.X)
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// allocates reports whether the assignment as gives its i-th left side a
// new object: an allocation, or the i-th result of a package function
// that returns one it has just allocated and kept (freshResult).
func (o *ownedVars) allocates(as *ast.AssignStmt, i int) bool {
	if len(as.Rhs) == len(as.Lhs) {
		if allocates(o.info, as.Rhs[i]) {
			return true
		}
		if len(as.Lhs) > 1 {
			return false
		}
		i = 0
	} else if len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	local, obj := o.ix.Callee(call)
	return local != nil && obj != nil && !funcs.IsInterfaceMethod(obj) && o.freshResult(local, i)
}

// freshResult reports whether every return of fn gives, as its i-th
// result, nil, an allocation, or a local variable holding one that
// nothing has handed over up to the return (NewClient builds, sets up
// and returns its client).
func (o *ownedVars) freshResult(fn *funcs.Func, i int) bool {
	k := resultOf{fn, i}
	if r, ok := o.results[k]; ok {
		return r
	}
	o.results[k] = false // a recursive constructor: not followed
	r := fn.Body != nil
	fresh := 0
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if !r {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) <= i || len(n.Results) == 1 && fn.Type.Results.NumFields() > 1 {
				r = false // a bare return, or return f()
				return false
			}
			res := ast.Unparen(n.Results[i])
			if id, ok := res.(*ast.Ident); ok && o.info.Uses[id] == types.Universe.Lookup("nil") {
				return false
			}
			if allocates(o.info, res) {
				fresh++
				return false
			}
			v := funcs.LocalVar(o.info, res)
			if v == nil || v.Pos() < fn.Body.Pos() || v.Pos() > fn.Body.End() {
				r = false
				return false
			}
			ov, known := o.vars[v]
			if !known {
				ov = o.owned(fn, v)
				o.vars[v] = ov
			}
			r = ov.ok && ov.def <= n.Pos() && ov.keptUntil(loopEnd(fn.Body, ov.def, n.Pos(), n.Pos()+1))
			fresh++
			return false
		}
		return true
	})
	r = r && fresh > 0
	o.results[k] = r
	return r
}

// allocates reports whether e is &T{...} or new(T).
func allocates(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	case *ast.CallExpr:
		id, isID := ast.Unparen(e.Fun).(*ast.Ident)
		if !isID {
			return false
		}
		b, isBuiltin := info.Uses[id].(*types.Builtin)
		return isBuiltin && b.Name() == "new"
	}
	return false
}

// localUse reports whether the use id of a fresh object's variable
// keeps the object to fn, outside any function literal: a field
// selection (n.f, n.f.g) that is assigned to, read as a value of basic
// type, or whose lock is locked or unlocked (n.mu.Lock()); any use of a
// value loaded from a field that is not stored in n (a pointer, a map);
// or a call of a method of the package that keeps its receiver to
// itself (keepsRecv); and any use in a return statement, after which
// the function runs no more.
func (o *ownedVars) localUse(file *ast.File, id *ast.Ident) bool {
	info := o.info
	path, _ := astutil.PathEnclosingInterval(file, id.Pos(), id.End())
	for _, p := range path {
		if _, lit := p.(*ast.FuncLit); lit {
			return false
		}
	}
	for _, p := range path {
		if _, ret := p.(*ast.ReturnStmt); ret {
			// return n ends the function: nothing of it runs after.
			return true
		}
	}
	if len(path) < 2 {
		return false
	}
	i := 1
	for i < len(path) {
		sel, isSel := path[i].(*ast.SelectorExpr)
		if !isSel || (i > 1 && sel.X != path[i-1]) {
			break
		}
		i++
	}
	if i >= len(path) {
		return false
	}
	top := path[i-1].(ast.Expr)
	if i == 2 {
		// n.m(...): a method of n.
		if call, isCall := path[i].(*ast.CallExpr); isCall && call.Fun == top && !isGo(path[i+1:]) {
			if s := info.Selections[top.(*ast.SelectorExpr)]; s != nil && s.Kind() == types.MethodVal {
				m, _ := s.Obj().(*types.Func)
				return m != nil && o.keepsRecv(m)
			}
		}
	}
	if i == 1 {
		return false // n itself, not one of its fields
	}
	// n.cfg.Transport, n.headers[k]: a value loaded from a field that is
	// not part of n's own storage (a pointer, map, slice, interface...)
	// does not reach n, whatever is done with it.
	for j := 1; j < i; j++ {
		if s := info.Selections[path[j].(*ast.SelectorExpr)]; s != nil && s.Kind() == types.FieldVal && !inline(s.Type()) {
			if _, addr := path[j+1].(*ast.UnaryExpr); !addr || j+1 < i {
				return true
			}
		}
	}
	switch p := path[i].(type) {
	case *ast.CallExpr:
		// n.mu.Lock(), n.mu.Unlock(): a lock operation on a field. Any
		// other call of a method of n or of one of its fields may hand
		// n over (c.initClient() registers the client).
		fn, _ := typeutil.Callee(info, p).(*types.Func)
		e, known := model.Lookup(fn)
		return p.Fun == top && i > 2 && known && (e.Is(model.Locks) || e.Is(model.Unlocks))
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == top {
				return true
			}
		}
	}
	if sel, isSel := top.(*ast.SelectorExpr); isSel {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			_, basic := s.Type().Underlying().(*types.Basic)
			return basic
		}
	}
	return false
}

// keepsRecv reports whether m, a method of the package, keeps its
// receiver to itself: the receiver's fields are only loaded, stored to
// or locked and unlocked, and the receiver is only the receiver of
// other such methods. A call of m does not hand the object over.
func (o *ownedVars) keepsRecv(m *types.Func) bool {
	if r, ok := o.keeps[m]; ok {
		return r
	}
	o.keeps[m] = true // a recursive call keeps it if the rest does
	d := o.ix.Decl(m)
	var f *ssa.Function
	if d != nil {
		f = o.cf.Program().Func(d.Node)
	}
	r := f != nil && len(f.Params) > 0 && f.Signature.Recv() != nil && o.recvKept(f.Params[0])
	o.keeps[m] = r
	return r
}

func (o *ownedVars) recvKept(recv *ssa.Parameter) bool {
	if _, isPtr := recv.Type().Underlying().(*types.Pointer); !isPtr {
		return true // a copy
	}
	for _, r := range *recv.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			if !fieldKept(r) {
				return false
			}
		case *ssa.Call:
			common := r.Common()
			callee := common.StaticCallee()
			if callee == nil || len(common.Args) == 0 || common.Args[0] != recv || slices.Contains(common.Args[1:], ssa.Value(recv)) {
				return false
			}
			m, _ := callee.Object().(*types.Func)
			if m == nil || m.Pkg() != recv.Parent().Pkg.Pkg || !o.keepsRecv(m) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// fieldKept reports whether a field's address is only loaded from,
// stored to, or locked and unlocked.
func fieldKept(fa *ssa.FieldAddr) bool {
	for _, r := range *fa.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Addr != ssa.Value(fa) {
				return false
			}
		case *ssa.FieldAddr:
			if !fieldKept(r) {
				return false
			}
		case *ssa.Call, *ssa.Defer:
			callee := r.(ssa.CallInstruction).Common().StaticCallee()
			if callee == nil {
				return false
			}
			fn, _ := callee.Object().(*types.Func)
			e, known := model.Lookup(fn)
			if !known || !e.Is(model.Locks) && !e.Is(model.Unlocks) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// inline reports whether a field of type t is stored in its struct: a
// struct or an array, whose locks are the struct's.
func inline(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array:
		return true
	}
	return false
}

// isGo reports whether the first node of path is a go statement.
func isGo(path []ast.Node) bool {
	if len(path) == 0 {
		return false
	}
	_, ok := path[0].(*ast.GoStmt)
	return ok
}
