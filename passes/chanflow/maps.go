package chanflow

import "golang.org/x/tools/go/ssa"

// Channels stored in a map: m[k] = ch and for _, ch := range m are the
// same class as the map's elements (refs names them "...[]", as it
// names m[k]).

// elemKey returns the key of the elements of the map m.
func (b *builder) elemKey(m ssa.Value) key {
	r := b.prog.Of(m)
	var k key
	switch {
	case r.Class != "":
		k = key{class: r.Class + "[]"}
	case r.Root != nil:
		k = key{root: r.Root, path: r.Path + "[]"}
	default:
		return key{}
	}
	if _, ok := b.parent[k]; !ok {
		b.parent[k] = k
		b.name[k] = k.class
		b.open[k] = false
	}
	return k
}

// mapUpdate unifies a channel stored in a map with the map's elements.
func (b *builder) mapUpdate(in *ssa.MapUpdate) {
	if !isChan(in.Value.Type()) {
		return
	}
	if k := b.elemKey(in.Map); k != (key{}) {
		b.union(k, b.keyOf(in.Value))
	}
}

// mapNext unifies the value a range over a map yields with the map's
// elements.
func (b *builder) mapNext(in *ssa.Extract) {
	next, ok := in.Tuple.(*ssa.Next)
	if !ok || next.IsString || in.Index != 2 || !isChan(in.Type()) {
		return
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok {
		return
	}
	if k := b.elemKey(rng.X); k != (key{}) {
		b.union(k, b.keyOf(in))
	}
}
