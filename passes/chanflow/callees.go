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

// heldParamTargets resolves a call of a parameter held in a variable or
// captured by a closure (parallelize's work, called from its worker
// goroutines) as a call of every function the package's callers pass
// for that parameter (none when one of them passes something else).
func (b *builder) heldParamTargets(v ssa.Value) []*ssa.Function {
	r := b.prog.Of(v)
	p, ok := r.Root.(*ssa.Parameter)
	if !ok || r.Path != "" || p == v {
		return nil
	}
	if fns, complete := b.passedFuncs(p); complete {
		return fns
	}
	return nil
}
