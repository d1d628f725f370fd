package unsafeshare

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	ssaaccess "github.com/asynclint/asynclint/passes/access"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// occ is an access as one goroutine context makes it.
type occ struct {
	a   *ssaaccess.Access
	ctx *chanflow.Start
}

// pairs reports two accesses to the same location (or the same field of
// the same type), at least one a write, made by two goroutines (two
// starts, a start and the package's callers, or two instances of a body
// started in a loop), with no lock in common and no happens-before
// between them.
func (r *racer) pairs() {
	if os.Getenv("US_DEBUG") != "" {
		for _, fn := range r.prog.Funcs {
			fmt.Fprintln(os.Stderr, "FN", fn, len(r.runs[fn]), r.entry[fn])
			for _, a := range r.acc.Of(fn) {
				fmt.Fprintln(os.Stderr, "   ", r.c.pos(a.Pos), accessKey(a), a.Write, a.Instr)
			}
		}
	}
	byKey := make(map[string][]occ)
	nested := make(map[string][]occ) // by the classes of the fields an access goes through
	var order []string
	for _, fn := range r.prog.Funcs {
		ctxs := r.runs[fn]
		if len(ctxs) == 0 || isInit(fn) {
			continue // package initialization runs before any goroutine
		}
		for _, a := range r.acc.Of(fn) {
			k := accessKey(a)
			if k == "" || r.ignored(a) {
				continue
			}
			if _, ok := byKey[k]; !ok {
				order = append(order, k)
			}
			for _, ctx := range ctxs {
				byKey[k] = append(byKey[k], occ{a, ctx})
				for _, c := range a.Chain[:max(len(a.Chain)-1, 0)] {
					nested[c] = append(nested[c], occ{a, ctx})
				}
			}
		}
	}
	// Instances of one body first: their message says more.
	for _, k := range order {
		byCtx, ctxs := r.bucket(byKey[k], func(o occ) string { return fmt.Sprintf("%p", o.ctx) })
		for _, c := range ctxs {
			occs := byCtx[c]
			for i, x := range occs {
				for _, y := range occs[i:] {
					r.pair(k, x, y)
				}
			}
		}
	}
	// Then two goroutines: only accesses that may reach one object are
	// paired (see sameObject), so a class touched in many places by many
	// goroutines is not a quadratic walk.
	for _, k := range order {
		byObj, sigs := r.bucket(byKey[k], r.objectSig)
		nestedObj, _ := r.bucket(nested[k], r.objectSig)
		for _, sig := range sigs {
			occs := byObj[sig]
			for i, x := range occs {
				for _, y := range occs[i:] {
					if x.ctx != y.ctx {
						r.pair(k, x, y)
					}
				}
				// A load or store of a whole struct touches its fields
				// (not that of a pointer to one: ccw.lb read to reach
				// ccw.lb.stats does not read ccw.lb.connected).
				if !x.a.Atomic && !x.a.Map && x.a.Index == nil && wholeStruct(x.a) {
					for _, y := range nestedObj[sig] {
						r.pair(k, x, y)
					}
				}
			}
		}
	}
}

// wholeStruct reports whether a loads or stores a struct value, whose
// fields it then reads or writes too.
func wholeStruct(a *ssaaccess.Access) bool {
	if a.Inner != "" || a.Addr == nil {
		return true
	}
	_, ok := deref(a.Addr.Type()).Underlying().(*types.Struct)
	return ok
}

// bucket groups occs by key, keeping their order, and returns the keys
// in the order they first appear; occs whose key is "" are dropped.
func (r *racer) bucket(occs []occ, key func(occ) string) (map[string][]occ, []string) {
	out := make(map[string][]occ)
	var keys []string
	for _, o := range occs {
		k := key(o)
		if k == "" {
			continue
		}
		if _, ok := out[k]; !ok {
			keys = append(keys, k)
		}
		out[k] = append(out[k], o)
	}
	return out, keys
}

// objectSig names the object an occ's access reaches in the terms of the
// code outside its goroutine, as sameObject compares them: the root
// value, or any method's receiver; "" when unknown.
func (r *racer) objectSig(o occ) string {
	ref := r.object(o)
	if ref.Root == nil {
		if o.ctx == nil && recvRoot(o.a) {
			return "recv" // compared by the receivers of its callers
		}
		return ""
	}
	if p, ok := ref.Root.(*ssa.Parameter); ok && isRecv(p) {
		return "recv" // sameObject compares the types (embedding included)
	}
	if _, ok := ref.Root.(*ssa.Alloc); ok {
		return "recv" // a constructor's object, against the receivers
	}
	if p, ok := ref.Root.(*ssa.Parameter); ok && types.IsInterface(p.Type()) {
		return "recv" // an interface value a goroutine is handed
	}
	return fmt.Sprintf("%p", ref.Root)
}

func isInit(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Synthetic == "package initializer" || fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#")
}

func accessKey(a *ssaaccess.Access) string {
	k := a.Ref.Class
	if k == "" {
		if a.Ref.Root == nil {
			return ""
		}
		k = fmt.Sprintf("%p%s", a.Ref.Root, a.Ref.Path)
	}
	if a.Map || a.Inner != "" {
		k += "[]"
	}
	return k
}

