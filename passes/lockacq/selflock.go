package lockacq

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A call through a field of an object (x.onChange(...), a func-valued
// field; x.ranker.Rank(...), an interface-valued one) runs what the
// package stores in that field. When what is stored reaches back to the
// very object it is stored in (a closure that captures the object, a
// value whose field points back at it) and locks it, the call locks x:
//
//	c.br.onStateChange = func(...) { ... c.br.State() ... } // State locks b.mu
//	ix.ranker = sortRanker{s: termScorer{ix: ix}}           // Score locks s.ix
//
// The same holds for a function kept in a map or slice field
// (x.hooks[name](), or h() for each h of x.hooks: elemSelfLocks), and
// through the body of a sync.Once.Do (the model's Runs) in the stored
// closure.
//
// SelfLocks proves it on the package's SSA form: every store to the
// field's class is looked at; for a closure, the locks it takes (through
// the package's calls, refs.Translate at each) rooted at the store's
// object; for another value, the locks its methods take on paths of the
// value (a field of a field...) that the stores the value is built from
// set to the store's object. One store that does is enough: the call
// deadlocks when that value is the one in the field.

// SelfLocks returns the locks a call of fn through a field of an object
// may take on that same object, in the caller's terms.
func (r *Result) SelfLocks(fn *funcs.Func, call *ast.CallExpr) []Site {
	if r.cf == nil {
		return nil
	}
	if out, ok := r.elemSelfLocks(call); ok {
		return out
	}
	if out := r.ownerCallbacks(call); len(out) > 0 {
		return out
	}
	// The syntax: x.f(...) or x.f.m(...), x a lock path.
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	objExpr := sel.X
	if inner, ok := astutil.Unparen(sel.X).(*ast.SelectorExpr); ok && isInterface(r.pass.TypesInfo.TypeOf(sel.X)) {
		objExpr = inner.X
	} else if _, isSig := r.pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature); !isSig || r.pass.TypesInfo.Selections[sel] == nil ||
		r.pass.TypesInfo.Selections[sel].Kind() != types.FieldVal {
		return nil
	}
	key, name, ok := r.locks.Path(objExpr)
	if !ok {
		return nil
	}
	prog := r.cf.Program()
	c := prog.CallAt(call.Lparen)
	if c == nil {
		return nil
	}
	common := c.Common()
	fieldVal := common.Value
	fa := loadedField(fieldVal)
	if fa == nil {
		return nil
	}
	class := prog.Of(fa).Class
	if class == "" {
		return nil
	}
	var out []Site
	for _, st := range prog.FieldStores(class) {
		base := prog.Of(st.Addr.(*ssa.FieldAddr).X)
		if base.Root == nil {
			continue
		}
		if m, recv := boundMethod(st.Val); m != nil {
			sites := r.boundSites(prog, m, recv, base, key, name, call, st.Pos(), "")
			if len(sites) == 0 {
				sites = r.siblingSites(prog, m, recv, st, objExpr, call)
			}
			out = append(out, sites...)
			continue
		}
		if sites := r.ctorSites(prog, st, key, name, call); len(sites) > 0 {
			out = append(out, sites...)
			continue
		}
		for _, l := range r.storedLocks(prog, st.Val, common, base) {
			out = append(out, Site{
				Key:   key.Extend(l.suffix),
				Mode:  l.mode,
				Name:  name + l.suffix,
				Class: l.class,
				Chain: []Step{
					{Name: types.ExprString(call.Fun), Pos: r.pos(call.Lparen)},
					{Name: l.via + " stored at " + r.pos(st.Pos()), Pos: ""},
					{Name: name + l.suffix, Pos: r.pos(l.pos), Lock: true, Mode: l.mode},
				},
			})
		}
	}
	return out
}

func isInterface(t types.Type) bool { return t != nil && types.IsInterface(t) }

