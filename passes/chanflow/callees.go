package chanflow

import (
	"golang.org/x/tools/go/ssa"
)

// CalleesAt returns the package functions a call, go or defer
// instruction may run: what Callees lists for its function, for this one
// instruction (a go statement's target runs on the new goroutine).
func (r *Result) CalleesAt(c ssa.CallInstruction) []*ssa.Function {
	f := r.get()
	if f.calleesAt == nil {
		return nil
	}
	return f.calleesAt(c.Common())
}

// Implementations returns the package's methods that an interface call
// may run.
func (r *Result) Implementations(c *ssa.CallCommon) []*ssa.Function {
	f := r.get()
	if f.calleesAt == nil || !c.IsInvoke() {
		return nil
	}
	return f.calleesAt(c)
}

// heldParamTarget resolves a call of a parameter held in a variable or
// captured by a closure (parallelize's work, called from its worker
// goroutines) as a call of that parameter.
func (b *builder) heldParamTarget(v ssa.Value) *ssa.Function {
	r := b.prog.Of(v)
	if p, ok := r.Root.(*ssa.Parameter); ok && r.Path == "" && p != v {
		return b.paramTarget(p)
	}
	return nil
}