// ignored reports accesses that cannot race: to values of sync/atomic's
// types, or of sync's (their methods synchronize).
func (r *racer) ignored(a *ssaaccess.Access) bool {
	t := deref(a.Addr.Type())
	if a.Map || a.Inner != "" {
		return false
	}
	if model.IsAtomicType(t) {
		return true
	}
	if n := model.NamedOf(t); n != nil && n.Pkg() != nil && model.Describes(n.Pkg().Path()) {
		return true
	}
	return false
}

// pair reports x and y, two accesses under key k, when they may race:
// one writes, they may run at once on one object, and nothing orders
// them.
func (r *racer) pair(k string, x, y occ) {
	if !x.a.Write && !y.a.Write || x.a.Atomic && y.a.Atomic {
		return
	}
	if x.ctx != nil && y.ctx != nil && x.ctx != y.ctx && (r.adaptedLit[x.a.Fn] || r.adaptedLit[y.a.Fn]) {
		return // which of the goroutines calling the adapter runs it is not known
	}
	if throughLoad(x.a) != throughLoad(y.a) {
		return // ri.state and the int32 it points to
	}
	var concurrent bool
	if x.ctx == nil && y.ctx == nil && x.a.Atomic != y.a.Atomic {
		concurrent = r.atomicMethodsPair(x, y)
	} else if x.ctx == y.ctx {
		concurrent = r.sameGoroutinePair(x, y)
	} else {
		concurrent = r.twoGoroutinesPair(x, y)
	}
	if !concurrent {
		return
	}
	if r.fresh(x.a) || r.fresh(y.a) || distinctConsts(x.a, y.a) {
		return
	}
	hx, hy := r.heldAt(x.a.Instr, x.ctx), r.heldAt(y.a.Instr, y.ctx)
	if r.commonLock(hx, hy, x.a.Fn, y.a.Fn) || r.mayShare(x.a, y.a) || r.mayShareCallers(x, y) {
		return
	}
	if r.ordered(x, y) || r.ordered(y, x) || r.distinctOwners(x, y) {
		return
	}
	r.report(k, x, y, hx, hy)
}

// atomicMethodsPair reports whether x and y, accesses of the package's
// callers, one atomic, may run at once: two methods of a type that its
// users call, neither an initializer. It records the methods in r.via.
func (r *racer) atomicMethodsPair(x, y occ) bool {
	mx, my := r.atomicMethods(x, y)
	if mx == nil {
		return false
	}
	plainM := mx
	if x.a.Atomic {
		plainM = my
	}
	if initializer(plainM) {
		return false
	}
	r.via[x.a], r.via[y.a] = mx, my
	return true
}

// sameGoroutinePair reports whether x and y, accesses of one goroutine
// (or both of the callers), may run at once: the goroutine is started
// several times and both are on one object those instances share.
func (r *racer) sameGoroutinePair(x, y occ) bool {
	if x.ctx == nil || !r.multi[x.ctx] || !r.sharedByInstances(x) || !r.sharedByInstances(y) {
		return false
	}
	if r.ownElement(x) || r.ownElement(y) {
		return false
	}
	if x.a != y.a && !r.sameObject(x, y) {
		return false // fs.state and ms.state: one class, two objects
	}
	return true
}

// twoGoroutinesPair reports whether x and y, accesses of two goroutines
// (or of one and the package's callers), may run at once on one object
// shared with both.
func (r *racer) twoGoroutinesPair(x, y occ) bool {
	// The cheap proof first: most pairs of one class are on objects
	// not known to be one. A callers' access through the receiver
	// of a method that several methods call (a promoted method of
	// an embedded struct) is compared by receivers, below.
	viaRecv := false
	if !r.sameObject(x, y) {
		if !r.callersRecv(x, y) && !r.callersRecv(y, x) {
			return false
		}
		viaRecv = true
	}
	if x.ctx != nil && r.beforeStart(y, x.ctx) || y.ctx != nil && r.beforeStart(x, y.ctx) {
		return false
	}
	if r.elementBeforeStart(x, y.ctx) || r.elementBeforeStart(y, x.ctx) || r.handedElement(x, y) || r.handedElement(y, x) {
		return false
	}
	if x.ctx != nil && !r.sharedWith(x) || y.ctx != nil && !r.sharedWith(y) {
		return false
	}
	if y.ctx != nil && r.unpublished(x.a, y.ctx) || x.ctx != nil && r.unpublished(y.a, x.ctx) {
		return false
	}
	// The package's callers against a goroutine: only after a start
	// of it in the same call chain, unless -unsafeshare.entries.
	if viaRecv || !entries && (x.ctx == nil && !r.startedBefore(x.a.Instr, y.ctx) || y.ctx == nil && !r.startedBefore(y.a.Instr, x.ctx)) {
		return r.callerDuring(x, y)
	}
	return true
}

// callerDuring reports whether the callers' access of x and y may run
// while the other's goroutine runs, through a method that may be called
// then; it records that method in r.via.
func (r *racer) callerDuring(x, y occ) bool {
	// A goroutine its starter waits for is over before the
	// callers can call anything else.
	if r.joinedInStarter(cmp.Or(x.ctx, y.ctx)) {
		return false
	}
	m := r.duringGoroutine(x, y)
	if m == nil {
		m = r.duringGoroutine(y, x)
	}
	if m == nil {
		return false
	}
	if x.ctx == nil {
		r.via[x.a] = m
	} else {
		r.via[y.a] = m
	}
	return true
}