// loadedField returns the field address a value is loaded from, through
// interface changes.
func loadedField(v ssa.Value) *ssa.FieldAddr {
	for {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				fa, _ := x.X.(*ssa.FieldAddr)
				return fa
			}
			return nil
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return nil
		}
	}
}

// selfLock is a lock a stored value takes on the object it is stored in.
type selfLock struct {
	suffix string // the lock's path below the object: ".mu"
	mode   model.LockMode
	class  string
	pos    token.Pos
	via    string
}

// storedLocks returns the locks the value v stored in a field of base
// takes on base when called as common calls it.
func (r *Result) storedLocks(prog *refs.Program, v ssa.Value, common *ssa.CallCommon, base refs.Ref) []selfLock {
	var out []selfLock
	if !common.IsInvoke() {
		g := funcValue(v)
		maker, made := v.(*ssa.Call)
		if g == nil && made {
			g = returnedLiteral(maker)
		}
		if g == nil {
			return nil
		}
		for _, l := range r.ssaLocks(prog, g) {
			ref := l.ref
			if g.Parent() != nil && made && funcValue(v) == nil {
				// A literal a helper returns (t.releaser(id)): its
				// variables are the helper's parameters, the call's
				// arguments.
				ref = prog.Translate(ref, g.Parent(), maker.Common())
			}
			if ref.Root == base.Root && strings.HasPrefix(ref.Path, base.Path+".") {
				out = append(out, selfLock{suffix: ref.Path[len(base.Path):], mode: l.mode, class: ref.Class, pos: l.pos, via: "the func literal"})
			}
		}
		return out
	}
	mi, ok := v.(*ssa.MakeInterface)
	if !ok {
		return nil
	}
	for _, g := range r.cf.CallTargets(callOf(common)) {
		if g.Signature.Recv() == nil || len(g.Params) == 0 || !types.Identical(derefType(g.Params[0].Type()), derefType(mi.X.Type())) {
			continue
		}
		for _, l := range r.ssaLocks(prog, g) {
			l.ref = spilled(l.ref)
			if l.ref.Root != g.Params[0] {
				continue
			}
			// A path of the value that the stores building it set to
			// base: .s.ix of sortRanker{s: termScorer{ix: ix}}; or the
			// value itself (c.resolver = c).
			fields := strings.Split(l.ref.Path, ".")[1:]
			for i := len(fields) - 1; i >= 0; i-- {
				w := valueAt(prog, mi.X, fields[:i])
				if w == nil {
					continue
				}
				if wr := prog.Of(w); refs.Same(wr, base) || (wr.Root == base.Root && wr.Path == base.Path && wr.Root != nil) {
					via := g.Name()
					if obj, ok := g.Object().(*types.Func); ok {
						via = model.Name(obj, r.pass.Pkg)
					}
					out = append(out, selfLock{suffix: "." + strings.Join(fields[i:], "."), mode: l.mode, class: l.ref.Class, pos: l.pos,
						via: via + " of the value"})
					break
				}
			}
		}
	}
	return out
}

// returnedLiteral returns the function literal a call of a function of
// the package returns on every path (func (t *T) releaser(id int) func()
// { return func() { ... } }), or nil.
func returnedLiteral(call *ssa.Call) *ssa.Function {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Blocks == nil || callee.Signature.Results().Len() != 1 {
		return nil
	}
	var lit *ssa.Function
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		mc, ok := ret.Results[0].(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok || fn.Parent() != callee || lit != nil && lit != fn {
			return nil
		}
		lit = fn
	}
	return lit
}

// boundMethod returns, for a method value x.m (a closure of the bound
// method wrapper, maybe converted to a named func type), the method of
// the package it calls and x.
func boundMethod(v ssa.Value) (*ssa.Function, ssa.Value) {
	if ct, ok := v.(*ssa.ChangeType); ok {
		v = ct.X // converted to a named func type
	}
	mc, ok := v.(*ssa.MakeClosure)
	if !ok || len(mc.Bindings) != 1 {
		return nil, nil
	}
	g, ok := mc.Fn.(*ssa.Function)
	if !ok || g.Synthetic == "" || g.Object() == nil {
		return nil, nil
	}
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if m := c.Common().StaticCallee(); m != nil && m.Object() == g.Object() && m.Blocks != nil && len(m.Params) > 0 {
					return m, mc.Bindings[0]
				}
			}
		}
	}
	return nil, nil
}

