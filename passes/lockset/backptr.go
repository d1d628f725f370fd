package lockset

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
)

// Back-pointers: a child kept in its owner's field (a map or slice of
// children, or one child) whose own field points back at the owner:
//
//	type Topology struct { mu sync.RWMutex; zones map[string]*Zone }
//	type Zone struct { topo *Topology; ... }
//
// z.topo.mu, for a z taken from t.zones (z := t.zones[k], for _, z :=
// range t.zones), is t.mu when the package keeps the invariant that a
// zone in t.zones has topo == t. Canon proves it from the package's
// stores: every store to the back-pointer field (z.topo = p, &Zone{topo:
// p}) goes with a store of the same zone into p's field (p.zones[k] = z,
// p.zones = append(p.zones, z), p.zone = z) in the same function, and
// every store of a zone into that field goes with a store of the owner
// into its back-pointer. Both fields unexported (no other package stores
// them), both types of the package. A chain of such links (t.primary.
// topo.mu) is resolved the same way.

// Canon returns the path k denotes with the back-pointers it goes
// through resolved to their owners (z.topo.mu as t.mu), or k.
func (r *Result) Canon(k Key) Key {
	if r.pass == nil || k.elem || k.fields == "" {
		return k
	}
	// The checks of a package ask at the same time; the memos of
	// elemOwner and backPointer are shared.
	r.memo.Lock()
	defer r.memo.Unlock()
	if c, ok := r.canon[k]; ok {
		return c
	}
	c := r.canonical(k)
	if r.canon == nil {
		r.canon = make(map[Key]Key)
	}
	r.canon[k] = c
	return c
}

// canonical is Canon's work, memo held.
func (r *Result) canonical(k Key) Key {
	names := strings.Split(k.fields[1:], ".")
	// A local variable that holds an element of its owner's field.
	if v, ok := k.root.(*types.Var); ok && v.Pkg() == r.pass.Pkg && !v.IsField() {
		if owner, g, ok := r.elemOwner(v); ok {
			if f := fieldOf(v.Type(), names[0]); f != nil && r.backPointer(g, f) {
				k = Key{root: owner.root, global: owner.global, fields: owner.fields}
				names = names[1:]
				if len(names) == 0 {
					return k // the owner itself is not a lock path here
				}
				k.fields += "." + strings.Join(names, ".")
			}
		}
	}
	// .g.f links along the path.
	for changed := true; changed; {
		changed = false
		t := rootType(r, k)
		if t == nil {
			return k
		}
		names = strings.Split(k.fields[1:], ".")
		for i := 0; i+1 < len(names); i++ {
			g := fieldOf(t, names[i])
			if g == nil {
				break
			}
			if f := fieldOf(g.Type(), names[i+1]); f != nil && r.backPointer(g, f) {
				rest := append(append([]string{}, names[:i]...), names[i+2:]...)
				if len(rest) == 0 {
					return k
				}
				k.fields = "." + strings.Join(rest, ".")
				changed = true
				break
			}
			t = g.Type()
		}
	}
	return k
}

func rootType(r *Result, k Key) types.Type {
	if k.root != nil {
		return k.root.Type()
	}
	if v := r.globals.lookup(r.pass.Pkg, k.global); v != nil {
		return v.Type()
	}
	return nil
}

// fieldOf returns the field name of the struct t is or points to.
func fieldOf(t types.Type, name string) *types.Var {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == name {
			return st.Field(i)
		}
	}
	return nil
}

// ElemOwner returns the owner path and its field whose elements the
// local variable v always holds (v := p.g[k], for _, v := range p.g),
// when p is one path the function does not reassign.
func (r *Result) ElemOwner(v *types.Var) (Key, *types.Var, bool) {
	if r.pass == nil || v.Pkg() != r.pass.Pkg {
		return Key{}, nil, false
	}
	r.memo.Lock()
	defer r.memo.Unlock()
	return r.elemOwner(v)
}

// elemOwner returns the owner and the field g of it whose elements the
// local v always holds (v := p.g[k], for _, v := range p.g), when p is
// one path the function does not reassign.
func (r *Result) elemOwner(v *types.Var) (Key, *types.Var, bool) {
	if o, ok := r.owners[v]; ok {
		return o.owner, o.g, o.g != nil
	}
	if r.owners == nil {
		r.owners = make(map[*types.Var]elemOwner)
	}
	owner, g, ok := r.computeElemOwner(v)
	if !ok {
		g = nil
	}
	r.owners[v] = elemOwner{owner, g}
	return owner, g, ok
}

type elemOwner struct {
	owner Key
	g     *types.Var
}

