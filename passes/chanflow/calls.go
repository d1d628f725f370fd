package chanflow

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// CallTargets returns the package functions a call (not a go statement)
// may run on the calling goroutine: its static callee, the package's
// implementations of an interface method, the functions stored in a
// func-valued field, the one function every caller passes for a
// func-valued parameter. Nil when none is known.
func (r *Result) CallTargets(c ssa.CallInstruction) []*ssa.Function { return r.get().targets[c] }

// StaticCalls returns the package's calls (not go or defer statements)
// whose static callee is fn, in source order.
func (r *Result) StaticCalls(fn *ssa.Function) []*ssa.Call { return r.get().staticCalls()[fn] }

func (f *flows) indexStaticCalls() map[*ssa.Function][]*ssa.Call {
	out := make(map[*ssa.Function][]*ssa.Call)
	for _, fn := range f.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(*ssa.Call); ok {
					if g := c.Call.StaticCallee(); g != nil {
						out[g] = append(out[g], c)
					}
				}
			}
		}
	}
	return out
}

// unwrapAll replaces the synthetic wrappers among fns (a bound method
// value s.run stored in a field) by the functions they call.
func (b *builder) unwrapAll(fns []*ssa.Function) []*ssa.Function {
	out := make([]*ssa.Function, 0, len(fns))
	for _, fn := range fns {
		if fn.Synthetic != "" {
			if w := wrapped(fn, b.prog.Pkg); w != nil {
				fn = w
			}
		}
		if !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}
