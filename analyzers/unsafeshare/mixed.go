package unsafeshare

import (
	"go/ast"
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// A word is what an access touches, for mixed: a field (for every value
// of its struct) or a variable, or, with elem, the elements of one that
// is a slice or a pointer. atomic.LoadPointer(&n.buckets[i]) loads an
// element; len(n.buckets) and range n.buckets read the slice header, a
// word that nothing changes atomically. An array's elements are a part
// of its field: a copy of the array reads them.
type word struct {
	obj  types.Object
	elem bool
}

// keyOf returns the word of an access: fld, or the variable it names.
func keyOf(acc access, fld *types.Var, elem bool) (word, bool) {
	if fld != nil {
		return word{fld, elem}, true
	}
	if acc.p.rest == "" {
		return word{acc.p.root, elem}, true
	}
	return word{}, false
}

// throughElem reports whether an access expression reaches its field or
// variable's elements, or what it points to, rather than the word
// itself: n.buckets[i] of a slice, *n.p.
func throughElem(info *types.Info, n ast.Node) bool {
	for {
		switch x := n.(type) {
		case *ast.ParenExpr:
			n = x.X
		case *ast.StarExpr:
			return true
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Pointer:
					return true
				}
			}
			n = x.X
		default:
			return false
		}
	}
}

// elemReads returns the expressions of a function body (its literals
// left out, as accessesOf) that name a slice to read or write its
// elements: the range of a loop with a value variable, copy's operands,
// append's spread one.
func elemReads(info *types.Info, body *ast.BlockStmt) map[ast.Node]bool {
	out := make(map[ast.Node]bool)
	isSlice := func(e ast.Expr) bool {
		t := info.TypeOf(e)
		if t == nil {
			return false
		}
		_, ok := t.Underlying().(*types.Slice)
		return ok
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if n.Value != nil && isSlice(n.X) {
				out[ast.Unparen(n.X)] = true
			}
		case *ast.CallExpr:
			b, ok := info.Uses[calleeIdent(n)].(*types.Builtin)
			switch {
			case !ok:
			case b.Name() == "copy":
				for _, a := range n.Args {
					out[ast.Unparen(a)] = true
				}
			case b.Name() == "append" && n.Ellipsis.IsValid() && len(n.Args) == 2:
				out[ast.Unparen(n.Args[1])] = true
			}
		}
		return true
	})
	return out
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	id, _ := ast.Unparen(call.Fun).(*ast.Ident)
	return id
}

// An atomicUse is an atomic access, in its function.
type atomicUse struct {
	fn  *funcs.Func
	acc access
}

// atomicWords returns the package's atomic accesses by word, and the
// plain accesses of each function.
func (a *checker) atomicWords() (map[word][]atomicUse, map[*funcs.Func][]access) {
	info := a.pass.TypesInfo
	atomics := make(map[word][]atomicUse)
	plain := make(map[*funcs.Func][]access)
	for _, fn := range a.ix.Funcs {
		accs, n := a.accessesOf(fn)
		for _, acc := range accs[n:] {
			_, fld := fieldOf(info, acc.node)
			if k, ok := keyOf(acc, fld, throughElem(info, acc.node)); ok {
				atomics[k] = append(atomics[k], atomicUse{fn, acc})
			}
		}
		plain[fn] = accs[:n]
	}
	return atomics, plain
}

// mixed reports plain accesses, in functions that run as tasks or
// goroutines, to a variable or field that the package accesses with
// sync/atomic functions elsewhere.
func (a *checker) mixed() {
	if !funcs.Imports(a.pass.Pkg, "sync/atomic") || len(a.spawns) == 0 {
		return
	}
	info := a.pass.TypesInfo
	atomics, plain := a.atomicWords()
	if len(atomics) == 0 {
		return
	}
	bodies := make(map[*funcs.Func]*tasks.Spawn)
	for _, s := range a.spawns {
		if s.Body != nil && s.Kind != model.InPlace && bodies[s.Body] == nil {
			bodies[s.Body] = s
		}
	}
	for _, fn := range a.ix.Funcs {
		s := bodies[fn]
		if s == nil {
			continue
		}
		seen := make(map[word]bool)
		elems := elemReads(info, fn.Body)
		for _, acc := range plain[fn] {
			sel, fld := fieldOf(info, acc.node)
			k, ok := keyOf(acc, fld, throughElem(info, acc.node) || elems[acc.node])
			if !ok || seen[k] || len(atomics[k]) == 0 {
				continue
			}
			if sel != nil && a.ownValue(fn, sel) {
				continue
			}
			if sel == nil {
				if v, ok := k.obj.(*types.Var); ok && hb.DeclaredIn(v, fn.Body) {
					continue
				}
			}
			if len(a.heldAt(fn, acc.node)) > 0 {
				continue // under a lock: the atomic writes may all hold it too
			}
			// A plain read by the only goroutine that writes atomically
			// is not a race: it needs an atomic write elsewhere.
			var other *atomicUse
			for i, u := range atomics[k] {
				if !acc.write && u.fn == fn {
					continue // the goroutine reads what it writes itself
				}
				if u.fn == s.In && u.acc.node.Pos() < s.Pos() {
					continue // before the spawn
				}
				if u.fn != fn && a.hb.OrderedBefore(u.fn, u.acc.node, a.hb.Mentions(fn, false)) {
					continue // after a point that may order it after the goroutine
				}
				other = &atomics[k][i]
				break
			}
			if other == nil {
				continue
			}
			seen[k] = true
			name := acc.p.String()
			if k.elem {
				name = "an element of " + name
			}
			a.reportf(acc.node.Pos(), "%s is %s here without sync/atomic, in a %s started at %s, but accessed atomically at %s: every access must be atomic (or use an atomic type such as atomic.Int64)",
				name, verb(acc.write), kindOf(s), a.pos(s.Pos()), a.pos(other.acc.node.Pos()))
		}
	}
}