// boundSites returns the locks a call through a field takes when the
// field holds the method value base.m, bound to the very object the
// field is read from (c.loader = c.slowLoad; c.loader(k)): those of a
// call of c.m, with what m releases first (a helper that unlocks and
// locks again does not lock twice). key and name are the object's;
// through names the field call when the callee makes it ("l.onEvict").
func (r *Result) boundSites(prog *refs.Program, m *ssa.Function, recv ssa.Value, base refs.Ref, key lockset.Key, name string, call *ast.CallExpr, at token.Pos, through string) []Site {
	// The receiver is base, or a path below it (c.sub of c): suffix.
	rr := prog.Of(recv)
	suffix := ""
	switch {
	case refs.Same(rr, base) || rr.Root != nil && rr.Root == base.Root && rr.Path == base.Path:
	case rr.Root != nil && rr.Root == base.Root && strings.HasPrefix(rr.Path, base.Path+"."):
		suffix = rr.Path[len(base.Path):]
	default:
		return nil
	}
	stored := "stored at " + r.pos(at)
	if through != "" {
		stored = through + ", the method value %s " + stored
	} else {
		stored = "the method value %s " + stored
	}
	return r.methodSites(m, call, stored, key, name, suffix, "")
}

// methodSites returns the locks the method m takes on its receiver, as
// locks of key+suffix, for a call through a field (call) that runs it;
// what names the method value ("the method value %s stored at x.go:3").
// With strip, only the locks on paths below the receiver's field strip
// count, with that field cut: the receiver's field is key.
func (r *Result) methodSites(m *ssa.Function, call *ast.CallExpr, what string, key lockset.Key, name, suffix, strip string) []Site {
	mf := r.ix.Of(m.Syntax())
	if mf == nil {
		return nil
	}
	via := m.Name()
	if obj, ok := m.Object().(*types.Func); ok {
		via = model.Name(obj, r.pass.Pkg)
	}
	head := []Step{
		{Name: types.ExprString(call.Fun), Pos: r.pos(call.Lparen)},
		{Name: fmt.Sprintf(what, via), Pos: ""},
	}
	var out []Site
	for _, a := range r.acqs[mf] {
		if a.Ref.Root != "recv" || len(a.Chain)+len(head) > reach.MaxChain || !strings.HasPrefix(a.Ref.Fields, strip+".") {
			continue
		}
		fields := a.Ref.Fields[len(strip):]
		s := Site{Key: key.Extend(suffix + fields), Mode: a.Ref.Mode, Name: name + suffix + fields, Class: a.Class, Guarded: a.Guarded,
			Chain: append(slices.Clone(head), a.Chain...)}
		if suffix != "" {
			// pw.cc.mu of a pw whose cc points back: cc.mu.
			s.Key = r.locks.Canon(s.Key)
			s.Name = s.Key.String()
		}
		for _, rel := range a.Released {
			if rel.Root == "recv" && strings.HasPrefix(rel.Fields, strip+".") {
				s.Released = append(s.Released, lockset.KeyMode{Key: r.locks.Canon(key.Extend(suffix + rel.Fields[len(strip):])), Mode: rel.Mode})
			}
		}
		out = append(out, s)
	}
	return out
}

