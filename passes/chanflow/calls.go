package chanflow

import "golang.org/x/tools/go/ssa"

// CallTargets returns the package functions a call (not a go statement)
// may run on the calling goroutine: its static callee, the package's
// implementations of an interface method, the functions stored in a
// func-valued field, the one function every caller passes for a
// func-valued parameter. Nil when none is known.
func (r *Result) CallTargets(c ssa.CallInstruction) []*ssa.Function { return r.get().targets[c] }
