package model

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// The types not safe for concurrent use, and the sync/atomic operations.
// unsafeshare asks them: a value of such a type used on two sides of a
// spawn with no ordering is a data race, even where every use is a
// method call.

// NotConcurrent describes a type whose values must not be used by two
// goroutines at once (bytes.Buffer, *math/rand.Rand, a map, or a type
// annotated //asynclint:notconcurrent).
type NotConcurrent struct {
	// Name is how messages name the type ("bytes.Buffer", "a map").
	Name string
	// ReadOnly lists the methods that only read the value: two goroutines
	// may call them at once. Every other method, and passing the value
	// (or its address) to a function, is a use that writes.
	ReadOnly []string
}

// notConcurrent is the table, by "pkg/path.Type".
var notConcurrent = map[string]NotConcurrent{
	"bytes.Buffer":      {Name: "bytes.Buffer", ReadOnly: []string{"Len", "Cap", "Available", "String", "Bytes", "AvailableBuffer"}},
	"strings.Builder":   {Name: "strings.Builder", ReadOnly: []string{"Len", "Cap", "String"}},
	"bufio.Reader":      {Name: "bufio.Reader", ReadOnly: []string{"Buffered", "Size"}},
	"bufio.Writer":      {Name: "bufio.Writer", ReadOnly: []string{"Buffered", "Available", "Size", "AvailableBuffer"}},
	"bufio.ReadWriter":  {Name: "bufio.ReadWriter"},
	"bufio.Scanner":     {Name: "bufio.Scanner", ReadOnly: []string{"Text", "Bytes", "Err"}},
	"math/rand.Rand":    {Name: "*math/rand.Rand"},
	"math/rand/v2.Rand": {Name: "*math/rand/v2.Rand"},
	"hash.Hash":         {Name: "hash.Hash", ReadOnly: []string{"Size", "BlockSize", "Sum"}},
	"hash.Hash32":       {Name: "hash.Hash32", ReadOnly: []string{"Size", "BlockSize", "Sum", "Sum32"}},
	"hash.Hash64":       {Name: "hash.Hash64", ReadOnly: []string{"Size", "BlockSize", "Sum", "Sum64"}},
}

// NotConcurrentFact is the fact a //asynclint:notconcurrent directive on
// a type declaration exports, so that other packages see it.
type NotConcurrentFact struct{}

func (*NotConcurrentFact) AFact() {}

func (*NotConcurrentFact) String() string { return "asynclint:notconcurrent" }

// TypeDirectives lists the //asynclint: words that annotate a type
// declaration. The directive check accepts them beside Directives.
//
//	//asynclint:notconcurrent   values of the type are not safe for
//	                            concurrent use: unsafeshare reports one
//	                            used on two sides of a spawn with no
//	                            ordering, as it does bytes.Buffer
var TypeDirectives = []string{"notconcurrent"}

// TypeNotConcurrent reports whether the doc comment of a type
// declaration holds //asynclint:notconcurrent.
func TypeNotConcurrent(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		word, ok := strings.CutPrefix(c.Text, "//asynclint:")
		if !ok {
			continue
		}
		word, _, _ = strings.Cut(word, " ")
		if strings.TrimSpace(word) == "notconcurrent" {
			return true
		}
	}
	return false
}

// NotConcurrent returns what the model knows of t (or of the type t
// points to) as a type not safe for concurrent use: the table's types,
// maps, and the types annotated //asynclint:notconcurrent in this package
// or a dependency.
func (m *Model) NotConcurrent(t types.Type) (NotConcurrent, bool) {
	if t == nil {
		return NotConcurrent{}, false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		obj := n.Origin().Obj()
		if obj.Pkg() != nil {
			if nc, ok := notConcurrent[obj.Pkg().Path()+"."+obj.Name()]; ok {
				return nc, true
			}
		}
		if m != nil && m.notConcurrent[obj] {
			name := obj.Name()
			if obj.Pkg() != nil {
				name = obj.Pkg().Name() + "." + name
			}
			return NotConcurrent{Name: name}, true
		}
	}
	if _, ok := t.Underlying().(*types.Map); ok {
		return NotConcurrent{Name: "a map"}, true
	}
	return NotConcurrent{}, false
}

// IsReadOnly reports whether method only reads a value of the type.
func (nc NotConcurrent) IsReadOnly(method string) bool { return slices.Contains(nc.ReadOnly, method) }

// IsAtomicType reports whether t is one of sync/atomic's types
// (atomic.Int64, atomic.Pointer[T], atomic.Value, ...), or a pointer to
// one: every access to it is atomic.
func IsAtomicType(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync/atomic"
}

func init() {
	// sync/atomic: the functions take the address of the word they
	// access as first argument (Atomic); they and the methods of the
	// atomic types order memory between goroutines (Syncs).
	for _, op := range []string{"Add", "And", "Or", "CompareAndSwap", "Load", "Store", "Swap"} {
		for _, typ := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
			if typ == "Pointer" && (op == "Add" || op == "And" || op == "Or") {
				continue
			}
			add(Entry{Effects: Atomic | Syncs, Body: -1}, "sync/atomic."+op+typ)
		}
	}
	for _, typ := range []string{"Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer", "Value"} {
		for _, op := range []string{"Add", "And", "Or", "CompareAndSwap", "Load", "Store", "Swap"} {
			if (typ == "Bool" || typ == "Pointer" || typ == "Value") && (op == "Add" || op == "And" || op == "Or") {
				continue // no such method
			}
			add(Entry{Effects: Syncs, Body: -1}, "(*sync/atomic."+typ+")."+op)
		}
	}
	add(Entry{Effects: Syncs | Runs, Body: 0}, "(*sync.Once).Do")
	// synctest.Wait returns when every other goroutine of the bubble has
	// exited or is durably blocked: what they did is visible after it.
	add(Entry{Effects: Syncs, Body: -1}, "testing/synctest.Wait", "internal/synctest.Wait")
}

// IsAtomicLoad reports whether fn is a sync/atomic function that only
// reads its word (LoadInt64, ...).
func IsAtomicLoad(fn *types.Func) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" && strings.HasPrefix(fn.Name(), "Load")
}