// ctorSites returns the locks a call through a field takes when the
// field is set, where the object is made, from a parameter of its
// constructor, and the constructor's one caller passes a method value
// of the object it stores the result in (t.cache = NewCache(n,
// t.evicted); c.onEvict(k, v) in the cache runs t.evicted). What the
// method locks below t.cache is the cache's: t.evicted calling
// t.cache.Len() locks c.mu. The holder's field must be unexported and
// stored only there, so that t.cache is that cache for good.
func (r *Result) ctorSites(prog *refs.Program, st *ssa.Store, key lockset.Key, name string, call *ast.CallExpr) []Site {
	param, ok := st.Val.(*ssa.Parameter)
	if !ok {
		return nil
	}
	ctor := param.Parent()
	obj := st.Addr.(*ssa.FieldAddr).X
	if ctor == nil || !returnsOnly(ctor, obj) {
		return nil
	}
	idx := slices.Index(ctor.Params, param)
	var out []Site
	for _, c := range staticCallsOf(prog, ctor) {
		args := c.Common().Args
		if idx < 0 || idx >= len(args) {
			continue
		}
		m, recv := boundMethod(args[idx])
		if m == nil {
			continue
		}
		v, ok := c.(*ssa.Call)
		if !ok {
			continue
		}
		into, ok := storedValueInto(v)
		if !ok {
			continue
		}
		h := fieldVar(into)
		if h == nil || h.Exported() || h.Pkg() != r.pass.Pkg {
			continue
		}
		holder, rr := prog.Of(into.X), prog.Of(recv)
		if holder.Root == nil || holder.Root != rr.Root || holder.Path != rr.Path {
			continue
		}
		if class := prog.Of(into).Class; class == "" || len(prog.FieldStores(class)) != 1 {
			continue
		}
		what := "the method value %s passed to " + ctor.Name() + " at " + r.pos(c.Pos())
		out = append(out, r.methodSites(m, call, what, key, name, "", "."+h.Name())...)
	}
	return out
}

// returnsOnly reports whether every return of fn returns v (first).
func returnsOnly(fn *ssa.Function, v ssa.Value) bool {
	n := 0
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if len(ret.Results) == 0 || ret.Results[0] != v {
				return false
			}
			n++
		}
	}
	return n > 0
}

