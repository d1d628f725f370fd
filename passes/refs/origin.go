package refs

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// An Origin is where an object may have been made: an allocation of the
// package (new, &T{}, make, a closure) and, when the allocation is in a
// constructor (a function that returns what it allocates), the call of
// that constructor that made it. Call is token.NoPos when not known
// (seen from inside the constructor: any call of it).
type Origin struct {
	Alloc, Call token.Pos
}

// Overlap reports whether some object may have come from an origin of
// both a and b.
func Overlap(a, b []Origin) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Alloc == y.Alloc && (x.Call == token.NoPos || y.Call == token.NoPos || x.Call == y.Call) {
				return true
			}
		}
	}
	return false
}

// Origins returns where the object a pointer (or channel, map, closure)
// v refers to may have been made. An object a constructor returns is
// named by its allocation and the call of that constructor, so that two
// calls of newMu() are two origins; seen from inside the constructor,
// by the allocation alone. Two values whose origins do not overlap are
// two objects.
//
// ok is false when some way v may have come is not followed: a
// parameter, an exported field (another package may set it), a field
// nothing stores, a package variable, an element, a call of a function
// that does not always return a fresh object.
func (p *Program) Origins(v ssa.Value) (origins []Origin, ok bool) {
	o := &originWalk{p: p, memo: make(map[ssa.Value]originSet)}
	s := o.of(v, 0)
	if !s.ok {
		return nil, false
	}
	slices.SortFunc(s.sites, func(a, b Origin) int {
		if a.Alloc != b.Alloc {
			return int(a.Alloc - b.Alloc)
		}
		return int(a.Call - b.Call)
	})
	return s.sites, true
}

type originSet struct {
	sites []Origin
	ok    bool
}

type originWalk struct {
	p    *Program
	memo map[ssa.Value]originSet
}

func (o *originWalk) of(v ssa.Value, depth int) originSet {
	if v == nil || depth > maxDepth {
		return originSet{}
	}
	if s, ok := o.memo[v]; ok {
		return s
	}
	// Met again while being computed (a phi in a loop, a field stored
	// from its own load): that way adds nothing.
	o.memo[v] = originSet{ok: true}
	s := o.of1(v, depth+1)
	o.memo[v] = s
	return s
}

func (o *originWalk) of1(v ssa.Value, depth int) originSet {
	if x := converted(v); x != nil {
		return o.of(x, depth)
	}
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeClosure:
		return site(v.Pos(), token.NoPos)
	case *ssa.Const:
		return originSet{ok: v.IsNil()}
	case *ssa.Phi:
		out := originSet{ok: true}
		for _, e := range v.Edges {
			out = union(out, o.of(e, depth))
		}
		return out
	case *ssa.Call:
		return o.made(v, 0, depth)
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return o.made(c, v.Index, depth)
		}
	case *ssa.FreeVar:
		if b := o.p.binding(v); b != nil {
			return o.of(b, depth)
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return o.load(v, depth)
		}
	}
	return originSet{}
}

// made returns the origins of the i-th result of call, when its callee
// returns a new object on every call that returns one: its own
// allocations, made by this call; the results of the constructors it
// calls, made by those calls; nil.
func (o *originWalk) made(call *ssa.Call, i, depth int) originSet {
	fn := call.Call.StaticCallee()
	if fn == nil || len(fn.Blocks) == 0 || depth > 8 {
		return originSet{}
	}
	out := originSet{ok: true}
	seen := make(map[ssa.Value]bool)
	var add func(v ssa.Value)
	add = func(v ssa.Value) {
		if seen[v] || !out.ok {
			return // a phi's loop adds nothing
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
			out = union(out, site(v.Pos(), call.Pos()))
		case *ssa.Const:
			out.ok = v.IsNil()
		case *ssa.ChangeType:
			add(v.X)
		case *ssa.MakeInterface:
			add(v.X)
		case *ssa.Phi:
			for _, e := range v.Edges {
				add(e)
			}
		case *ssa.UnOp:
			// A variable stored once (captured by a closure).
			if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL && onlyStore(a) != nil {
				add(onlyStore(a))
			} else {
				out.ok = false
			}
		case *ssa.Call:
			out = union(out, o.made(v, 0, depth+1))
		case *ssa.Extract:
			if c, ok := v.Tuple.(*ssa.Call); ok {
				out = union(out, o.made(c, v.Index, depth+1))
			} else {
				out.ok = false
			}
		default:
			out.ok = false
		}
	}
	any := false
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if i >= len(ret.Results) {
				return originSet{}
			}
			add(ret.Results[i])
			any = true
		}
	}
	if !any {
		return originSet{}
	}
	return out
}

// load follows a local variable stored once, and a field of the
// package's own that only the package sets: what its stores store.
func (o *originWalk) load(v *ssa.UnOp, depth int) originSet {
	if a, ok := v.X.(*ssa.Alloc); ok {
		if stored := onlyStore(a); stored != nil {
			return o.of(stored, depth)
		}
		return originSet{}
	}
	if fv, ok := v.X.(*ssa.FreeVar); ok {
		if a, ok := o.p.binding(fv).(*ssa.Alloc); ok {
			if stored := onlyStore(a); stored != nil {
				return o.of(stored, depth)
			}
		}
		return originSet{}
	}
	fa, ok := v.X.(*ssa.FieldAddr)
	if !ok {
		return originSet{}
	}
	f := FieldOf(fa)
	class := o.p.Of(fa).Class
	if f == nil || class == "" || f.Pkg() != o.p.Pkg.Pkg || f.Exported() {
		return originSet{} // another package may set it
	}
	stores := o.p.FieldStores(class)
	if len(stores) == 0 {
		return originSet{}
	}
	out := originSet{ok: true}
	for _, st := range stores {
		out = union(out, o.of(st.Val, depth))
		if !out.ok {
			break
		}
	}
	return out
}

func site(alloc, call token.Pos) originSet {
	if !alloc.IsValid() {
		return originSet{}
	}
	return originSet{sites: []Origin{{alloc, call}}, ok: true}
}

func union(a, b originSet) originSet {
	if !a.ok || !b.ok {
		return originSet{}
	}
	for _, s := range b.sites {
		if !slices.Contains(a.sites, s) {
			a.sites = append(a.sites, s)
		}
	}
	return a
}
