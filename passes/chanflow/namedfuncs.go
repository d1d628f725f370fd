package chanflow

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// namedFuncs returns, for a func type declared in the package
// (type HandlerFunc func(Event)), the package functions converted to
// it: a call through a value of that type (f(ev) in HandlerFunc's own
// Handle method) may run any of them. Nil for any other type.
func (b *builder) namedFuncs(t types.Type) []*ssa.Function {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != b.prog.Pkg.Pkg {
		return nil
	}
	if _, ok := n.Underlying().(*types.Signature); !ok {
		return nil
	}
	if b.converted == nil {
		b.converted = make(map[*types.TypeName][]*ssa.Function)
		for _, fn := range b.prog.Funcs {
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					ct, ok := instr.(*ssa.ChangeType)
					if !ok {
						continue
					}
					to, ok := types.Unalias(ct.Type()).(*types.Named)
					if !ok {
						continue
					}
					if target := b.target(ct.X); target != nil && !slices.Contains(b.converted[to.Obj()], target) {
						b.converted[to.Obj()] = append(b.converted[to.Obj()], target)
					}
				}
			}
		}
	}
	return b.converted[n.Obj()]
}
