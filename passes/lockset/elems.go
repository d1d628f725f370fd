package lockset

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// A lock kept in a map or slice field, one per key (a keyed lock table:
// m := t.locks[key]; m.Lock()), is named for lock-order questions by the
// elements of that field, "(example.com/p.Table).locks[]", when every
// value of the local variable that holds it is such an element: a load
// (t.locks[key], comma-ok or not; a range over t.locks), or a new lock
// (new(sync.Mutex), &T{}) that the function stores into the same field
// (t.locks[key] = m). Any other assignment, or its address taken, and
// the variable is a local lock of its own, as before.

// elemClass returns the order class of the elements the local variable
// v always holds, or "".
func elemClass(pass *analysis.Pass, g *globals, v *types.Var) string {
	if c, ok := g.elems[v]; ok {
		return c
	}
	if g.elems == nil {
		g.elems = make(map[*types.Var]string)
	}
	g.elems[v] = "" // a cycle through orderClass is not a class
	c := computeElemClass(pass, g, v)
	g.elems[v] = c
	return c
}

func computeElemClass(pass *analysis.Pass, g *globals, v *types.Var) string {
	if v.Pkg() != pass.Pkg || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return ""
	}
	var body *ast.BlockStmt
	for _, f := range pass.Files {
		if f.FileStart <= v.Pos() && v.Pos() < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, v.Pos(), v.Pos())
			for _, n := range path {
				switch n := n.(type) {
				case *ast.FuncDecl:
					body = n.Body
				case *ast.FuncLit:
					body = n.Body
				}
				if body != nil {
					break
				}
			}
			break
		}
	}
	if body == nil {
		return ""
	}
	info := pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	container := func(x ast.Expr) string { return containerClass(pass, g, x) }
	class, fresh, bad := "", false, false
	var stored []string
	agree := func(c string) {
		if c == "" || (class != "" && class != c) {
			bad = true
			return
		}
		class = c
	}
	value := func(rhs ast.Expr) {
		switch r := astutil.Unparen(rhs).(type) {
		case *ast.IndexExpr:
			agree(container(r.X))
		case *ast.CallExpr: // new(T)
			if id, ok := astutil.Unparen(r.Fun).(*ast.Ident); ok && id.Name == "new" {
				if _, ok := info.Uses[id].(*types.Builtin); ok {
					fresh = true
					return
				}
			}
			bad = true
		case *ast.UnaryExpr: // &T{}
			if _, ok := astutil.Unparen(r.X).(*ast.CompositeLit); ok && r.Op == token.AND {
				fresh = true
				return
			}
			bad = true
		default:
			bad = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if bad {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if is(lhs) {
					switch {
					case len(n.Lhs) == len(n.Rhs):
						value(n.Rhs[i])
					case i == 0 && len(n.Rhs) == 1:
						if _, ok := astutil.Unparen(n.Rhs[0]).(*ast.IndexExpr); ok {
							value(n.Rhs[0]) // m, ok := t.locks[key]
						} else {
							bad = true
						}
					default:
						bad = true
					}
				}
				// t.locks[key] = m
				if ix, ok := astutil.Unparen(lhs).(*ast.IndexExpr); ok && len(n.Lhs) == len(n.Rhs) && is(n.Rhs[i]) {
					stored = append(stored, container(ix.X))
				}
			}
		case *ast.RangeStmt:
			if n.Value != nil && is(n.Value) {
				agree(container(n.X))
			}
			if n.Key != nil && is(n.Key) {
				bad = true
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if is(name) {
					if i < len(n.Values) && len(n.Names) == len(n.Values) {
						value(n.Values[i])
					} else {
						bad = true
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				bad = true
			}
		}
		return true
	})
	if bad || class == "" {
		return ""
	}
	if fresh {
		// A new lock counts only once the function puts it in the field.
		ok := false
		for _, c := range stored {
			if c == class {
				ok = true
			}
		}
		if !ok {
			return ""
		}
	}
	return class
}

// containerClass returns the order class of the elements of a map or
// slice field path ("(example.com/p.Table).locks[]"), or "".
func containerClass(pass *analysis.Pass, g *globals, x ast.Expr) string {
	t := pass.TypesInfo.TypeOf(x)
	if t == nil {
		return ""
	}
	switch t.Underlying().(type) {
	case *types.Map, *types.Slice:
	default:
		return ""
	}
	p := pathOf(pass, x)
	if p == nil || p.key.fields == "" {
		return ""
	}
	c := orderClass(pass, g, p.key)
	if LocalClass(c) {
		return ""
	}
	return c + "[]"
}

// elemKey returns the key that stands for an element of a map or slice
// field a lock operation is called on (t.locks[key].Unlock()), an
// element of its class: which one is not known, so it is never held,
// only released without being taken (HeldOnEntry), and never named
// relative to a function.
func (w *walker) elemKey(call *ast.CallExpr) (Key, bool) {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return Key{}, false
	}
	ix, ok := astutil.Unparen(sel.X).(*ast.IndexExpr)
	if !ok {
		return Key{}, false
	}
	c := containerClass(w.pass, &w.res.globals, ix.X)
	if c == "" {
		return Key{}, false
	}
	return Key{global: c, elem: true}, true
}