// ordered reports whether x's goroutine acquires, before x, what y's may
// release after y (or waits for any goroutine: a join).
func (r *racer) ordered(x, y occ) bool {
	acq, always := r.acquiredBefore(x.a.Instr, x.ctx, 0, x.ctx != y.ctx)
	if always {
		return true
	}
	if len(acq) == 0 {
		return false
	}
	rel := r.releasedAfter(y.a.Instr, y.ctx, 0)
	for k := range acq {
		if rel[k] {
			return true
		}
		if dk, ok := k.(dirKey); ok {
			if ch, ok := dk.k.(*chanflow.Chan); ok && ch.Open {
				return true // others may send on it
			}
		}
	}
	return false
}

// up returns the Ref of an access in the terms of the function that
// starts its goroutine: a root that is a parameter is followed to the
// argument of a call that runs it for ctx, and through the start.
func (r *racer) up(o occ) refs.Ref {
	ref, fn, atStart := r.upInside(o)
	if atStart {
		return r.prog.Translate(ref, fn, o.ctx.Instr.Common())
	}
	return ref
}

// upInside is up inside o's goroutine: it returns the Ref in the terms
// of the last function reached, and whether its root is a parameter of
// the function the start runs (the start's argument names it).
func (r *racer) upInside(o occ) (ref refs.Ref, fn *ssa.Function, atStart bool) {
	ref, fn = o.a.Ref, o.a.Fn
	for depth := 0; depth < 8; depth++ {
		p, ok := ref.Root.(*ssa.Parameter)
		if !ok || p.Parent() != fn {
			return ref, fn, false
		}
		if o.ctx != nil && r.isRoot(fn, o.ctx) {
			return ref, fn, true
		}
		// Followed through the one call that runs fn for ctx: with
		// several, which object the parameter is depends on the path.
		var only *site
		for i, st := range r.calls[fn] {
			if !r.funcs[o.ctx][st.caller] {
				continue
			}
			if only != nil {
				return ref, fn, false
			}
			only = &r.calls[fn][i]
		}
		if only == nil {
			return ref, fn, false
		}
		ref = r.translate(ref, fn, only.instr.Common())
		fn = only.caller
	}
	return ref, fn, false
}

// sameObject reports whether two goroutine contexts' accesses of one
// class are proven to reach one object: in the terms of the functions
// that start them, the same package variable, the same value (an object
// both goroutines are handed by one function), or the receivers of two
// methods of one type (Start's goroutine and Stop, run on one object).
// Two goroutines started by unrelated functions on objects of the same
// type (two tests, each with its own conn) are not.
func (r *racer) sameObject(x, y occ) bool {
	ux, uy := r.object(x), r.object(y)
	if ux.Root == nil || uy.Root == nil {
		return false
	}
	if ux.Root == uy.Root {
		if r.perCallCapture(ux.Root, x, y) {
			return false
		}
		// One value seen as two types (s.(*fileStore).c and
		// s.(*memStore).c): the first fields are of different types, so
		// only one of the accesses can be to it.
		return len(x.a.Chain) == 0 || len(y.a.Chain) == 0 || refs.Owner(x.a.Chain[0]) == refs.Owner(y.a.Chain[0])
	}
	px, okx := ux.Root.(*ssa.Parameter)
	py, oky := uy.Root.(*ssa.Parameter)
	okx, oky = okx && isRecv(px), oky && isRecv(py)
	if !okx && !oky {
		return false
	}
	if okx != oky {
		// A method's receiver against an object a function of the
		// package makes and starts a goroutine on (a constructor), the
		// object its callers then call methods on; or against an
		// interface value the goroutine is handed, which a pointer to
		// the receiver's type implements (a Listener).
		recv, other := uy.Root, ux.Root
		if okx {
			recv, other = ux.Root, uy.Root
		}
		if alloc, made := other.(*ssa.Alloc); made && paramCopy(alloc) {
			// The copy a function makes of a parameter passed by
			// value (TeeEventListener(a, b EventListener), captured
			// by its closures): its own, not an object its callers
			// then call methods on.
			return false
		} else if !made {
			it, isIface := other.Type().Underlying().(*types.Interface)
			if _, isParam := other.(*ssa.Parameter); !isParam || !isIface || it.NumMethods() == 0 {
				return false
			}
			return types.Implements(types.NewPointer(deref(recv.Type())), it)
		}
	}
	tx, ty := deref(ux.Root.Type()), deref(uy.Root.Type())
	return types.Identical(tx, ty) || embeds(tx, ty) || embeds(ty, tx)
}

// embeds reports whether struct type outer embeds inner (or a pointer to
// it), directly or through embedded fields: a method promoted from inner
// runs on outer's value.
func embeds(outer, inner types.Type) bool { return embedsDepth(outer, inner, 0) }

func embedsDepth(outer, inner types.Type, depth int) bool {
	st, ok := outer.Underlying().(*types.Struct)
	if !ok || depth > 3 {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		if t := deref(f.Type()); types.Identical(t, inner) || embedsDepth(t, inner, depth+1) {
			return true
		}
	}
	return false
}