// staticCallsOf returns the package's static calls of fn.
func staticCallsOf(prog *refs.Program, fn *ssa.Function) []ssa.CallInstruction {
	var out []ssa.CallInstruction
	for _, g := range prog.Funcs {
		for _, b := range g.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().StaticCallee() == fn {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// storedValueInto returns the field address the value v is stored into,
// when that is its only use.
func storedValueInto(v ssa.Value) (*ssa.FieldAddr, bool) {
	refs := *v.Referrers()
	if len(refs) != 1 {
		return nil, false
	}
	st, ok := refs[0].(*ssa.Store)
	if !ok || st.Val != v {
		return nil, false
	}
	fa, ok := st.Addr.(*ssa.FieldAddr)
	return fa, ok
}

// siblingSites returns the locks a call through a field takes when the
// field holds a method value bound to a path of the object that holds
// the field's object (cc.bal = &balancer{onUpdate: cc.pw.updateState};
// cc.bal.onUpdate(s) runs cc.pw.updateState). The call must read the
// field's object from the same field of its holder (cc.bal) as the
// store put it in, made in the function that made the object.
func (r *Result) siblingSites(prog *refs.Program, m *ssa.Function, recv ssa.Value, st *ssa.Store, objExpr ast.Expr, call *ast.CallExpr) []Site {
	held, ok := storedOnceInto(st.Addr.(*ssa.FieldAddr).X)
	if !ok {
		return nil
	}
	sel, ok := astutil.Unparen(objExpr).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	sl := r.pass.TypesInfo.Selections[sel]
	if sl == nil || sl.Kind() != types.FieldVal || sl.Obj() != fieldVar(held) {
		return nil
	}
	holder := prog.Of(held.X)
	if holder.Root == nil {
		return nil
	}
	key, name, ok := r.locks.Path(sel.X)
	if !ok {
		return nil
	}
	return r.boundSites(prog, m, recv, holder, key, name, call, st.Pos(), "")
}

// storedOnceInto returns the field address the value v (an allocation) is
// stored into, when it is stored exactly once and used otherwise only
// through its fields.
func storedOnceInto(v ssa.Value) (*ssa.FieldAddr, bool) {
	if _, ok := v.(*ssa.Alloc); !ok {
		return nil, false
	}
	var into *ssa.FieldAddr
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			fa, ok := ref.Addr.(*ssa.FieldAddr)
			if !ok || ref.Val != v || into != nil {
				return nil, false
			}
			into = fa
		case *ssa.FieldAddr:
		default:
			return nil, false
		}
	}
	return into, into != nil
}

// fieldVar returns the field a field address selects.
func fieldVar(fa *ssa.FieldAddr) *types.Var {
	st, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return st.Field(fa.Field)
}

// callOf finds the call instruction of a CallCommon (CallTargets is keyed
// by instruction).
func callOf(common *ssa.CallCommon) ssa.CallInstruction {
	if common.Value == nil {
		return nil
	}
	for _, ref := range *common.Value.Referrers() {
		if c, ok := ref.(ssa.CallInstruction); ok && c.Common() == common {
			return c
		}
	}
	return nil
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func funcValue(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	case *ssa.Function:
		return v
	}
	return nil
}

// valueAt returns the value at a field path of v, where v is built in
// its function by stores to the fields of a local (a composite literal),
// through interface wrapping and pointers; nil when not known.
func valueAt(prog *refs.Program, v ssa.Value, fields []string) ssa.Value {
	for _, f := range fields {
		for {
			if mi, ok := v.(*ssa.MakeInterface); ok {
				v = mi.X
				continue
			}
			break
		}
		var alloc *ssa.Alloc
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			alloc, _ = x.X.(*ssa.Alloc)
		case *ssa.Alloc:
			alloc = x
		}
		if alloc == nil {
			return nil
		}
		var next ssa.Value
		for _, ref := range *alloc.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok || fieldName(fa) != f {
				continue
			}
			for _, fr := range *fa.Referrers() {
				if st, ok := fr.(*ssa.Store); ok && st.Addr == fa {
					if next != nil && next != st.Val {
						return nil
					}
					next = st.Val
				}
			}
		}
		if next == nil {
			return nil
		}
		v = next
	}
	return v
}

func fieldName(fa *ssa.FieldAddr) string {
	st, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// ssaLock is a lock a function takes, as a Ref in its own terms.
type ssaLock struct {
	ref  refs.Ref
	mode model.LockMode
	pos  token.Pos
}

// maxSelfLocks bounds the locks kept per function.
const maxSelfLocks = 64

// ssaLocks returns the locks g takes, itself or through the package's
// calls (mapped onto the call's arguments, refs.Translate), computed
// once per function (a recursive call adds nothing).
func (r *Result) ssaLocks(prog *refs.Program, g *ssa.Function) []ssaLock {
	if l, ok := r.selfMemo[g]; ok {
		return l
	}
	if r.selfMemo == nil {
		r.selfMemo = make(map[*ssa.Function][]ssaLock)
	}
	r.selfMemo[g] = nil
	var out []ssaLock
	add := func(l ssaLock) {
		for _, o := range out {
			if o.ref == l.ref && o.mode == l.mode {
				return
			}
		}
		if len(out) < maxSelfLocks {
			out = append(out, l)
		}
	}
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := c.(*ssa.Go); isGo {
				continue
			}
			common := c.Common()
			if l, ok := r.lockCall(prog, common); ok {
				l.pos = c.Pos()
				add(l)
				continue
			}
			// once.Do(func() { ... }): the body runs here; its refs
			// reach the caller's values through its free variables.
			if body := r.runsBodySSA(common); body != nil {
				for _, l := range r.ssaLocks(prog, body) {
					add(l)
				}
				continue
			}
			for _, callee := range r.cf.CallTargets(c) {
				for _, l := range r.ssaLocks(prog, callee) {
					l.ref = prog.Translate(spilled(l.ref), callee, common)
					add(l)
				}
			}
		}
	}
	r.selfMemo[g] = out
	return out
}

