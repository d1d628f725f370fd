package unsafeshare

import (
	"go/types"
	"maps"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
)

// A queue guarded by a lock is a hand-off: a put stores an item in the
// queue while it holds the queue's lock, a get takes an item out while it
// holds the same lock and returns it. What the putting goroutine did
// before the put is ordered before what the getting goroutine does after
// the get (the unlock after the put happens before the lock of the get
// that sees the item). Like a channel, the put is not paired with the
// get that takes its item: any get of the queue counts.
//
//	c.quiet = newSignal()               // written before the put
//	c.out.push(&shutdown{graceful: true}) // o.mu held: o.items = append(o.items, it)
//	...
//	it := c.out.pop()                   // o.mu held: it := o.items[0]
//	handle(it)                          // may read c.quiet

// queueKey is the edge of a queue: the class of the lock that guards it.
type queueKey struct{ lock string }

// paramStore is storesParam's answer for one parameter.
type paramStore struct {
	under  map[string]bool // the classes of the locks held at a store
	stores bool
}

type paramKey struct {
	fn *ssa.Function
	i  int
}

// queueRelease returns the keys of the queues a call puts an item on:
// a function of the package that stores an argument of pointer or
// interface type (the item) while it holds a lock of a class (itself or
// in the callees it passes the item to).
func (r *racer) queueRelease(c ssa.CallInstruction) []syncKey {
	if _, isGo := c.(*ssa.Go); isGo {
		return nil
	}
	common := c.Common()
	callee := common.StaticCallee()
	if callee == nil || callee.Pkg != r.prog.Pkg || common.IsInvoke() {
		return nil
	}
	first := 0
	if callee.Signature.Recv() != nil {
		first = 1
	}
	var out []syncKey
	for i := first; i < len(callee.Params) && i < len(common.Args); i++ {
		if !itemType(callee.Params[i].Type()) {
			continue
		}
		for k := range r.storesParam(callee, i, 0).under {
			out = append(out, queueKey{k})
		}
	}
	return out
}

// itemType reports whether a value of t can carry a reference to what
// its sender wrote: a pointer or an interface.
func itemType(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// storesParam reports whether fn stores its i-th parameter (a store, a
// map update, an append), itself or in the functions of the package it
// passes it to, and the classes of the locks held there: fn's own and,
// for a callee's store, those fn holds at the call.
func (r *racer) storesParam(fn *ssa.Function, i int, depth int) paramStore {
	k := paramKey{fn, i}
	if ps, ok := r.paramStores[k]; ok {
		return ps
	}
	r.paramStores[k] = paramStore{} // a recursion stores nothing more
	ps := paramStore{under: map[string]bool{}}
	if depth < 4 && i < len(fn.Params) {
		vals := []ssa.Value{fn.Params[i]}
		seen := map[ssa.Value]bool{}
		for len(vals) > 0 {
			v := vals[len(vals)-1]
			vals = vals[:len(vals)-1]
			if seen[v] || v.Referrers() == nil {
				continue
			}
			seen[v] = true
			for _, ref := range *v.Referrers() {
				switch ref := ref.(type) {
				case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType:
					vals = append(vals, ref.(ssa.Value))
				case *ssa.Store:
					if ref.Val == v {
						ps.stores = true
						maps.Copy(ps.under, r.classLocksAt(ref))
					}
				case *ssa.MapUpdate:
					if ref.Value == v {
						ps.stores = true
						maps.Copy(ps.under, r.classLocksAt(ref))
					}
				case *ssa.Call:
					callee := ref.Call.StaticCallee()
					if callee == nil || callee.Pkg != r.prog.Pkg || ref.Call.IsInvoke() {
						continue
					}
					for j, a := range ref.Call.Args {
						if a != v || j >= len(callee.Params) {
							continue
						}
						sub := r.storesParam(callee, j, depth+1)
						if !sub.stores {
							continue
						}
						ps.stores = true
						maps.Copy(ps.under, sub.under)
						maps.Copy(ps.under, r.classLocksAt(ref))
					}
				}
			}
		}
	}
	r.paramStores[k] = ps
	return ps
}

// classLocksAt returns the classes of the locks instr's function holds
// at instr for writing (its own Lock calls, not its callers').
func (r *racer) classLocksAt(instr ssa.Instruction) map[string]bool {
	b := instr.Block()
	h := r.step(maps.Clone(r.localHeld(instr.Parent())[b]), b, instr)
	out := map[string]bool{}
	for k, m := range h {
		if m == model.Exclusive && r.isClassKey(k) {
			out[k] = true
		}
	}
	return out
}

// queueAcquire returns the keys of the queues a call gets an item from:
// a function of the package that returns a pointer or interface value
// it loaded, or had a call return, while it held a lock of a class
// (itself or in the callee that produced it).
func (r *racer) queueAcquire(c *ssa.Call) []syncKey {
	callee := c.Call.StaticCallee()
	if callee == nil || callee.Pkg != r.prog.Pkg || c.Call.IsInvoke() {
		return nil
	}
	var out []syncKey
	for k := range r.getsUnder(callee, 0) {
		out = append(out, queueKey{k})
	}
	return out
}

// getsUnder returns the classes of the locks held where fn's returned
// items come from.
func (r *racer) getsUnder(fn *ssa.Function, depth int) map[string]bool {
	if g, ok := r.gets[fn]; ok {
		return g
	}
	r.gets[fn] = nil
	out := map[string]bool{}
	if depth < 4 {
		seen := map[ssa.Value]bool{}
		var origin func(v ssa.Value)
		origin = func(v ssa.Value) {
			if seen[v] {
				return
			}
			seen[v] = true
			switch v := v.(type) {
			case *ssa.Extract:
				origin(v.Tuple)
			case *ssa.TypeAssert:
				origin(v.X)
			case *ssa.ChangeInterface:
				origin(v.X)
			case *ssa.MakeInterface:
				origin(v.X)
			case *ssa.ChangeType:
				origin(v.X)
			case *ssa.Phi:
				for _, e := range v.Edges {
					origin(e)
				}
			case *ssa.UnOp:
				maps.Copy(out, r.sharedLocksAt(v))
			case *ssa.Lookup:
				maps.Copy(out, r.sharedLocksAt(v))
			case *ssa.Call:
				maps.Copy(out, r.sharedLocksAt(v))
				if callee := v.Call.StaticCallee(); callee != nil && callee.Pkg == r.prog.Pkg && !v.Call.IsInvoke() {
					maps.Copy(out, r.getsUnder(callee, depth+1))
				}
			}
		}
		for _, b := range fn.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			for _, v := range ret.Results {
				if itemType(v.Type()) {
					origin(v)
				}
			}
		}
	}
	r.gets[fn] = out
	return out
}

// sharedLocksAt returns the classes of the locks instr's function holds
// at instr, in either mode.
func (r *racer) sharedLocksAt(instr ssa.Instruction) map[string]bool {
	b := instr.Block()
	h := r.step(maps.Clone(r.localHeld(instr.Parent())[b]), b, instr)
	out := map[string]bool{}
	for k := range h {
		if r.isClassKey(k) {
			out[k] = true
		}
	}
	return out
}
