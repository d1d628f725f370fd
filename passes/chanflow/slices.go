package chanflow

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Channels in a slice: s = append(s, ch) and a slice stored in a field
// (s.chans = append(s.chans, ch), s.chans = chans) put their elements in
// the class of the slice's elements, as s.chans[i] = ch does.

// isChanSlice reports whether t is a slice of channels.
func isChanSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isChan(s.Elem())
}

// sliceElemKey returns the key of the elements of the slice v (or of the
// slice v points to), open when the slice is; the zero key when refs
// cannot name it.
func (b *builder) sliceElemKey(v ssa.Value) key {
	for {
		sl, ok := v.(*ssa.Slice)
		if !ok {
			break
		}
		v = sl.X // a reslice shares its elements
	}
	r := b.prog.Of(v)
	if r.Root == nil && r.Class == "" && builtinResult(v) {
		r.Root = v
	}
	var k key
	switch {
	case r.Class != "":
		r.Class += "[]"
		k = key{class: r.Class}
	case r.Root != nil:
		k = key{root: r.Root, path: r.Path + "[]"}
	default:
		return key{}
	}
	r.Path += "[]"
	if _, ok := b.parent[k]; !ok {
		b.parent[k] = k
		b.name[k] = r.Class
		b.open[k] = !builtinResult(r.Root) && b.isOpen(r)
	}
	return k
}

// unionElems unifies the elements of the slices x and y.
func (b *builder) unionElems(x, y ssa.Value) {
	kx, ky := b.sliceElemKey(x), b.sliceElemKey(y)
	if kx != (key{}) && ky != (key{}) {
		b.union(kx, ky)
	}
}

// appendElems unifies the elements of append's result with those of its
// arguments (the slice appended to and the slice of values appended).
func (b *builder) appendElems(call *ssa.Call) {
	for _, a := range call.Call.Args {
		if isChanSlice(a.Type()) {
			b.unionElems(call, a)
		}
	}
}

// builtinResult reports whether v is the result of a builtin (append):
// its elements are its arguments', open when they are.
func builtinResult(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	_, ok = call.Call.Value.(*ssa.Builtin)
	return ok
}
