package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
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
	// The innermost function around v's declaration (a declaration
	// without body holds no function literal: nothing then).
	body := enclosingBody(pass.Files, v)
	if body == nil {
		return ""
	}
	s := &elemClassScan{pass: pass, g: g, v: v}
	ast.Inspect(body, s.visit)
	if s.bad || s.class == "" {
		return ""
	}
	// A new lock counts only once the function puts it in the field.
	if s.fresh && !slices.Contains(s.stored, s.class) {
		return ""
	}
	return s.class
}

// An elemClassScan walks the body that declares v for computeElemClass.
type elemClassScan struct {
	pass   *analysis.Pass
	g      *globals
	v      *types.Var
	class  string   // the class of the containers v is loaded from
	fresh  bool     // v is given a new lock
	stored []string // the classes of the containers v is stored into
	bad    bool     // v gets another value, or its address is taken
}

func (s *elemClassScan) visit(n ast.Node) bool {
	if s.bad {
		return false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			if s.is(lhs) {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					s.value(n.Rhs[i])
				case i == 0 && len(n.Rhs) == 1:
					if _, ok := astutil.Unparen(n.Rhs[0]).(*ast.IndexExpr); ok {
						s.value(n.Rhs[0]) // m, ok := t.locks[key]
					} else {
						s.bad = true
					}
				default:
					s.bad = true
				}
			}
			// t.locks[key] = m
			if ix, ok := astutil.Unparen(lhs).(*ast.IndexExpr); ok && len(n.Lhs) == len(n.Rhs) && s.is(n.Rhs[i]) {
				s.stored = append(s.stored, s.container(ix.X))
			}
		}
	case *ast.RangeStmt:
		if n.Value != nil && s.is(n.Value) {
			s.agree(s.container(n.X))
		}
		if n.Key != nil && s.is(n.Key) {
			s.bad = true
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			if s.is(name) {
				if i < len(n.Values) && len(n.Names) == len(n.Values) {
					s.value(n.Values[i])
				} else {
					s.bad = true
				}
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND && s.is(n.X) {
			s.bad = true
		}
	}
	return true
}

// is reports whether e names v.
func (s *elemClassScan) is(e ast.Expr) bool {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	return ok && s.pass.TypesInfo.ObjectOf(id) == s.v
}

func (s *elemClassScan) container(x ast.Expr) string { return containerClass(s.pass, s.g, x) }

// agree notes a load of v from a container of class c: every load must
// be of the same class.
func (s *elemClassScan) agree(c string) {
	if c == "" || (s.class != "" && s.class != c) {
		s.bad = true
		return
	}
	s.class = c
}

// value notes a value given to v: an element of a container, or a new
// lock (new(T), &T{}).
func (s *elemClassScan) value(rhs ast.Expr) {
	switch r := astutil.Unparen(rhs).(type) {
	case *ast.IndexExpr:
		s.agree(s.container(r.X))
	case *ast.CallExpr: // new(T)
		if id, ok := astutil.Unparen(r.Fun).(*ast.Ident); ok && id.Name == "new" {
			if _, ok := s.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
				s.fresh = true
				return
			}
		}
		// A helper of the package returning an element: l := t.lockFor(key).
		s.agree(resultElemClass(s.pass, s.g, typeutil.StaticCallee(s.pass.TypesInfo, r)))
	case *ast.UnaryExpr: // &T{}
		if _, ok := astutil.Unparen(r.X).(*ast.CompositeLit); ok && r.Op == token.AND {
			s.fresh = true
			return
		}
		s.bad = true
	default:
		s.bad = true
	}
}

// resultElemClass returns the element class of the variable every
// return of fn, a function of this package, returns, or "".
func resultElemClass(pass *analysis.Pass, g *globals, fn *types.Func) string {
	if fn == nil || fn.Pkg() != pass.Pkg {
		return ""
	}
	for _, f := range pass.Files {
		if f.FileStart > fn.Pos() || fn.Pos() >= f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
				if v := returnedVar(pass.TypesInfo, fd.Type, fd.Body); v != nil {
					return elemClass(pass, g, v)
				}
			}
		}
	}
	return ""
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