// runsBodySSA returns the function a Runs call (once.Do(f)) runs on the
// calling goroutine, when it is a function of the package.
func (r *Result) runsBodySSA(common *ssa.CallCommon) *ssa.Function {
	fn := common.StaticCallee()
	if fn == nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	e, ok := r.m.Lookup(obj)
	if !ok || !e.Is(model.Runs) || e.Body < 0 {
		return nil
	}
	i := e.Body
	if fn.Signature.Recv() != nil {
		i++ // the receiver is the first argument
	}
	if i >= len(common.Args) {
		return nil
	}
	return funcValue(common.Args[i])
}

// lockCall returns the lock a call of a sync lock operation takes.
func (r *Result) lockCall(prog *refs.Program, common *ssa.CallCommon) (ssaLock, bool) {
	var obj *types.Func
	var recv ssa.Value
	if common.IsInvoke() {
		obj, recv = common.Method, common.Value
	} else if fn := common.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(common.Args) > 0 {
		obj, _ = fn.Object().(*types.Func)
		recv = common.Args[0]
	}
	e, ok := r.m.Lookup(obj)
	if !ok || !e.Is(model.Locks) || e.Suspending {
		return ssaLock{}, false
	}
	if sig, ok := obj.Type().(*types.Signature); ok && sig.Results().Len() > 0 {
		return ssaLock{}, false // TryLock
	}
	return ssaLock{ref: prog.Of(recv), mode: e.Lock}, true
}

// spilled maps a Ref rooted at a local that only ever holds a copy of a
// parameter (a value receiver the function takes fields of) onto the
// parameter, when the path goes through a pointer or interface field
// first: the copy and the original refer to the same object.
func spilled(r refs.Ref) refs.Ref {
	a, ok := r.Root.(*ssa.Alloc)
	if !ok || r.Path == "" {
		return r
	}
	var param *ssa.Parameter
	for _, ref := range *a.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == a {
			p, ok := st.Val.(*ssa.Parameter)
			if !ok || (param != nil && param != p) {
				return r
			}
			param = p
		}
	}
	if param == nil {
		return r
	}
	st, ok := derefType(a.Type()).Underlying().(*types.Struct)
	if !ok {
		return r
	}
	first := strings.Split(r.Path, ".")[1]
	for i := range st.NumFields() {
		if st.Field(i).Name() == first {
			switch st.Field(i).Type().Underlying().(type) {
			case *types.Pointer, *types.Interface:
				return refs.Ref{Root: param, Path: r.Path, Class: r.Class}
			}
		}
	}
	return r
}

// maxValueTargets bounds the functions a call of a function value is
// followed into.
const maxValueTargets = 3

// valueTargets returns the package functions a call of a function value
// (a func-valued field, a parameter every caller passes one function
// for) may run, as chanflow resolves them; none beyond maxValueTargets.
func (r *Result) valueTargets(call *ast.CallExpr) []*funcs.Func {
	if r.cf == nil {
		return nil
	}
	c := r.cf.Program().CallAt(call.Lparen)
	if c == nil || c.Common().IsInvoke() {
		return nil
	}
	var out []*funcs.Func
	for _, g := range r.cf.CallTargets(c) {
		if syn := g.Syntax(); syn != nil {
			if f := r.ix.Of(syn); f != nil {
				out = append(out, f)
			}
		}
	}
	if len(out) > maxValueTargets {
		return nil
	}
	return out
}

