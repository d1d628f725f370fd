package maywait

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// hubTakes returns the locks of a hub that a peer takes between two of
// its operations on a channel the hub finds it by: the hub holds the
// peer's objects in a map or slice (watchers map[int]*watcher), and the
// peer, in the loop around its operation, takes a lock of the hub's type
// (a watcher's handler that asks the hub for its size). Once the hub
// can find the peer, a send to it under that lock may meet the peer on
// its way back to its receive, waiting for the lock.
//
// A peer that takes the lock only to put itself where the hub finds it
// (a worker's release(w), with w its own object; a request table's send,
// which returns the reply channel) is not findable until it has, and is
// at its receive when found: such calls (see registers) do not count.
func (p *peers) hubTakes(waited string, peer *chanflow.Op, waiter *ssa.Function) []lockTake {
	owner := ownerType(p.prog, waited)
	if owner == nil {
		return nil
	}
	loop := blocks.Loop(peer.Instr.Block())
	if loop == nil {
		return nil
	}
	var elem types.Type
	if peer.Chan != nil {
		if t, ok := peer.Chan.Type().Underlying().(*types.Chan); ok {
			elem = t.Elem()
		}
	}
	var out takeSet
	for b := range loop {
		for _, x := range b.Instrs {
			c, ok := x.(ssa.CallInstruction)
			if !ok || registers(c, owner, elem) {
				continue
			}
			for _, t := range p.instrTakes(x, waiter, false) {
				if hub := ownerType(p.prog, t.class); hub != nil && holdsElems(hub, owner) {
					out.add(t)
				}
			}
		}
	}
	return out.list
}

// registers reports whether a call puts the peer where the hub finds
// it: it is given an object of type owner (or a pointer to one) as an
// argument other than its receiver, which it stores (release(w), which
// appends w to the ready list; not evict(s), which deletes s from the
// map), or returns one, or a channel of elem (a request registered under
// the lock, and its reply channel returned).
func registers(c ssa.CallInstruction, owner *types.TypeName, elem types.Type) bool {
	is := func(t types.Type) bool {
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		return model.NamedOf(t) == owner
	}
	common := c.Common()
	for i, a := range common.Args {
		if (i > 0 || common.IsInvoke() || common.Signature().Recv() == nil) && is(a.Type()) {
			if g := common.StaticCallee(); g == nil || i >= len(g.Params) || stores(g.Params[i], 2) {
				return true
			}
		}
	}
	res := common.Signature().Results()
	for i := range res.Len() {
		t := res.At(i).Type()
		if is(t) {
			return true
		}
		if ch, ok := t.Underlying().(*types.Chan); ok && elem != nil && types.Identical(ch.Elem(), elem) {
			return true
		}
	}
	return false
}

// stores reports whether v is stored somewhere its function's caller
// may find it later: put in a map, stored in memory (a field, an append's
// element), or handed to a call that does so, depth calls down, or to
// one not known.
func stores(v ssa.Value, depth int) bool {
	for _, use := range *v.Referrers() {
		switch u := use.(type) {
		case *ssa.MapUpdate:
			if u.Key == v || u.Value == v {
				return true
			}
		case *ssa.Store:
			if u.Val == v {
				return true
			}
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.MakeClosure:
			return true // it goes on in ways not followed here
		case ssa.CallInstruction:
			common := u.Common()
			if b, ok := common.Value.(*ssa.Builtin); ok {
				if b.Name() == "append" {
					return true
				}
				continue // delete(m, v), print(v)
			}
			g := common.StaticCallee()
			if g == nil || depth == 0 {
				return true
			}
			for i, a := range common.Args {
				if a == v && (i >= len(g.Params) || stores(g.Params[i], depth-1)) {
					return true
				}
			}
		}
	}
	return false
}

// holdsElems reports whether hub has a field that is a map (by key or
// by value) or a slice of owner values or pointers.
func holdsElems(hub, owner *types.TypeName) bool {
	st, ok := hub.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		var elems []types.Type
		switch t := st.Field(i).Type().Underlying().(type) {
		case *types.Map:
			elems = []types.Type{t.Key(), t.Elem()}
		case *types.Slice:
			elems = []types.Type{t.Elem()}
		default:
			continue
		}
		if slices.ContainsFunc(elems, func(elem types.Type) bool {
			if ptr, ok := elem.Underlying().(*types.Pointer); ok {
				elem = ptr.Elem()
			}
			return model.NamedOf(elem) == owner
		}) {
			return true
		}
	}
	return false
}
