package unsafeshare

import (
	"go/token"
	"go/types"
	"maps"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/refs"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// A method of a type that the package's users call while a goroutine of
// the package runs. By default the package's callers are compared with
// a goroutine only after a start of it in the same call chain; an
// exported method of a type T is compared too, on what it reaches
// through its receiver, with a goroutine whose access goes through the
// receiver of a method of T, when the program itself shows that the
// method runs while the goroutine does:
//
//   - the goroutine writes there under a lock of the value itself: the
//     lock says others use the value meanwhile, whoever started the
//     goroutine (a poller handed the value as an interface);
//   - for a goroutine that a method of T, or a function taking or
//     returning a *T, started: its side synchronizes that very access
//     (it is atomic, or a write under another struct's lock), so its
//     author expects a concurrent party, and the users of the type's
//     methods are that party;
//   - for such a goroutine, the method signals it (it sends on or closes
//     a channel, or stores atomically to a word, that the goroutine
//     waits on or loads): a signal to a goroutine that no longer runs
//     has no purpose (Stop closing the done channel the loop selects on);
//   - for such a goroutine that writes there, it is a loop that runs
//     until a method of T stops it (or forever): between the start and
//     the stop, any method of T its users call runs while it does (a
//     collector's loop resetting a map that Export ranges over);
//   - for such a goroutine that reads there a flag that ends one of its
//     loops (for !w.stop), the method writes it: a plain stop flag is a
//     signal too, and it is set while the loop runs.
//
// Two exported methods of T, one atomic and one plain on the same word,
// are compared too (atomicMethods): the atomic one says its users call
// it from several goroutines.
//
// Functions (a constructor, a NewT) are not methods of the type and are
// not compared; nor are accesses that do not go through the method's
// receiver.

// recvRef is an access seen from a method's receiver: the method and
// the path from its receiver.
type recvRef struct {
	fn   *ssa.Function
	path string
	// held: the locks held at the calls on the way up
	held locks
	// end: the way up ends here (for the package's callers, at every
	// exported method: its users may call it directly)
	end bool
}

// receivers returns the methods whose receiver an access of o's
// goroutine goes through: its own function's (a function literal's
// enclosing method's), then, up the callers that run it for o's
// goroutine, each caller's that passes on its receiver (c.Range() on an
// embedded registry, c.reset() in the loop), up to four calls up and
// thirty-two callers in all. For the package's callers, only exported
// methods are listed.
func (r *racer) receivers(o occ) []recvRef {
	if rs, ok := r.recvMemo[o]; ok {
		return rs
	}
	rs := r.receivers0(o)
	r.recvMemo[o] = rs
	return rs
}

func (r *racer) receivers0(o occ) []recvRef {
	type item struct {
		fn    *ssa.Function
		ref   refs.Ref
		depth int
		held  locks
	}
	var out []recvRef
	work := []item{{o.a.Fn, o.a.Ref, 0, nil}}
	for i := 0; i < len(work); i++ {
		it := work[i]
		p, ok := it.ref.Root.(*ssa.Parameter)
		if !ok || !encloses(p.Parent(), it.fn) {
			continue
		}
		listed := isReceiver(p.Parent(), p) && (o.ctx != nil || r.entry[p.Parent()])
		if listed {
			out = append(out, recvRef{p.Parent(), it.ref.Path, it.held, true})
		}
		// Up only from a method's own receiver, through static calls.
		if !isReceiver(it.fn, p) || o.ctx != nil && r.isRoot(it.fn, o.ctx) || it.depth >= 4 {
			continue
		}
		up := false
		for _, st := range r.calls[it.fn] {
			if !r.funcs[o.ctx][st.caller] {
				continue
			}
			up = true
			if len(work) >= 32 {
				break
			}
			if st.instr.Common().IsInvoke() || st.instr.Common().StaticCallee() != it.fn {
				continue
			}
			next := r.translate(it.ref, it.fn, st.instr.Common())
			if np, ok := next.Root.(*ssa.Parameter); !ok || !isReceiver(np.Parent(), np) {
				continue // not passed on from the caller's receiver
			}
			var held locks
			if o.ctx == nil {
				// Only the callers' ways in are compared for locks.
				held = r.heldAt(st.instr, o.ctx)
				maps.Copy(held, it.held)
			}
			work = append(work, item{st.caller, next, it.depth + 1, held})
		}
		if listed && up && o.ctx != nil {
			out[len(out)-1].end = false
		}
	}
	return out
}

func isReceiver(fn *ssa.Function, p *ssa.Parameter) bool {
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p
}

// recvType returns the type whose method fn is (a function literal's:
// its enclosing method's), or nil.
func recvType(fn *ssa.Function) types.Type {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return deref(recv.Type())
	}
	return nil
}