func (r *Result) computeElemOwner(v *types.Var) (Key, *types.Var, bool) {
	body := r.enclosingBody(v)
	if body == nil {
		return Key{}, nil, false
	}
	info := r.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	var owner Key
	var g *types.Var
	bad, seen := false, false
	from := func(x ast.Expr) {
		sel, ok := astutil.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			bad = true
			return
		}
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			bad = true
			return
		}
		p := pathOf(r.pass, sel.X)
		f, _ := s.Obj().(*types.Var)
		if p == nil || f == nil || (seen && (p.key != owner || f != g)) {
			bad = true
			return
		}
		owner, g, seen = p.key, f, true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if bad {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if !is(lhs) {
					continue
				}
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				} else if i == 0 && len(n.Rhs) == 1 {
					rhs = n.Rhs[0]
				}
				ix, ok := astutil.Unparen(rhs).(*ast.IndexExpr)
				if !ok {
					bad = true
					continue
				}
				from(ix.X)
			}
		case *ast.RangeStmt:
			if n.Value != nil && is(n.Value) {
				from(n.X)
			}
			if n.Key != nil && is(n.Key) {
				bad = true
			}
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if is(name) {
					bad = true
				}
			}
		case *ast.UnaryExpr:
			if is(n.X) {
				bad = true
			}
		}
		return true
	})
	if bad || !seen {
		return Key{}, nil, false
	}
	// The owner's root is not reassigned.
	if root, ok := owner.root.(*types.Var); ok {
		assigned := false
		ast.Inspect(body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := astutil.Unparen(lhs).(*ast.Ident); ok && info.Uses[id] == root {
						assigned = true
					}
				}
			}
			return !assigned
		})
		if assigned {
			return Key{}, nil, false
		}
	}
	return owner, g, true
}

// enclosingBody returns the body of the innermost function whose
// declaration or literal holds v's declaration (nil for a function
// without body, or none), by the package's functions sorted by position:
// of those that start before v, the last that holds it. A search of the
// file's syntax for the same answer allocated a path for every variable.
func (r *Result) enclosingBody(v *types.Var) *ast.BlockStmt {
	if r.ix == nil {
		return enclosingBody(r.pass.Files, v)
	}
	if r.byPos == nil {
		r.byPos = slices.Clone(r.ix.Funcs)
		slices.SortFunc(r.byPos, func(a, b *funcs.Func) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) })
	}
	pos := v.Pos()
	i, _ := slices.BinarySearchFunc(r.byPos, pos, func(f *funcs.Func, p token.Pos) int { return cmp.Compare(f.Node.Pos(), p) })
	for i--; i >= 0; i-- {
		f := r.byPos[i]
		if pos < f.Node.End() {
			return f.Body
		}
		if _, ok := f.Node.(*ast.FuncDecl); ok {
			return nil // a declaration is outermost: no function before it holds v
		}
	}
	return nil
}

func enclosingBody(files []*ast.File, v *types.Var) *ast.BlockStmt {
	for _, f := range files {
		if f.FileStart <= v.Pos() && v.Pos() < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, v.Pos(), v.Pos())
			for _, n := range path {
				switch n := n.(type) {
				case *ast.FuncDecl:
					return n.Body
				case *ast.FuncLit:
					return n.Body
				}
			}
			return nil
		}
	}
	return nil
}

type linkKey struct{ g, f *types.Var }

// backPointer reports whether the package keeps f of every child stored
// in an owner's field g pointing at that owner (see Canon).
func (r *Result) backPointer(g, f *types.Var) bool {
	lk := linkKey{g, f}
	if v, ok := r.links[lk]; ok {
		return v
	}
	if r.links == nil {
		r.links = make(map[linkKey]bool)
	}
	r.links[lk] = false
	ok := r.proveBackPointer(g, f)
	r.links[lk] = ok
	return ok
}

func (r *Result) proveBackPointer(g, f *types.Var) bool {
	pkg := r.pass.Pkg
	if g.Pkg() != pkg || f.Pkg() != pkg || g.Exported() || f.Exported() || !g.IsField() || !f.IsField() {
		return false
	}
	// f points at the type that declares g.
	owner := derefT(f.Type())
	if _, ok := types.Unalias(owner).(*types.Named); !ok || fieldOf(owner, g.Name()) != g {
		return false
	}
	info := r.pass.TypesInfo
	for _, file := range r.pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if !r.pairedStores(info, fd.Body, g, f) {
				return false
			}
		}
		// Package-level composite literals setting either field.
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				bad := false
				ast.Inspect(gd, func(n ast.Node) bool {
					if lit, ok := n.(*ast.CompositeLit); ok && (litSets(info, lit, f) != nil || litSets(info, lit, g) != nil) {
						bad = true
					}
					return !bad
				})
				if bad {
					return false
				}
			}
		}
	}
	return true
}

func derefT(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// litSets returns the value a composite literal gives field f, or nil.
func litSets(info *types.Info, lit *ast.CompositeLit, f *types.Var) ast.Expr {
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && info.Uses[id] == f {
				return kv.Value
			}
			continue
		}
		if st, ok := info.TypeOf(lit).Underlying().(*types.Struct); ok && i < st.NumFields() && st.Field(i) == f {
			return elt
		}
	}
	return nil
}

