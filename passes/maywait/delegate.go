package maywait

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/refs"
)

// notSelf leaves out of ts, the functions an interface call c may run,
// the methods of the type whose method makes the call, when the call is
// on a field of the receiver that holds another object of that type: a
// wrapper calling the value it wraps (a caching client's delegate). The
// wrapped value's locks are another object's, though their class is the
// wrapper's own. The field must be set only in a value the storing
// function allocates, to a value that does not refer to it (a
// parameter, a call's result): the delegate is not the wrapper itself.
func (p *peers) notSelf(c ssa.CallInstruction, ts []*ssa.Function) []*ssa.Function {
	fn := c.Parent()
	recv := fn.Signature.Recv()
	if recv == nil || len(fn.Params) == 0 {
		return ts
	}
	load, ok := c.Common().Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return ts
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || fa.X != fn.Params[0] || !p.setFromOutside(p.prog.Of(fa).Class) {
		return ts
	}
	self := deref(recv.Type())
	var out []*ssa.Function
	for _, g := range ts {
		if r := g.Signature.Recv(); r != nil && types.Identical(deref(r.Type()), self) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// setFromOutside reports whether every store of the package into fields
// of class is into a value the storing function allocates, of a value
// that is not that one, nor made from it.
func (p *peers) setFromOutside(class string) bool {
	stores := p.fieldStores(class)
	if class == "" || len(stores) == 0 {
		return false
	}
	for _, st := range stores {
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		a, ok := fa.X.(*ssa.Alloc)
		if !ok || a.Parent() != st.Parent() || madeFrom(st.Val, a) {
			return false
		}
	}
	return true
}

// madeFrom reports whether v is a, or an instruction with a among its
// operands (a conversion of it, a call given it).
func madeFrom(v ssa.Value, a *ssa.Alloc) bool {
	if v == ssa.Value(a) {
		return true
	}
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	for _, op := range instr.Operands(nil) {
		if *op == ssa.Value(a) {
			return true
		}
	}
	return false
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// handedIn reports whether c is an interface call on a value a caller
// handed to a method of the package as an argument, not as its receiver
// (f.ReadFrom(r), whose goroutine reads r): the value is another object
// than the method's receiver, so the locks the implementation called
// takes on its own receiver are not the receiver's of that method,
// though their class may be (r another *File). The value may pass
// through parameters of unexported functions and closures on its way;
// no call in the package may pass the method its own receiver there.
//
// What it does not prove: that the value is not another object whose
// lock the method holds (f.copy(dst, dst)).
func (p *peers) handedIn(c ssa.CallInstruction) bool {
	common := c.Common()
	return common.IsInvoke() && p.fromArg(common.Value, 0)
}

func (p *peers) fromArg(v ssa.Value, depth int) bool {
	r := p.prog.Of(v)
	prm, ok := r.Root.(*ssa.Parameter)
	if !ok || r.Path != "" || depth > 3 {
		return false
	}
	fn := prm.Parent()
	i := slices.Index(fn.Params, prm)
	calls := p.callers[fn]
	if i < 0 || len(calls) == 0 && fn.Signature.Recv() == nil || len(p.edgeIndex().handers[fn]) > 0 {
		return false // callers not all known
	}
	if fn.Signature.Recv() != nil {
		// A method: the argument is not the receiver at any call.
		return i > 0 && !slices.ContainsFunc(calls, func(c ssa.CallInstruction) bool {
			recv, arg := argOf(c, 0), argOf(c, i)
			return recv == nil || arg == nil || refs.Same(p.prog.Of(recv), p.prog.Of(arg))
		})
	}
	if obj := fn.Object(); obj != nil && obj.Exported() {
		return false
	}
	return !slices.ContainsFunc(calls, func(c ssa.CallInstruction) bool {
		arg := argOf(c, i)
		return arg == nil || !p.fromArg(arg, depth+1)
	})
}

// argOf returns the value a call passes for the callee's i-th parameter
// (the receiver first, for a method), or nil.
func argOf(c ssa.CallInstruction, i int) ssa.Value { return refs.ArgAt(c.Common(), i) }