// builtRunning reports whether fn, where a goroutine starts, is a
// constructor of t: a function (no method) that returns a *t. What it
// builds runs its loop before anyone can call a method on it, so a
// setter the users call runs while the loop does, not before Start.
func builtRunning(fn *ssa.Function, t types.Type) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	for v := range fn.Signature.Results().Variables() {
		if p, ok := v.Type().(*types.Pointer); ok && types.Identical(p.Elem(), t) {
			return true
		}
	}
	return false
}

// startedFor reports whether a start in fn starts work for values of t:
// fn (or the function around it) is a method of t, or a function that
// takes or returns a *t (a constructor starting the loop of what it
// builds).
func startedFor(fn *ssa.Function, t types.Type) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return types.Identical(deref(recv.Type()), t)
	}
	for _, tuple := range []*types.Tuple{fn.Signature.Params(), fn.Signature.Results()} {
		for v := range tuple.Variables() {
			if p, ok := v.Type().(*types.Pointer); ok && types.Identical(p.Elem(), t) {
				return true
			}
		}
	}
	return false
}

// duringGoroutine reports whether the callers' access x, in an exported
// method through its receiver, is shown to run while y's goroutine does
// (see above), and returns that method.
func (r *racer) duringGoroutine(x, y occ) *ssa.Function {
	if x.ctx != nil || y.ctx == nil || x.a.Atomic {
		return nil
	}
	xs := r.receivers(x)
	if len(xs) == 0 {
		return nil
	}
	ys := r.receivers(y)
	// A lock proves something only for a write: a read under a lock
	// taken for other fields (Close reading what setup wrote) does not.
	var h locks
	if y.a.Write {
		h = r.heldAt(y.a.Instr, y.ctx)
	}
	hy := r.heldAt(y.a.Instr, y.ctx)
	for _, mx := range xs {
		if r.commonLock(mx.held, hy, mx.fn, y.a.Fn) {
			continue // a lock in common on this way in
		}
		t := recvType(mx.fn)
		for _, my := range ys {
			if !types.Identical(recvType(my.fn), t) || !overlaps(t, mx.path, my.path) {
				continue
			}
			if ownerLock(h, t) {
				// Under the lock of the value itself: whatever
				// goroutine runs it (a poller handed the value as an
				// interface), the lock says the method is called while
				// others use the value.
				return mx.fn
			}
			if !startedFor(y.ctx.In, t) {
				continue
			}
			if y.a.Atomic || heldField(h) || r.signals(mx.fn, y.ctx) || y.a.Write && r.runsUntilStopped(y.ctx, t) ||
				x.a.Write && !y.a.Write && (r.pollsStop(y) || builtRunning(y.ctx.In, t) && r.runsUntilStopped(y.ctx, t)) {
				return mx.fn
			}
		}
	}
	return nil
}

// ownerLock reports whether a lock held is a field of a value of t
// (t.mu, or t's embedded sync.Mutex).
func ownerLock(h locks, t types.Type) bool {
	tn := model.NamedOf(t)
	if tn == nil || tn.Pkg() == nil {
		return false
	}
	prefix := "(" + tn.Pkg().Path() + "." + tn.Name() + ")."
	for k, m := range h {
		if m == model.Exclusive && strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// signals reports whether fn (or what it calls) releases what the
// goroutines of s acquire: a send or close on a channel they receive
// from, an atomic store to a word they load.
func (r *racer) signals(fn *ssa.Function, s *chanflow.Start) bool {
	rel := r.summaryOf(fn).rel
	if len(rel) == 0 {
		return false
	}
	// An item put on a queue waits there: the goroutine that gets it
	// need not run yet.
	var keys []syncKey
	for k := range rel {
		if _, queue := k.(queueKey); !queue {
			keys = append(keys, k)
		}
	}
	return r.acquires(s).any(keys)
}

// acquires returns every key the goroutines of a start may acquire.
func (r *racer) acquires(s *chanflow.Start) keySet {
	if k, ok := r.acqOf[s]; ok {
		return k
	}
	out := make(keySet)
	for fn := range r.funcs[s] {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, p := range r.pointsAt(instr) {
					for _, k := range p.keys {
						out[k] = true
					}
				}
			}
		}
	}
	r.acqOf[s] = out
	return out
}

