package chanflow

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
)

// BoundAfter reports whether the method fn can run on the object that
// the lock call at locks (x.mu.Lock(), x allocated in at's function)
// only once at has run: every way fn gets a receiver is a method value
// x.fn (a callback registered with that object) made in at's function,
// on x, after at on every path, with at in no loop; nothing calls fn
// directly, takes (*T).fn as a value, or may reach it through an
// interface. The idiom it proves: a constructor locks the object it
// builds, registers its callback, sets it up and unlocks; the callback
// runs only after the lock was taken, so the constructor's lock is not
// one it can contend with.
func (r *Result) BoundAfter(fn *ssa.Function, at ssa.CallInstruction) bool {
	g := at.Parent()
	if fn == nil || fn.Signature.Recv() == nil || fn.Object() == nil || fn.Object().Exported() ||
		g == nil || InCycle(at.Block()) || at.Common().IsInvoke() || len(at.Common().Args) == 0 {
		return false
	}
	x, ok := r.Program().Of(at.Common().Args[0]).Root.(*ssa.Alloc)
	if !ok || x.Parent() != g {
		return false
	}
	bound := r.boundValues(fn)
	if bound == nil {
		return false
	}
	for _, mc := range bound {
		if mc.Parent() != g || len(mc.Bindings) != 1 || mc.Bindings[0] != x || !blocks.Precedes(at, mc) {
			return false
		}
	}
	return len(bound) > 0
}

// methodValues indexes, by method, the MakeClosures that make a method
// value of it (x.m); other holds the methods reached another way as
// well (a static call, (*T).m as a value), invoked the names of the
// interface methods the package calls.
type methodValues struct {
	bound   map[*types.Func][]*ssa.MakeClosure
	other   map[*types.Func]bool
	invoked map[string]bool
}

func (f *flows) indexMethodValues() methodValues {
	mv := methodValues{bound: make(map[*types.Func][]*ssa.MakeClosure), other: make(map[*types.Func]bool), invoked: make(map[string]bool)}
	// The method a function value is, itself or as a wrapper (a bound
	// method value's has no receiver).
	method := func(v ssa.Value) *types.Func {
		if h, ok := v.(*ssa.Function); ok {
			if m, ok := h.Object().(*types.Func); ok && m.Signature().Recv() != nil {
				return m
			}
		}
		return nil
	}
	for _, h := range f.prog.Funcs {
		for _, b := range h.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if m := method(mc.Fn); m != nil {
						mv.bound[m] = append(mv.bound[m], mc)
					}
					continue
				}
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
					mv.invoked[c.Common().Method.Name()] = true
				}
				for _, op := range instr.Operands(nil) {
					if op == nil {
						continue
					}
					if m := method(*op); m != nil {
						mv.other[m] = true
					}
				}
			}
		}
	}
	return mv
}

// boundValues returns the MakeClosures that make a method value of fn
// (x.fn), or nil when fn is reached another way as well: a static call,
// (*T).fn as a value, or a call of an interface method of its name.
func (r *Result) boundValues(fn *ssa.Function) []*ssa.MakeClosure {
	mv := r.get().methodValues()
	obj, ok := fn.Object().(*types.Func)
	if !ok || mv.other[obj] || mv.invoked[obj.Name()] {
		return nil
	}
	return mv.bound[obj]
}