// anchored reports whether a Ref is known in the terms of the code that
// starts its goroutine: a package variable, a value or parameter of code
// outside the goroutine (the start's function and its callers), or a
// variable captured there. A root inside the goroutine's own code that
// up could not follow to the start names objects that are unknown, or
// the goroutine's own; for the package's callers (ctx nil), a parameter
// counts only of an entry.
func (r *racer) anchored(ref refs.Ref, ctx *chanflow.Start) bool {
	switch root := ref.Root.(type) {
	case *ssa.Global:
		return true
	case *ssa.Parameter:
		if ctx == nil {
			return r.entry[root.Parent()]
		}
		return root.Parent() == ctx.In || !r.funcs[ctx][root.Parent()]
	case *ssa.FreeVar:
		// Captured where the closure is made.
		maker := root.Parent().Parent()
		return maker != nil && (ctx == nil || !r.funcs[ctx][maker])
	case ssa.Instruction:
		return ctx == nil || !r.funcs[ctx][root.Parent()]
	}
	return false
}

// lift follows a Ref whose root is a parameter to the argument of its
// function's one call site in the package, as far as that goes (a
// goroutine started by a Start helper on the object its one caller made).
func (r *racer) lift(ref refs.Ref) refs.Ref {
	for range 8 {
		p, ok := ref.Root.(*ssa.Parameter)
		if !ok || len(r.calls[p.Parent()]) != 1 {
			break
		}
		st := r.calls[p.Parent()][0]
		next := r.translate(ref, p.Parent(), st.instr.Common())
		if next.Root == nil || next.Root == ref.Root {
			break
		}
		ref = next
	}
	return ref
}

// object returns the Ref of o's access in the terms of the code outside
// its goroutine (up, then lift), or a Ref with no root when that is not
// anchored there. Memoized: every pair of a class asks it again.
func (r *racer) object(o occ) refs.Ref {
	if ref, ok := r.objects[o]; ok {
		return ref
	}
	ref := r.up(o)
	if r.anchored(ref, o.ctx) {
		ref = r.lift(ref)
	} else {
		ref = refs.Ref{}
	}
	r.objects[o] = ref
	return ref
}

// isRecv reports whether p is its method's receiver.
func isRecv(p *ssa.Parameter) bool {
	fn := p.Parent()
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p
}

// sharedByInstances reports whether every instance of a body started in
// a loop reaches the same location: a package variable, or a root made
// outside the loop and outside the goroutine, reached without an element
// picked per instance (a value passed as the go statement's argument,
// xs[i], is the instance's own).
func (r *racer) sharedByInstances(o occ) bool {
	ref := r.up(o)
	if _, ok := ref.Root.(*ssa.Global); ok {
		return true
	}
	if !r.anchored(ref, o.ctx) {
		return false
	}
	path := ref.Path
	if o.a.Index != nil || o.a.Map {
		path = strings.TrimSuffix(path, "[]")
	}
	if strings.Contains(path, "[]") {
		return false
	}
	return !r.ownRoot(ref.Root, o.ctx)
}

// sharedWith reports whether the location a start's goroutine accesses
// may be reached from outside it: not a value the goroutine made.
func (r *racer) sharedWith(o occ) bool {
	ref := r.up(o)
	if ref.Root == nil {
		return ref.Class != ""
	}
	if _, ok := ref.Root.(*ssa.Global); ok {
		return true
	}
	if instr, ok := ref.Root.(ssa.Instruction); ok && r.funcs[o.ctx][instr.Parent()] && r.made(ref.Root, 0) {
		return false
	}
	return true
}

// made reports whether v is a value its function makes: an allocation, a
// make, or the result of a package function that returns one.
func (r *racer) made(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan, *ssa.MakeClosure:
		return true
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Pkg != r.prog.Pkg || depth > 2 {
			return false
		}
		found := false
		for _, b := range callee.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			if len(ret.Results) == 0 || !r.made(ret.Results[0], depth+1) {
				return false
			}
			found = true
		}
		return found
	}
	return false
}

// ownRoot reports whether a root belongs to one instance of a start's
// body: made by the goroutine, or in the starter inside the loop.
func (r *racer) ownRoot(root ssa.Value, s *chanflow.Start) bool {
	switch v := root.(type) {
	case *ssa.Parameter:
		return r.funcs[s][v.Parent()]
	case *ssa.FreeVar:
		return false
	case *ssa.Phi:
		// The variable of a three-clause loop (Go 1.22): the first
		// iteration's, allocated before the loop, or the copy each
		// iteration makes at its end.
		if v.Parent() == s.In && r.loops[s][v.Block()] && perIteration(v) {
			return true
		}
	}
	instr, ok := root.(ssa.Instruction)
	if !ok {
		return false
	}
	if r.funcs[s][instr.Parent()] {
		return true
	}
	return instr.Parent() == s.In && r.loops[s][instr.Block()]
}

// perIteration reports whether a phi in a loop header merges variables
// allocated for one iteration each: an allocation before the loop, and
// one in the loop for each next iteration.
func perIteration(phi *ssa.Phi) bool {
	inLoop := false
	for _, e := range phi.Edges {
		a, ok := e.(*ssa.Alloc)
		if !ok {
			return false
		}
		if a.Block() != phi.Block() && phi.Block().Dominates(a.Block()) {
			inLoop = true
		}
	}
	return inLoop
}

