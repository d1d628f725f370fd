package refs

import "golang.org/x/tools/go/ssa"

// ElemOf returns the Ref of the elements of the map, slice or array v:
// what a MapUpdate stores into, where no SSA value names the element.
func (p *Program) ElemOf(v ssa.Value) Ref { return elem(p.Of(v)) }
