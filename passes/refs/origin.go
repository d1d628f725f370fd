package refs

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Origins returns where the object a pointer (or channel, map, closure)
// v refers to may have been made: the positions of the package's
// allocations that may have made it, each seen from one call up. An
// object that a function returns freshly made (a constructor: newMu()
// returns &mu{...}) is named by the call of that function, so that two
// calls of one constructor are two origins. Two values whose origins
// share none are two objects.
//
// ok is false when some way v may have come is not followed: a
// parameter, a field that code outside the package may set or that
// nothing stores, a package variable, an element, a call of a function
// that does not always return a fresh object.
func (p *Program) Origins(v ssa.Value) (sites []token.Pos, ok bool) {
	o := &origins{p: p, memo: make(map[ssa.Value]originSet)}
	s := o.of(v, 0)
	if !s.ok {
		return nil, false
	}
	slices.Sort(s.sites)
	return s.sites, true
}

type originSet struct {
	sites []token.Pos
	ok    bool
}

type origins struct {
	p    *Program
	memo map[ssa.Value]originSet
}

func (o *origins) of(v ssa.Value, depth int) originSet {
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

func (o *origins) of1(v ssa.Value, depth int) originSet {
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeClosure:
		return site(v.Pos())
	case *ssa.Const:
		return originSet{ok: v.IsNil()}
	case *ssa.ChangeType:
		return o.of(v.X, depth)
	case *ssa.MakeInterface:
		return o.of(v.X, depth)
	case *ssa.ChangeInterface:
		return o.of(v.X, depth)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return o.of(v.X, depth)
		}
	case *ssa.Phi:
		out := originSet{ok: true}
		for _, e := range v.Edges {
			out = union(out, o.of(e, depth))
		}
		return out
	case *ssa.Call:
		if freshResult(v.Call.StaticCallee(), 0, 0) {
			return site(v.Pos())
		}
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok && freshResult(c.Call.StaticCallee(), v.Index, 0) {
			return site(c.Pos())
		}
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return o.of(ta.X, depth)
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

// load follows a local variable stored once, and a field of the
// package's own that only the package sets: what its stores store.
func (o *origins) load(v *ssa.UnOp, depth int) originSet {
	if a, ok := v.X.(*ssa.Alloc); ok {
		if stored := onlyStore(a); stored != nil {
			return o.of(stored, depth)
		}
		return originSet{}
	}
	fa, ok := v.X.(*ssa.FieldAddr)
	if !ok {
		return originSet{}
	}
	f := FieldOf(fa)
	class := o.p.Of(fa).Class
	if f == nil || class == "" || f.Pkg() != o.p.Pkg.Pkg || f.Exported() && exportedOwner(fa.X.Type()) {
		return originSet{}
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

// exportedOwner reports whether a pointer to a struct t is of an
// exported named type, whose exported fields other packages may set.
func exportedOwner(t types.Type) bool {
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return !ok || n.Obj().Exported()
}

// freshResult reports whether the i-th result of fn, a function of the
// package, is a new object on every call that returns one: an
// allocation or make of its own, the result of such a function, or nil.
func freshResult(fn *ssa.Function, i, depth int) bool {
	if fn == nil || len(fn.Blocks) == 0 || depth > 4 {
		return false
	}
	seen := make(map[ssa.Value]bool)
	any := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if i >= len(ret.Results) || !fresh(ret.Results[i], seen, depth) {
			return false
		}
		any = true
	}
	return any
}

func fresh(v ssa.Value, seen map[ssa.Value]bool, depth int) bool {
	if seen[v] {
		return true // a phi's loop adds nothing
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
		return true
	case *ssa.Const:
		return v.IsNil()
	case *ssa.ChangeType:
		return fresh(v.X, seen, depth+1)
	case *ssa.MakeInterface:
		return fresh(v.X, seen, depth+1)
	case *ssa.Call:
		return freshResult(v.Call.StaticCallee(), 0, depth+1)
	case *ssa.Extract:
		c, ok := v.Tuple.(*ssa.Call)
		return ok && freshResult(c.Call.StaticCallee(), v.Index, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !fresh(e, seen, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

func site(pos token.Pos) originSet {
	if !pos.IsValid() {
		return originSet{}
	}
	return originSet{sites: []token.Pos{pos}, ok: true}
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