// distinctOwners reports accesses that two goroutines make through the
// receivers of methods of two different types (followed up the calls
// that pass the receiver on, to every end of the way up), neither path
// from its receiver running through a value of the other type: the locations are
// inside two different objects, though the field's class is the same (a
// struct embedded in two types whose methods run in goroutines of the
// package, one of them reached through an interface that both types
// implement). A sub-object shared by pointer between two owners of
// different types is not followed: precision first.
func (r *racer) distinctOwners(x, y occ) bool {
	// Inside the objects of the methods that make the accesses.
	if tx, ty := ownerType(x), ownerType(y); tx != nil && ty != nil && !types.Identical(tx, ty) &&
		valuePath(tx, x.a.Ref.Path, ty) && valuePath(ty, y.a.Ref.Path, tx) {
		return true
	}
	// Inside the objects of the methods at every end of the way up.
	xs, ys := ends(r.receivers(x)), ends(r.receivers(y))
	if len(xs) == 0 || len(ys) == 0 {
		return false
	}
	for _, ox := range xs {
		for _, oy := range ys {
			tx, ty := recvType(ox.fn), recvType(oy.fn)
			if tx == nil || ty == nil || types.Identical(tx, ty) {
				return false
			}
			if !fieldPath(tx, ox.path, ty) || !fieldPath(ty, oy.path, tx) {
				return false
			}
		}
	}
	return true
}

func ends(rs []recvRef) []recvRef {
	var out []recvRef
	for _, r := range rs {
		if r.end {
			out = append(out, r)
		}
	}
	return out
}

// ownerType returns the type of the receiver (a pointer) that an
// access goes through in its own method, or nil.
func ownerType(o occ) types.Type {
	p, ok := o.a.Ref.Root.(*ssa.Parameter)
	if !ok || p.Parent() != o.a.Fn || !isReceiver(o.a.Fn, p) {
		return nil
	}
	if _, ptr := p.Type().Underlying().(*types.Pointer); !ptr {
		return nil
	}
	return deref(p.Type())
}

// valuePath reports whether path (".a.b.c") from a value of type t runs
// through struct fields held by value only (the last may be of any
// type), none of them of type other: what it reaches lies inside the
// value.
func valuePath(t types.Type, path string, other types.Type) bool {
	return structPath(t, path, other, false)
}

// fieldPath reports whether path (".a.b.c") from a value of type t runs
// through struct fields (held by value or by pointer), none of them of
// type other.
func fieldPath(t types.Type, path string, other types.Type) bool {
	return structPath(t, path, other, true)
}

// structPath walks path (".a.b.c") from a value of type t through struct
// fields, none of them of type other before the last; byPointer lets
// the fields be held by pointer too.
func structPath(t types.Type, path string, other types.Type, byPointer bool) bool {
	if path == "" || path[0] != '.' {
		return false
	}
	names := strings.Split(path[1:], ".")
	for i, name := range names {
		if byPointer {
			t = deref(t)
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return false
		}
		f := fieldNamed(st, name)
		if f == nil {
			return false
		}
		t = f.Type()
		if i == len(names)-1 {
			break
		}
		if byPointer && types.Identical(deref(t), other) {
			return false
		}
		if _, isStruct := t.Underlying().(*types.Struct); !byPointer && (!isStruct || types.Identical(t, other)) {
			return false
		}
	}
	return true
}

// fieldNamed returns st's field called name, or nil.
func fieldNamed(st *types.Struct, name string) *types.Var {
	for i := range st.NumFields() {
		if st.Field(i).Name() == name {
			return st.Field(i)
		}
	}
	return nil
}

// overlaps reports whether two paths from a value of type t reach the
// same location or one holds the other by value (a copy of t.count holds
// t.count.Hits; a load of the pointer t.period does not hold
// t.period.start).
func overlaps(t types.Type, a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if a == b {
		return true
	}
	if !strings.HasPrefix(b, a) || b[len(a)] != '.' {
		return false
	}
	ft := fieldType(t, a)
	if ft == nil {
		return false
	}
	_, isStruct := ft.Underlying().(*types.Struct)
	return isStruct
}