// beforeStart reports whether o comes before the start of s's
// goroutines, which orders it before them: on every path to a start of
// s, or in the iteration of the loop that starts s, on a variable of
// that iteration.
func (r *racer) beforeStart(o occ, s *chanflow.Start) bool {
	if r.spawnedAfter(o.a.Instr, s, 0) {
		return true
	}
	if o.a.Fn != s.In || !r.loops[s][o.a.Instr.Block()] {
		return false
	}
	root, ok := o.a.Ref.Root.(ssa.Instruction)
	if !ok || root.Parent() != s.In || !r.loops[s][root.Block()] {
		return false
	}
	b, sb := o.a.Instr.Block(), s.Instr.Block()
	if b == sb {
		return index(b, o.a.Instr) < index(b, s.Instr)
	}
	return b.Dominates(sb)
}

// ownElement reports whether an element access of a slice or array uses
// an index that each instance of the body computes for itself (its
// piece argument, a value it received or computed), not a shared one.
func (r *racer) ownElement(o occ) bool {
	if o.a.Map || o.a.Index == nil {
		return false
	}
	return r.perInstance(o.a.Index, o.ctx, 0)
}

func (r *racer) perInstance(v ssa.Value, s *chanflow.Start, depth int) bool {
	if depth > 8 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Const, *ssa.FreeVar, *ssa.Global:
		return false
	case *ssa.Parameter:
		return r.funcs[s][v.Parent()]
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if !ssaaccess.Shared(v.X) {
				return true
			}
			if phi, ok := closureBinding(v.X).(*ssa.Phi); ok {
				return r.ownRoot(phi, s) // a three-clause loop's variable
			}
			// A value of the instance's own variable, or read through
			// it (b.indices[j], b its iteration's batch): the data
			// that instance was given picks its elements.
			ref := r.prog.Of(v.X)
			return ref.Root != nil && r.ownRoot(ref.Root, s)
		}
		return r.perInstance(v.X, s, depth+1)
	case *ssa.BinOp:
		return r.perInstance(v.X, s, depth+1) || r.perInstance(v.Y, s, depth+1)
	case *ssa.Convert:
		return r.perInstance(v.X, s, depth+1)
	case *ssa.ChangeType:
		return r.perInstance(v.X, s, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if r.perInstance(e, s, depth+1) {
				return true
			}
		}
		return false
	case ssa.Instruction:
		return r.funcs[s][v.Parent()] || v.Parent() == s.In && r.loops[s][v.Block()]
	}
	return false
}

// fresh reports whether an access is to an object its function made and
// has not yet let escape: nobody else can reach it.
func (r *racer) fresh(a *ssaaccess.Access) bool {
	root, ok := a.Ref.Root.(ssa.Instruction)
	if !ok || root.Parent() != a.Fn {
		return false
	}
	switch root := root.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice:
	case *ssa.Call:
		// c := newStore(): a constructor's new value, not yet handed
		// to anything.
		if callee := root.Call.StaticCallee(); callee == nil || !r.returnsFresh(callee) {
			return false
		}
	default:
		return false
	}
	v := root.(ssa.Value)
	return !r.escapesBefore(v, a.Instr)
}

// escapesBefore reports whether v, a value its function made, may have
// been handed to anything (stored elsewhere, passed, sent, captured)
// before instr: uses other than its own field and element addresses,
// loads and stores into it.
func (r *racer) escapesBefore(v ssa.Value, instr ssa.Instruction) bool {
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Lookup, *ssa.MapUpdate, *ssa.Range:
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				continue
			}
		case *ssa.Store:
			if x.Addr == v {
				continue
			}
		}
		if r.afterSame(v, ref, instr) {
			return true
		}
	}
	return false
}

// afterSame reports whether instr can run after use, both on the value
// that one execution of v's instruction makes: a variable declared in a
// loop body (l := pl) is a new one in each iteration, so the closure the
// last iteration made of it is not a use of the variable this one sets.
func (r *racer) afterSame(v ssa.Value, use, instr ssa.Instruction) bool {
	def, ok := v.(ssa.Instruction)
	if !ok || def.Block() == nil || !r.reaches(def.Block(), def.Block()) {
		return r.after(use, instr)
	}
	db, ub, ib := def.Block(), use.Block(), instr.Block()
	if ub == ib && r.index(use) < r.index(instr) && (db != ub || r.index(def) < r.index(use)) {
		return true
	}
	if db == ib && r.index(def) < r.index(instr) || db == ub && r.index(def) > r.index(use) {
		return false // every path from use to instr makes a new value first
	}
	// A path from use to instr that does not pass through def's block.
	seen := map[*ssa.BasicBlock]bool{db: true}
	work := slices.Clone(ub.Succs)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == ib {
			return true
		}
		work = append(work, b.Succs...)
	}
	return false
}

// returnsFresh reports whether fn, a function of the package, returns a
// value it allocates and hands to nothing else first (a constructor that
// starts no goroutine on it and stores it nowhere).
func (r *racer) returnsFresh(fn *ssa.Function) bool {
	if v, ok := r.freshFn[fn]; ok {
		return v
	}
	r.freshFn[fn] = false
	ok := fn.Pkg == r.prog.Pkg && len(fn.Blocks) > 0 && fn.Signature.Results().Len() == 1
	for _, b := range fn.Blocks {
		if !ok {
			break
		}
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet {
			continue
		}
		alloc, isAlloc := ret.Results[0].(*ssa.Alloc)
		if !isAlloc || !alloc.Heap {
			ok = false
			break
		}
		for _, ref := range *alloc.Referrers() {
			switch x := ref.(type) {
			case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Return:
				continue
			case *ssa.UnOp:
				if x.Op == token.MUL {
					continue
				}
			case *ssa.Store:
				if x.Addr == ssa.Value(alloc) {
					continue
				}
			}
			ok = false
			break
		}
	}
	r.freshFn[fn] = ok
	return ok
}