// pairedStores checks, within one function, that every store to the
// back-pointer f goes with a store of the same child into g of the same
// owner, and the other way round.
func (r *Result) pairedStores(info *types.Info, body *ast.BlockStmt, g, f *types.Var) bool {
	var fs, gs, anyf []store // anyf: stores of a child into any field of the owner
	bad := false
	ownerT := derefT(f.Type())
	ownerField := func(e ast.Expr) (*ast.SelectorExpr, *types.Var) {
		sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil, nil
		}
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			return nil, nil
		}
		fv, _ := s.Obj().(*types.Var)
		if fv == nil || fieldOf(ownerT, fv.Name()) != fv {
			return nil, nil
		}
		return sel, fv
	}
	// The variable a composite literal is assigned to, if any.
	litVar := make(map[*ast.CompositeLit]*types.Var)
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, rhs := range as.Rhs {
				if lit := compositeOf(rhs); lit != nil {
					if id, ok := astutil.Unparen(as.Lhs[i]).(*ast.Ident); ok {
						if v, ok := info.ObjectOf(id).(*types.Var); ok {
							litVar[lit] = v
						}
					}
				}
			}
		}
		return true
	})
	child := func(e ast.Expr) any {
		if lit := compositeOf(e); lit != nil {
			if v := litVar[lit]; v != nil {
				return v
			}
			return lit
		}
		if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				return v
			}
		}
		return nil
	}
	ownerPath := func(e ast.Expr) (Key, bool) {
		p := pathOf(r.pass, e)
		if p == nil {
			return Key{}, false
		}
		return p.key, true
	}
	fieldSel := func(e ast.Expr, field *types.Var) *ast.SelectorExpr {
		sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if s := info.Selections[sel]; s != nil && s.Obj() == field {
			return sel
		}
		return nil
	}
	empty := func(e ast.Expr) bool {
		switch x := astutil.Unparen(e).(type) {
		case *ast.Ident:
			return x.Name == "nil"
		case *ast.CallExpr:
			if id, ok := astutil.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "make" {
				return true
			}
		case *ast.CompositeLit:
			return len(x.Elts) == 0
		}
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if bad {
			return false
		}
		switch n := n.(type) {
		case *ast.CompositeLit:
			if v := litSets(info, n, f); v != nil {
				o, ok := ownerPath(v)
				c := child(n)
				if !ok || c == nil {
					bad = true
					return false
				}
				fs = append(fs, store{c, o})
			}
			if v := litSets(info, n, g); v != nil && !empty(v) {
				bad = true
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				// child.f = owner
				if sel := fieldSel(lhs, f); sel != nil {
					o, ok := ownerPath(rhs)
					c := child(sel.X)
					if rhs == nil || !ok || c == nil {
						bad = true
						return false
					}
					fs = append(fs, store{c, o})
					continue
				}
				// Stores into a field x of an owner: of g, each must
				// be understood; of another field, they only pair with
				// back-pointer stores.
				var sel *ast.SelectorExpr
				var x *types.Var
				indexed := false
				if ix, ok := astutil.Unparen(lhs).(*ast.IndexExpr); ok {
					sel, x = ownerField(ix.X)
					indexed = true
				} else {
					sel, x = ownerField(lhs)
				}
				if sel == nil {
					continue
				}
				o, ok := ownerPath(sel.X)
				fail := func() bool {
					if x == g {
						bad = true
					}
					return x != g
				}
				if rhs == nil || !ok {
					if !fail() {
						return false
					}
					continue
				}
				add := func(c any) {
					if x == g {
						gs = append(gs, store{c, o})
					}
					anyf = append(anyf, store{c, o})
				}
				if empty(rhs) {
					continue
				}
				// owner.x = append(owner.x, child...)
				if call, ok := astutil.Unparen(rhs).(*ast.CallExpr); ok && !indexed {
					if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "append" && len(call.Args) > 0 {
						if base, ok := ownerPath(call.Args[0]); call.Ellipsis.IsValid() || !ok || base != (Key{root: o.root, global: o.global, fields: o.fields + "." + x.Name()}) {
							if !fail() {
								return false
							}
							continue
						}
						for _, a := range call.Args[1:] {
							c := child(a)
							if c == nil {
								if !fail() {
									return false
								}
								continue
							}
							add(c)
						}
						continue
					}
				}
				// owner.x[k] = child, owner.x = child
				if c := child(rhs); c != nil {
					add(c)
				} else if !fail() {
					return false
				}
			}
		}
		return true
	})
	if bad {
		return false
	}
	for _, s := range fs {
		if !containsStore(anyf, s) {
			return false
		}
	}
	for _, s := range gs {
		if !containsStore(fs, s) {
			return false
		}
	}
	return true
}

// store is a store pairedStores sees: a child (a *types.Var, or the
// *ast.CompositeLit) and the owner path.
type store struct {
	child any
	owner Key
}

func containsStore(list []store, s store) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// compositeOf returns the composite literal e is, or takes the address
// of.
func compositeOf(e ast.Expr) *ast.CompositeLit {
	e = astutil.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = astutil.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}