// valueCall returns the locks a call of a function value may take: those
// of any function it may run, known by their class only (the receiver a
// method value is bound to is not the call's).
func (r *Result) valueCall(call *ast.CallExpr) []Acq {
	if r.cf == nil {
		return nil
	}
	var out []Acq
	// A literal passed for a parameter is the caller's to name
	// (CallbackHolds): what it captures counts here only when it comes
	// another way (a field of a job received from a channel).
	c := r.cf.Program().CallAt(call.Lparen)
	if c == nil {
		return nil
	}
	_, param := c.Common().Value.(*ssa.Parameter)
	for _, g := range r.valueTargets(call) {
		var acqs []Acq
		for _, a := range r.acqs[g] {
			if a.Ref.Root == "" && !a.key.IsZero() && (param || !captured(g, a.key) || !r.handedTo(g, c.Parent())) {
				continue // a variable of g's own
			}
			a.Ref = lockset.LockRef{Mode: a.Ref.Mode}
			a.key = lockset.Key{}
			a.Released, a.released = nil, nil
			acqs = append(acqs, a)
		}
		name := r.callName(call)
		if lit, ok := g.Node.(*ast.FuncLit); ok {
			name += " (the func literal at " + r.pos(lit.Pos()) + ")"
		} else if g.Obj != nil {
			name += " (" + model.Name(g.Obj, r.pass.Pkg) + ")"
		}
		out = append(out, r.prefix(call, acqs, name)...)
	}
	return out
}

// captured reports whether k is rooted at a variable a function literal
// g captures: a lock of an object the literal was made for (the disk of
// d.pool.Go(func() { d.mu.Lock() ... })), whose class is known wherever
// the literal runs.
func captured(g *funcs.Func, k lockset.Key) bool {
	v := k.Root()
	lit, ok := g.Node.(*ast.FuncLit)
	return ok && v != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End())
}

// handedTo reports whether the literal g is passed, where it is made, to
// a method of the type whose method makes the call (v.w.submit(func()
// {...}) for the j.run() of (*worker).loop): the function values of one
// field are joined by their class, and a literal handed to another type
// runs elsewhere.
func (r *Result) handedTo(g *funcs.Func, caller *ssa.Function) bool {
	for caller.Parent() != nil {
		caller = caller.Parent()
	}
	recv := caller.Signature.Recv()
	if recv == nil {
		return false
	}
	prog := r.cf.Program()
	lit := prog.Func(g.Node)
	if lit == nil {
		return false
	}
	mc := prog.Closure(lit)
	if mc == nil {
		return false
	}
	for _, ref := range *mc.Referrers() {
		c, ok := ref.(ssa.CallInstruction)
		if !ok {
			continue
		}
		if m := c.Common().StaticCallee(); m != nil && m.Signature.Recv() != nil &&
			types.Identical(derefType(m.Signature.Recv().Type()), derefType(recv.Type())) {
			return true
		}
	}
	return false
}

// A call of a function kept in a map or slice field of an object
// (x.hooks[name](), or h() for an h := x.hooks[name], for _, h := range
// x.hooks) runs one of the functions the package stores there; when one
// stored into the field of an object is a closure that locks that very
// object, the call locks x.
//
//	p.inits[name] = func() { once.Do(func() { p.markLoaded(name) }) }