// report names both accesses and both goroutines.
func (r *racer) report(k string, x, y occ, hx, hy locks) {
	// Report at a write; a plain access beside an atomic one.
	if !x.a.Write || y.a.Write && y.a.Pos < x.a.Pos && !x.a.Atomic || x.a.Atomic && !y.a.Atomic {
		x, y = y, x
		hx, hy = hy, hx
	}
	id := fmt.Sprintf("%s\x00%d", k, x.a.Pos)
	if r.reported[id] || r.c.reportedLine(x.a.Pos) || r.c.reportedLine(y.a.Pos) || r.reportedRoot[x.a.Ref.Root] || r.reportedRoot[y.a.Ref.Root] {
		return
	}
	r.reported[id] = true
	// A local variable a goroutine shares with its starter (err, written
	// by both) is one mistake, whatever the number of accesses: one
	// report per variable.
	if v := localVar(x.a.Ref); v != token.NoPos && v == localVar(y.a.Ref) {
		if r.c.lines[sharedVarKey(v)] {
			return
		}
		r.c.lines[sharedVarKey(v)] = true
	}
	what := r.name(x.a)
	lockNote := ""
	switch {
	case len(hx) > 0 && len(hy) == 0:
		lockNote = "; only the first holds " + lockNames(hx)
	case len(hy) > 0 && len(hx) == 0:
		lockNote = "; only the second holds " + lockNames(hy)
	}
	if x.a.Atomic != y.a.Atomic {
		plain, at := x, y
		if x.a.Atomic {
			plain, at = y, x
		}
		r.c.reportf(plain.a.Pos, "%s is %s %s without sync/atomic, by %s, but accessed atomically at %s by %s, with no happens-before between them: every access must be atomic (or use an atomic type such as atomic.Int64)",
			what, verb(plain.a.Write), here(plain.a), r.ctxName(plain), r.c.pos(at.a.Pos), r.ctxName(at))
		return
	}
	r.c.reportf(x.a.Pos, "%s is %s %s by %s and %s at %s by %s, with no lock in common and nothing ordering them (no channel hand-off, join or atomic in between)%s",
		what, verb(x.a.Write), here(x.a), r.ctxName(x), verb(y.a.Write), r.c.pos(y.a.Pos), r.ctxName(y), lockNote)
}

// here says where an access is: "here", or, for a return that stores
// into a named result another goroutine reads (return nil, err), "here
// (the return assigns the named result)", which nothing else on the
// line shows. A return of the result's own value stores nothing (see
// passes/access).
func here(a *ssaaccess.Access) string {
	if st, ok := a.Instr.(*ssa.Store); ok {
		if ret := refs.SyntaxAt[*ast.ReturnStmt](a.Fn, st.Pos()); ret != nil && ret.Return == st.Pos() {
			return "here (the return assigns the named result)"
		}
	}
	return "here"
}

// sharedVarKey marks, among the reported lines, a local variable
// reported as shared.
func sharedVarKey(decl token.Pos) string { return fmt.Sprintf("var\x00%d", decl) }

// localVar returns where the local variable ref is declared (the
// goroutine's captured copy and the starter's Alloc name the same), or
// NoPos when ref is not a whole local variable.
func localVar(ref refs.Ref) token.Pos {
	if ref.Path != "" {
		return token.NoPos
	}
	switch root := ref.Root.(type) {
	case *ssa.Alloc:
		return root.Pos()
	case *ssa.FreeVar:
		return root.Pos()
	}
	return token.NoPos
}

func (r *racer) name(a *ssaaccess.Access) string {
	n := refs.Name(a.Ref)
	if alloc, ok := a.Ref.Root.(*ssa.Alloc); ok && (alloc.Comment == "complit" || alloc.Comment == "new") {
		n = "?"
	}
	if strings.HasPrefix(n, "?") || strings.HasPrefix(n, "(") {
		if i := strings.LastIndex(a.Ref.Class, ")."); i >= 0 {
			n = "field " + strings.TrimSuffix(a.Ref.Class[i+2:], "[]")
		} else if v := varName(a.Addr); v != "" {
			n = v
		} else if a.Map {
			return "a map"
		} else if a.Index != nil {
			return "an element of a slice"
		} else {
			n = "a variable"
		}
	}
	n = strings.ReplaceAll(n, "[]", "")
	if a.Inner != "" {
		return "the " + strings.TrimPrefix(a.Inner, "*") + " " + n
	}
	if a.Map {
		return "the map " + n
	}
	if a.Index != nil {
		return "an element of " + n
	}
	return n
}

func (r *racer) ctxName(o occ) string {
	if o.ctx == nil {
		if m := r.via[o.a]; m != nil {
			return "the caller of " + m.Name()
		}
		if e := r.entryOf[o.a.Fn]; e != nil {
			return "the caller of " + e.Name()
		}
		return "the package's callers"
	}
	kind := "goroutine"
	if o.ctx.Kind != model.Goroutine {
		kind = "task"
	}
	if r.multi[o.ctx] {
		return fmt.Sprintf("every %s started in the loop at %s", kind, r.c.pos(o.ctx.Pos))
	}
	return fmt.Sprintf("the %s started at %s", kind, r.c.pos(o.ctx.Pos))
}