// fieldType returns the type of the field path (".a.b") reaches from a
// value of type t, or nil.
func fieldType(t types.Type, path string) types.Type {
	if path == "" || path[0] != '.' {
		return nil
	}
	for _, name := range strings.Split(path[1:], ".") {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		var f *types.Var
		for j := range st.NumFields() {
			if st.Field(j).Name() == name {
				f = st.Field(j)
				break
			}
		}
		if f == nil {
			return nil
		}
		t = f.Type()
	}
	return t
}

// encloses reports whether fn is outer or a function literal inside it.
func encloses(outer, fn *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == outer {
			return true
		}
	}
	return false
}

// heldField reports whether a lock held is a field of a struct (s.mu),
// not a package variable or a local one.
func heldField(h locks) bool {
	for k, m := range h {
		if m == model.Exclusive && strings.HasPrefix(k, "(") {
			return true
		}
	}
	return false
}

// atomicMethods reports two accesses by the package's callers, one
// atomic and one plain, through the receivers of two different exported
// methods of the same type, to the same word (or a struct holding it):
// the atomic one says its method runs while others touch the word, and
// the plain one is in a method of the same type, for the same users.
// It returns the two methods.
func (r *racer) atomicMethods(x, y occ) (*ssa.Function, *ssa.Function) {
	plain := x
	if x.a.Atomic {
		plain = y
	}
	if r.acquiresFirst(plain) {
		return nil, nil
	}
	for _, mx := range r.receivers(x) {
		for _, my := range r.receivers(y) {
			if mx.fn != my.fn && types.Identical(recvType(mx.fn), recvType(my.fn)) && overlaps(recvType(mx.fn), mx.path, my.path) {
				return mx.fn, my.fn
			}
		}
	}
	return nil, nil
}

// acquiresFirst reports whether the function of a plain access, before
// it, passes a field of the same root to sync/atomic or to a function
// with no Go body (the runtime's load-acquire): a publication protocol
// (load a flag or a size atomically, then read what was stored before
// it) that orders the plain read after the store it observed.
func (r *racer) acquiresFirst(o occ) bool {
	root := o.a.Ref.Root
	if root == nil {
		return false
	}
	for _, c := range r.callsIn(o.a.Fn) {
		if !r.after(c, o.a.Instr) {
			continue
		}
		common := c.Common()
		callee := common.StaticCallee()
		e, known := r.lookup(common)
		if !(known && e.Is(model.Atomic) || callee != nil && callee.Pkg == r.prog.Pkg && len(callee.Blocks) == 0) {
			continue
		}
		for _, a := range common.Args {
			if ref := r.prog.Of(a); ref.Root == root && ref.Path != "" {
				return true
			}
		}
	}
	return false
}

// runsUntilStopped reports whether the goroutines of s run a loop that
// ends only when told to: a target with a loop and no return, or one
// that a method of t signals (a send or close the loop waits on).
func (r *racer) runsUntilStopped(s *chanflow.Start, t types.Type) bool {
	loops, returns := false, false
	for _, fn := range s.Targets {
		for _, b := range fn.Blocks {
			if !loops && r.reaches(b, b) {
				loops = true
			}
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				returns = true
			}
		}
	}
	if !loops {
		return false
	}
	if !returns {
		return true
	}
	for _, fn := range r.prog.Funcs {
		if fn.Signature.Recv() != nil && r.entry[fn] && types.Identical(deref(fn.Signature.Recv().Type()), t) && r.signals(fn, s) {
			return true
		}
	}
	return false
}

// pollsStop reports whether y, a read of its goroutine, loads a value
// that decides a branch leaving a loop it is in: a flag polled to stop
// (for !w.stop { ... }, if s.closed { return }).
func (r *racer) pollsStop(y occ) bool {
	ld, ok := y.a.Instr.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL || ld.Block() == nil {
		return false
	}
	b := ld.Block()
	if !r.reaches(b, b) {
		return false
	}
	var leaves func(v ssa.Value, depth int) bool
	leaves = func(v ssa.Value, depth int) bool {
		if depth > 2 || v.Referrers() == nil {
			return false
		}
		for _, use := range *v.Referrers() {
			switch u := use.(type) {
			case *ssa.If:
				for _, succ := range u.Block().Succs {
					if !r.reaches(succ, b) {
						return true
					}
				}
			case *ssa.UnOp:
				if u.Op == token.NOT && leaves(u, depth+1) {
					return true
				}
			case *ssa.BinOp:
				if (u.Op == token.EQL || u.Op == token.NEQ) && leaves(u, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return leaves(ld, 0)
}
