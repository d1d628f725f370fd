package maywait

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
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