// lockNames names held locks for messages: "mu", "s.mu".
func lockNames(h locks) string {
	var names []string
	for k := range h {
		if i := strings.LastIndex(k, ")."); i >= 0 {
			k = k[i+2:]
		} else if strings.HasPrefix(k, "0x") {
			k = "a lock"
		} else if i := strings.LastIndex(k, "."); i >= 0 {
			k = k[i+1:] // a package variable
		}
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// entries: report the package's callers' accesses made through any
// entry, not only after a start of the other goroutine in the same call
// chain.
var entries bool

func init() {
	Analyzer.Flags.BoolVar(&entries, "entries", false,
		"also report accesses by the package's callers through exported functions other than the one that starts the goroutine (more findings, less precise: locks and publication are not yet followed per call path)")
}

// startedBefore reports whether a start of s's goroutine may come before
// instr in its goroutine: a call that starts s, in instr's function or in
// a caller that runs it, that instr can follow.
func (r *racer) startedBefore(instr ssa.Instruction, s *chanflow.Start) bool {
	fn := instr.Parent()
	for _, c := range r.leadingCalls(fn, s) {
		// A call that returns only once the goroutine it starts has
		// ended (see joinedInStarter) leaves nothing running.
		if c != s.Instr && r.joinedInStarter(s) || bubble(c) {
			continue
		}
		if r.after(c, instr) {
			return true
		}
	}
	return r.startedBeforeEntry(fn, s)
}

type startFn struct {
	s  *chanflow.Start
	fn *ssa.Function
}

// startedBeforeEntry reports whether a start of s may come before fn is
// entered, through some call site of fn. Memoized per function, so a
// package's call graph is walked once per start (a recursion in progress
// counts as no).
func (r *racer) startedBeforeEntry(fn *ssa.Function, s *chanflow.Start) bool {
	k := startFn{s, fn}
	if v, ok := r.beforeEntry[k]; ok {
		return v
	}
	r.beforeEntry[k] = false
	for _, st := range r.calls[fn] {
		if r.startedBefore(st.instr, s) {
			r.beforeEntry[k] = true
			return true
		}
	}
	return false
}

// unpublished reports whether an access is to an object its function
// made and has not yet handed to anything that s's goroutines can reach:
// not stored, sent or passed (other than as the receiver of its own
// methods) before the access, nor passed to a call that starts s. A
// constructor's writes to the value it builds are ordered before any
// goroutine that a later method starts.
func (r *racer) unpublished(a *ssaaccess.Access, s *chanflow.Start) bool {
	// A method's receiver, followed to the one call that runs it
	// (nc.newReaderWriter() in the constructor).
	ref, fn, at := a.Ref, a.Fn, ssa.Instruction(a.Instr)
	for range 4 {
		p, ok := ref.Root.(*ssa.Parameter)
		if !ok || p.Parent() != fn || len(r.calls[fn]) != 1 || r.entry[fn] {
			break
		}
		st := r.calls[fn][0]
		ref = r.translate(ref, fn, st.instr.Common())
		fn, at = st.caller, st.instr
	}
	root, ok := ref.Root.(ssa.Instruction)
	if !ok || root.Parent() != fn {
		return false
	}
	v, ok := root.(ssa.Value)
	if !ok || !r.made(v, 0) {
		return false
	}
	if _, isCall := v.(*ssa.Call); isCall {
		return false
	}
	var uses []ssa.Instruction
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.MakeInterface, *ssa.ChangeType:
			uses = append(uses, *x.(ssa.Value).Referrers()...)
		default:
			uses = append(uses, ref)
		}
	}
	for _, u := range uses {
		if u == at || !r.after(u, at) {
			continue
		}
		switch u := u.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.UnOp, *ssa.Field, *ssa.Lookup, *ssa.MapUpdate, *ssa.Range,
			*ssa.DebugRef, *ssa.BinOp, *ssa.If, *ssa.Return:
			continue
		case *ssa.Store:
			if u.Addr == v {
				continue
			}
			return false
		case ssa.CallInstruction:
			if r.leadsTo(u, s) {
				return false
			}
			common := u.Common()
			callee := common.StaticCallee()
			if callee != nil && callee.Signature.Recv() != nil && len(common.Args) > 0 && isOf(common.Args[0], v) {
				continue // its own method
			}
			return false
		default:
			return false
		}
	}
	return true
}

func isOf(x, v ssa.Value) bool {
	for range 4 {
		if x == v {
			return true
		}
		switch y := x.(type) {
		case *ssa.MakeInterface:
			x = y.X
		case *ssa.ChangeType:
			x = y.X
		default:
			return false
		}
	}
	return false
}

// distinctConsts reports element accesses of a slice or array at two
// different constant indices: parts[0] and parts[1].
func distinctConsts(x, y *ssaaccess.Access) bool {
	if x.Map || y.Map {
		return false
	}
	kx, ok1 := x.Index.(*ssa.Const)
	ky, ok2 := y.Index.(*ssa.Const)
	return ok1 && ok2 && kx.Value != nil && ky.Value != nil && kx.Value.ExactString() != ky.Value.ExactString()
}