// elemSelfLocks returns the locks a call of an element of a func-valued
// map or slice field may take on the field's owner; false when the call
// is not of that shape.
func (r *Result) elemSelfLocks(call *ast.CallExpr) ([]Site, bool) {
	info := r.pass.TypesInfo
	var key lockset.Key
	var name string
	var g *types.Var
	switch fun := astutil.Unparen(call.Fun).(type) {
	case *ast.IndexExpr:
		sel, ok := astutil.Unparen(fun.X).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			return nil, false
		}
		g, _ = s.Obj().(*types.Var)
		var ok2 bool
		key, name, ok2 = r.locks.Path(sel.X)
		if !ok2 {
			return nil, true
		}
	case *ast.Ident:
		v, ok := info.Uses[fun].(*types.Var)
		if !ok || v.IsField() {
			return nil, false
		}
		var ok2 bool
		key, g, ok2 = r.locks.ElemOwner(v)
		if !ok2 {
			return nil, false
		}
		name = key.String()
	default:
		return nil, false
	}
	if g == nil {
		return nil, true
	}
	switch g.Type().Underlying().(type) {
	case *types.Map, *types.Slice:
	default:
		return nil, false
	}
	prog := r.cf.Program()
	c := prog.CallAt(call.Lparen)
	if c == nil || c.Common().IsInvoke() {
		return nil, true
	}
	var out []Site
	for _, st := range r.elemStores(prog, g) {
		base := prog.Of(st.base)
		if base.Root == nil {
			continue
		}
		if m, recv := boundMethod(st.val); m != nil {
			out = append(out, r.boundSites(prog, m, recv, base, key, name, call, st.pos, "")...)
			continue
		}
		for _, l := range r.storedLocks(prog, st.val, c.Common(), base) {
			out = append(out, Site{
				Key:   key.Extend(l.suffix),
				Mode:  l.mode,
				Name:  name + l.suffix,
				Class: l.class,
				Chain: []Step{
					{Name: types.ExprString(call.Fun), Pos: r.pos(call.Lparen)},
					{Name: l.via + " stored at " + r.pos(st.pos), Pos: ""},
					{Name: name + l.suffix, Pos: r.pos(l.pos), Lock: true, Mode: l.mode},
				},
			})
		}
	}
	return out, true
}

// elemStore is a store of a value into an element of a field: x.g[k] =
// v (a map update, or a store to a slice element).
type elemStore struct {
	base ssa.Value // x
	val  ssa.Value
	pos  token.Pos
}

// elemStores returns the package's stores into elements of field g.
func (r *Result) elemStores(prog *refs.Program, g *types.Var) []elemStore {
	if r.elems == nil {
		r.elems = make(map[*types.Var][]elemStore)
		for _, f := range prog.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					var container, val ssa.Value
					var pos token.Pos
					switch in := instr.(type) {
					case *ssa.MapUpdate:
						container, val, pos = in.Map, in.Value, in.Pos()
					case *ssa.Store:
						if ia, ok := in.Addr.(*ssa.IndexAddr); ok {
							container, val, pos = ia.X, in.Val, in.Pos()
						} else if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
							r.appendStores(prog, fa, in)
							continue
						}
					}
					if container == nil {
						continue
					}
					fa := chanflow.ContainerField(container)
					if fa == nil {
						continue
					}
					st, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
					if !ok || fa.Field >= st.NumFields() {
						continue
					}
					fv := st.Field(fa.Field)
					r.elems[fv] = append(r.elems[fv], elemStore{fa.X, val, pos})
				}
			}
		}
	}
	return r.elems[g]
}

// appendStores records the values st appends to the slice field fa
// (x.hooks = append(x.hooks, f)) as stores into its elements. An
// appended parameter of the storing function (an OnHook(f) that keeps
// f) stands for what each of the package's calls of that function
// passes, with the call's receiver as the owner.
func (r *Result) appendStores(prog *refs.Program, fa *ssa.FieldAddr, st *ssa.Store) {
	if _, ok := derefType(fa.Type()).Underlying().(*types.Slice); !ok {
		return
	}
	sv, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
	if !ok || fa.Field >= sv.NumFields() {
		return
	}
	field := sv.Field(fa.Field)
	fn := st.Parent()
	for _, v := range chanflow.Appended(st.Val) {
		p, isParam := v.(*ssa.Parameter)
		if !isParam {
			r.elems[field] = append(r.elems[field], elemStore{fa.X, v, st.Pos()})
			continue
		}
		owner, isOwnerParam := fa.X.(*ssa.Parameter)
		vi, oi := slices.Index(fn.Params, p), slices.Index(fn.Params, owner)
		if !isOwnerParam || vi < 0 || oi < 0 {
			continue
		}
		for _, c := range r.cf.StaticCalls(fn) {
			if args := c.Common().Args; vi < len(args) && oi < len(args) {
				r.elems[field] = append(r.elems[field], elemStore{args[oi], args[vi], c.Pos()})
			}
		}
	}
}