// varName names the variable an address is reached from in the source:
// out for out[k], where out is captured.
func varName(v ssa.Value) string {
	for range 8 {
		switch x := v.(type) {
		case *ssa.IndexAddr:
			v = x.X
		case *ssa.UnOp:
			v = x.X
		case *ssa.FreeVar:
			return x.Name()
		case *ssa.Parameter:
			return x.Name()
		case *ssa.Alloc:
			if x.Comment != "" && x.Comment != "complit" && x.Comment != "new" {
				return x.Comment
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}

// throughLoad reports whether an access is to the memory a pointer loaded
// from a field, element or package variable points to (*ri.state,
// atomic.AddInt32((*int32)(ri.state), 1)), which refs names by the
// location the pointer was loaded from: not the same memory as an access
// of that location itself.
func throughLoad(a *ssaaccess.Access) bool {
	if a.Map || a.Inner != "" {
		return false
	}
	v := a.Addr
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Convert:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			switch x.X.(type) {
			case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Global:
				return true
			}
		}
		return false
	}
}

// initializer reports whether a method initializes its receiver, by the
// convention of its name (poll.FD.Init, list.List.Init): its callers run
// it before they share the value, so its plain writes are ordered before
// any other method's atomic ones.
func initializer(fn *ssa.Function) bool {
	return fn != nil && fn.Signature.Recv() != nil && (fn.Name() == "Init" || fn.Name() == "init")
}

// bubble reports whether c runs its function in a synctest bubble:
// synctest.Test (and Run) return only once every goroutine started in
// the bubble has exited, so nothing they start is running after it.
func bubble(c ssa.CallInstruction) bool {
	callee := c.Common().StaticCallee()
	if callee == nil || callee.Pkg == nil {
		return false
	}
	switch callee.Pkg.Pkg.Path() + "." + callee.Name() {
	case "testing/synctest.Test", "testing/synctest.Run", "internal/synctest.Run":
		return true
	}
	return false
}

// closureBinding returns the value a free variable is bound to, when its
// function is made by one closure, or nil.
func closureBinding(v ssa.Value) ssa.Value {
	fv, ok := v.(*ssa.FreeVar)
	if !ok {
		return nil
	}
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	refs := fn.Referrers()
	if i < 0 || refs == nil {
		return nil
	}
	var out ssa.Value
	for _, ref := range *refs {
		mc, ok := ref.(*ssa.MakeClosure)
		if !ok || mc.Fn != ssa.Value(fn) || i >= len(mc.Bindings) || out != nil {
			return nil
		}
		out = mc.Bindings[i]
	}
	return out
}

// recvRoot reports whether an access goes through its method's receiver.
func recvRoot(a *ssaaccess.Access) bool {
	p, ok := a.Ref.Root.(*ssa.Parameter)
	return ok && p.Parent() == a.Fn && isRecv(p)
}

// callersRecv reports whether x is the callers' access through the
// receiver of a method whose object object could not follow (several
// methods call it: a promoted method of an embedded struct), and y is a
// goroutine's on an object known in its starter's terms: duringGoroutine
// then compares the methods up the way, by type and path.
func (r *racer) callersRecv(x, y occ) bool {
	return x.ctx == nil && y.ctx != nil && r.object(x).Root == nil && recvRoot(x.a) && r.object(y).Root != nil
}

// elementBeforeStart reports whether o, in the loop that starts s's
// goroutines, comes before the start in its iteration and reaches an
// element at an index the go statement hands that iteration's goroutine
// (hs[idx].h = newH(); go func(idx int) {...}(idx)): each goroutine's
// element is set before it starts, and the others' are theirs.
func (r *racer) elementBeforeStart(o occ, s *chanflow.Start) bool {
	if s == nil || !r.multi[s] || o.a.Fn != s.In || !r.loops[s][o.a.Instr.Block()] {
		return false
	}
	b, sb := o.a.Instr.Block(), s.Instr.Block()
	if b == sb && r.index(o.a.Instr) > r.index(s.Instr) || b != sb && !b.Dominates(sb) {
		return false
	}
	args := s.Instr.Common().Args
	v := o.a.Addr
	for range 8 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			if slices.Contains(args, x.Index) {
				return true
			}
			v = x.X
		case *ssa.UnOp:
			v = x.X
		default:
			return false
		}
	}
	return false
}

// perCallCapture reports whether two accesses reach root only as a
// variable that closures made by root's function capture (fr in
// NewFramer's fr.getReadBuf = func(...) {...}), when no call of that
// function starts either goroutine (a literal handed down to a helper
// that runs it in goroutines is shared by them): each call of it makes
// its own variable and its own closure, and the two sides may be using
// two calls' (a server's framer and a client's).
func (r *racer) perCallCapture(root ssa.Value, x, y occ) bool {
	instr, ok := root.(ssa.Instruction)
	if !ok {
		return false
	}
	maker := instr.Parent()
	for _, o := range []occ{x, y} {
		if o.a.Fn == maker || !encloses(maker, o.a.Fn) {
			return false // not through a closure the maker made
		}
		if o.ctx != nil && (encloses(maker, o.ctx.In) || r.reachesIn(o.ctx)[maker]) {
			return false // the maker's call starts this goroutine: one call
		}
	}
	return true
}

// paramCopy reports whether alloc is the variable a function makes for a
// parameter passed by value (captured, or its address taken): it holds
// a copy of the caller's value.
func paramCopy(alloc *ssa.Alloc) bool {
	for _, ref := range *alloc.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(alloc) {
			if p, ok := st.Val.(*ssa.Parameter); ok && p.Parent() == alloc.Parent() {
				return true
			}
		}
	}
	return false
}
