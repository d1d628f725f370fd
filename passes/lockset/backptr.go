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
	"github.com/asynclint/asynclint/passes/model"
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
// p.zones = append(p.zones, z), p.zone = z, or as a key of a map of
// zones, p.zones[z] = v) in the same function, and every store of a zone
// into that field goes with a store of the owner into its back-pointer
// (storing what the field holds already, cut down, p.zones =
// append(p.zones[:i], p.zones[i+1:]...), adds none). Both fields
// unexported (no other package stores them), both types of the package.
// A chain of such links (t.primary.topo.mu) is resolved the same way.

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
	// A local variable made by a literal that sets the field: sc :=
	// &subConn{owner: b}, then sc.owner.mu is b.mu.
	if v, ok := k.root.(*types.Var); ok && v.Pkg() == r.pass.Pkg && !v.IsField() {
		if x, ok := r.litField(v, names[0]); ok {
			if len(names) == 1 {
				return k // the value itself is not a lock path here
			}
			k = Key{root: x.root, global: x.global, fields: x.fields + "." + strings.Join(names[1:], ".")}
			names = strings.Split(k.fields[1:], ".")
		}
	}
	// A pointer to a lock that always points at a lock of what another
	// field of the same value points at: st.mu as st.sess.mu.
	if t := rootType(r, k); t != nil {
		for i := range names {
			f := fieldOf(t, names[i])
			if f == nil {
				break
			}
			if a := r.lockAliasOf(f); a.via != nil {
				names = slices.Concat(names[:i], []string{a.via.Name(), a.lock}, names[i+1:])
				k.fields = "." + strings.Join(names, ".")
				break
			}
			t = f.Type()
		}
	}
	// A local variable that holds an element of its owner's field.
	if v, ok := k.root.(*types.Var); ok && v.Pkg() == r.pass.Pkg && !v.IsField() {
		if owner, g, ok := r.elemOwner(v); ok {
			f := fieldOf(v.Type(), names[0])
			if f == nil && types.IsInterface(v.Type()) {
				f = r.implField(g, v.Type(), names[0])
			}
			if f != nil && r.backPointer(g, f) {
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
	s := &elemScan{r: r, v: v}
	ast.Inspect(body, s.visit)
	if s.bad || !s.seen {
		return Key{}, nil, false
	}
	// The owner's root is not reassigned.
	if root, ok := s.owner.root.(*types.Var); ok && assignsVar(r.pass.TypesInfo, body, root) {
		return Key{}, nil, false
	}
	return s.owner, s.g, true
}

// An elemScan walks the body that declares v for computeElemOwner: every
// value v gets must be an element of the same owner's field.
type elemScan struct {
	r     *Result
	v     *types.Var
	owner Key
	g     *types.Var
	seen  bool // owner and g are set
	bad   bool // v gets another value
}

func (s *elemScan) visit(n ast.Node) bool {
	if s.bad {
		return false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			if !s.is(lhs) {
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
				s.bad = true
				continue
			}
			s.from(ix.X)
		}
	case *ast.RangeStmt:
		if n.Value != nil && s.is(n.Value) {
			s.from(n.X)
		}
		if n.Key != nil && s.is(n.Key) {
			// A map's key: the children may be its keys (idle
			// map[*conn]struct{}); a slice's index is no child.
			if _, isMap := s.r.pass.TypesInfo.TypeOf(n.X).Underlying().(*types.Map); isMap {
				s.from(n.X)
			} else {
				s.bad = true
			}
		}
	case *ast.ValueSpec:
		for _, name := range n.Names {
			if s.is(name) {
				s.bad = true
			}
		}
	case *ast.UnaryExpr:
		if s.is(n.X) {
			s.bad = true
		}
	}
	return true
}

// is reports whether e names v.
func (s *elemScan) is(e ast.Expr) bool {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	return ok && s.r.pass.TypesInfo.ObjectOf(id) == s.v
}

// from notes that v gets an element of x, which must be the same
// owner's field each time.
func (s *elemScan) from(x ast.Expr) {
	sel, ok := astutil.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		s.bad = true
		return
	}
	sl := s.r.pass.TypesInfo.Selections[sel]
	if sl == nil || sl.Kind() != types.FieldVal {
		s.bad = true
		return
	}
	p := pathOf(s.r.pass, sel.X)
	f, _ := sl.Obj().(*types.Var)
	if p == nil || f == nil || (s.seen && (p.key != s.owner || f != s.g)) {
		s.bad = true
		return
	}
	s.owner, s.g, s.seen = p.key, f, true
}

// assignsVar reports whether body assigns the variable v.
func assignsVar(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	assigned := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if id, ok := astutil.Unparen(lhs).(*ast.Ident); ok && info.Uses[id] == v {
					assigned = true
				}
			}
		}
		return !assigned
	})
	return assigned
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

// BackPointer reports whether the package keeps f of every child stored
// in an owner's field g pointing at that owner (see Canon): a tree's
// children and parent fields.
func (r *Result) BackPointer(g, f *types.Var) bool {
	if r.pass == nil {
		return false
	}
	r.memo.Lock()
	defer r.memo.Unlock()
	return r.backPointer(g, f)
}

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
	if g == f {
		// n.parent.parent is not n: a field of a type pointing at its
		// own type links a chain (a parent, a next), not a pair.
		return false
	}
	// f points at the type that declares g, or is an interface that
	// type implements (a conn's owner, whatever pool or group made it):
	// then every store to f must store that type.
	owner := derefT(f.Type())
	iface := types.IsInterface(f.Type())
	if iface {
		owner = r.declaringType(g)
		if owner == nil || !types.Implements(types.NewPointer(owner), f.Type().Underlying().(*types.Interface)) {
			return false
		}
	}
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
			if !r.pairedStores(info, fd.Body, g, f, owner, iface) {
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

// implField returns, for children kept in g as values of the interface
// t, the back-pointer field name of the type of the package that
// implements t, when the package keeps it for g: then every child in g
// is of that type (a store of another would fail the proof).
func (r *Result) implField(g *types.Var, t types.Type, name string) *types.Var {
	iface, _ := t.Underlying().(*types.Interface)
	if iface == nil {
		return nil
	}
	for _, named := range model.DeclaredTypes(r.pass.Pkg) {
		if types.IsInterface(named) {
			continue
		}
		if !types.Implements(named, iface) && !types.Implements(types.NewPointer(named), iface) {
			continue
		}
		if f := fieldOf(named, name); f != nil && r.backPointer(g, f) {
			return f
		}
	}
	return nil
}

// declaringType returns the named struct type of the package that
// declares the field g, or nil.
func (r *Result) declaringType(g *types.Var) types.Type {
	for _, n := range model.DeclaredTypes(r.pass.Pkg) {
		if fieldOf(n, g.Name()) == g {
			return n
		}
	}
	return nil
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
func (r *Result) pairedStores(info *types.Info, body *ast.BlockStmt, g, f *types.Var, ownerT types.Type, iface bool) bool {
	s := &storeScan{
		r: r, info: info, g: g, f: f,
		ownerT: ownerT,
		iface:  iface,
		litVar: litVars(info, body),
	}
	ast.Inspect(body, s.visit)
	if s.bad {
		return false
	}
	for _, st := range s.fs {
		if !containsStore(s.anyf, st) {
			return false
		}
	}
	for _, st := range s.gs {
		if !containsStore(s.fs, st) {
			return false
		}
	}
	return true
}

// A storeScan collects the stores of one function body for
// pairedStores: to the back-pointer f, to the owner's field g, and of a
// child into any field of the owner.
type storeScan struct {
	r      *Result
	info   *types.Info
	g, f   *types.Var
	ownerT types.Type                       // the type that declares g
	iface  bool                             // f is an interface: what is stored in it must be an ownerT
	litVar map[*ast.CompositeLit]*types.Var // see litVars
	fs     []store                          // child.f = owner
	gs     []store                          // owner.g... = child
	anyf   []store                          // stores of a child into any field of the owner
	bad    bool                             // a store that cannot be paired
}

// litVars returns the variable each composite literal of body is
// assigned to, if any.
func litVars(info *types.Info, body *ast.BlockStmt) map[*ast.CompositeLit]*types.Var {
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
	return litVar
}

func (s *storeScan) visit(n ast.Node) bool {
	if s.bad {
		return false
	}
	switch n := n.(type) {
	case *ast.CompositeLit:
		if v := litSets(s.info, n, s.f); v != nil {
			o, ok := s.storedOwner(v)
			c := s.child(n)
			if !ok || c == nil {
				s.bad = true
				return false
			}
			s.fs = append(s.fs, store{c, o})
		}
		if v := litSets(s.info, n, s.g); v != nil && !emptyValue(v) {
			s.bad = true
		}
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			var rhs ast.Expr
			if len(n.Lhs) == len(n.Rhs) {
				rhs = n.Rhs[i]
			}
			s.assign(lhs, rhs)
			if s.bad {
				return false
			}
		}
	}
	return true
}

// assign records the store lhs = rhs (rhs nil when a call's results
// are assigned).
func (s *storeScan) assign(lhs, rhs ast.Expr) {
	// child.f = owner
	if sel := s.fieldSel(lhs, s.f); sel != nil {
		o, ok := s.storedOwner(rhs)
		c := s.child(sel.X)
		if rhs == nil || !ok || c == nil {
			s.bad = true
			return
		}
		s.fs = append(s.fs, store{c, o})
		return
	}
	// Stores into a field x of an owner: of g, each must be understood;
	// of another field, they only pair with back-pointer stores.
	var sel *ast.SelectorExpr
	var x *types.Var
	indexed := false
	if ix, ok := astutil.Unparen(lhs).(*ast.IndexExpr); ok {
		sel, x = s.ownerField(ix.X)
		indexed = true
	} else {
		sel, x = s.ownerField(lhs)
	}
	if sel == nil {
		return
	}
	o, ok := s.ownerPath(sel.X)
	if rhs == nil || !ok {
		s.fail(x)
		return
	}
	// owner.x[child] = v: a map keyed by its children.
	if ix, ok := astutil.Unparen(lhs).(*ast.IndexExpr); ok {
		if m, ok := s.info.TypeOf(ix.X).Underlying().(*types.Map); ok && s.childKey(m.Key(), ix.Index) {
			if c := s.child(ix.Index); c != nil {
				s.add(x, c, o)
				return
			}
		}
	}
	if emptyValue(rhs) || s.cutFrom(rhs, o, x) {
		return
	}
	// owner.x = append(owner.x, child...)
	if call, ok := astutil.Unparen(rhs).(*ast.CallExpr); ok && !indexed {
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "append" && len(call.Args) > 0 {
			s.appended(call, o, x)
			return
		}
	}
	// owner.x[k] = child, owner.x = child
	if c := s.child(rhs); c != nil {
		s.add(x, c, o)
	} else {
		s.fail(x)
	}
}

// childKey reports whether a map with keys of type key, indexed by e,
// is keyed by children: of the child's type, or of an interface that e,
// a child, is stored as.
func (s *storeScan) childKey(key types.Type, e ast.Expr) bool {
	if fieldOf(derefT(key), s.f.Name()) == s.f {
		return true
	}
	return types.IsInterface(key) && fieldOf(derefT(s.info.TypeOf(e)), s.f.Name()) == s.f
}

// cutFrom reports whether e keeps only children owner.x holds already:
// owner.x[i:j], or append(owner.x[:i], owner.x[i+1:]...) (one cut out).
func (s *storeScan) cutFrom(e ast.Expr, o Key, x *types.Var) bool {
	of := func(e ast.Expr) bool {
		sl, ok := astutil.Unparen(e).(*ast.SliceExpr)
		if !ok {
			return false
		}
		base, ok := s.ownerPath(sl.X)
		return ok && base == (Key{root: o.root, global: o.global, fields: o.fields + "." + x.Name()})
	}
	if of(e) {
		return true
	}
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || !call.Ellipsis.IsValid() {
		return false
	}
	id, ok := astutil.Unparen(call.Fun).(*ast.Ident)
	return ok && id.Name == "append" && s.info.Uses[id] == types.Universe.Lookup("append") && of(call.Args[0]) && of(call.Args[1])
}

// appended records owner.x = append(owner.x, children...).
func (s *storeScan) appended(call *ast.CallExpr, o Key, x *types.Var) {
	if base, ok := s.ownerPath(call.Args[0]); call.Ellipsis.IsValid() || !ok || base != (Key{root: o.root, global: o.global, fields: o.fields + "." + x.Name()}) {
		s.fail(x)
		return
	}
	for _, a := range call.Args[1:] {
		c := s.child(a)
		if c == nil {
			s.fail(x)
			if s.bad {
				return
			}
			continue
		}
		s.add(x, c, o)
	}
}

// fail notes a store into the owner's field x that is not understood:
// it matters only for g.
func (s *storeScan) fail(x *types.Var) {
	if x == s.g {
		s.bad = true
	}
}

// add records a store of child c into the field x of owner o.
func (s *storeScan) add(x *types.Var, c any, o Key) {
	if x == s.g {
		s.gs = append(s.gs, store{c, o})
	}
	s.anyf = append(s.anyf, store{c, o})
}

// ownerField returns e as a selection of a field of the owner's type.
func (s *storeScan) ownerField(e ast.Expr) (*ast.SelectorExpr, *types.Var) {
	sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	sl := s.info.Selections[sel]
	if sl == nil || sl.Kind() != types.FieldVal {
		return nil, nil
	}
	fv, _ := sl.Obj().(*types.Var)
	if fv == nil || fieldOf(s.ownerT, fv.Name()) != fv {
		return nil, nil
	}
	return sel, fv
}

// child returns what identifies a child: the variable e names or its
// composite literal is assigned to, or the literal itself; or nil.
func (s *storeScan) child(e ast.Expr) any {
	if lit := compositeOf(e); lit != nil {
		if v := s.litVar[lit]; v != nil {
			return v
		}
		return lit
	}
	if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
		if v, ok := s.info.ObjectOf(id).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// storedOwner returns the owner path a store to f stores: for an
// interface f, only a path of the owner's type.
func (s *storeScan) storedOwner(e ast.Expr) (Key, bool) {
	if e == nil {
		return Key{}, false
	}
	if s.iface && !types.Identical(derefT(s.info.TypeOf(e)), s.ownerT) {
		return Key{}, false
	}
	return s.ownerPath(e)
}

func (s *storeScan) ownerPath(e ast.Expr) (Key, bool) {
	p := pathOf(s.r.pass, e)
	if p == nil {
		return Key{}, false
	}
	return p.key, true
}

// fieldSel returns e if it selects field.
func (s *storeScan) fieldSel(e ast.Expr, field *types.Var) *ast.SelectorExpr {
	sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if sl := s.info.Selections[sel]; sl != nil && sl.Obj() == field {
		return sel
	}
	return nil
}

// emptyValue reports whether e is nil, a make call or an empty
// composite literal: storing it stores no child.
func emptyValue(e ast.Expr) bool {
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

// litField returns the path a local variable's field always holds when
// v is defined once, by a composite literal (&T{f: x} or T{f: x}) that
// sets field name to a path x, and the function assigns neither v nor
// v's field again.
func (r *Result) litField(v *types.Var, name string) (Key, bool) {
	body := r.enclosingBody(v)
	if body == nil {
		return Key{}, false
	}
	info := r.pass.TypesInfo
	var val ast.Expr
	bad := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || bad {
			return !bad
		}
		for i, lhs := range as.Lhs {
			lhs = astutil.Unparen(lhs)
			if id, ok := lhs.(*ast.Ident); ok && info.Defs[id] == v && as.Tok == token.DEFINE && len(as.Rhs) == len(as.Lhs) {
				val = litValue(as.Rhs[i], name)
				if val == nil {
					val = r.returnedField(as.Rhs[i], name)
				}
				continue
			}
			if id, ok := lhs.(*ast.Ident); ok && info.Uses[id] == v {
				bad = true // reassigned
			}
			if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == v {
					bad = true // its field is
				}
			}
		}
		return true
	})
	if bad || val == nil {
		return Key{}, false
	}
	if _, ok := types.Unalias(info.TypeOf(val)).(*types.Pointer); !ok {
		return Key{}, false // a copy of a struct value: another lock
	}
	x, ok := r.PathOf(val)
	if !ok || x.elem {
		return Key{}, false
	}
	if root, ok := x.root.(*types.Var); ok && !root.IsField() && assignsVar(info, body, root) {
		return Key{}, false
	}
	return x, true
}

// returnedField returns, for a call of a method or function of the
// package that returns on every path a literal setting field name to its
// receiver or a parameter (func (s *Store) Write() *Txn { s.mu.Lock();
// return &Txn{s: s} }), the call's expression for that receiver or
// argument (s of s.Write()), or nil.
func (r *Result) returnedField(e ast.Expr, name string) ast.Expr {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok || r.ix == nil {
		return nil
	}
	local, obj := r.ix.Callee(call)
	if local == nil || obj == nil {
		return nil
	}
	decl, ok := local.Node.(*ast.FuncDecl)
	if !ok || decl.Body == nil || decl.Type.Results == nil || decl.Type.Results.NumFields() != 1 {
		return nil
	}
	info := r.pass.TypesInfo
	var param types.Object
	returns, bad := 0, false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			var id *ast.Ident
			if len(n.Results) == 1 {
				id, _ = astutil.Unparen(litValue(n.Results[0], name)).(*ast.Ident)
			}
			if id == nil || (param != nil && info.Uses[id] != param) {
				bad = true
			} else {
				param = info.Uses[id]
			}
		}
		return !bad
	})
	if bad || returns == 0 || param == nil {
		return nil
	}
	sig := obj.Signature()
	if recv := sig.Recv(); recv != nil && recv == param {
		if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X
		}
		return nil
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == param && i < len(call.Args) && !sig.Variadic() {
			return call.Args[i]
		}
	}
	return nil
}

// litValue returns the value a composite literal (or its address) gives
// field name, or nil.
func litValue(e ast.Expr, name string) ast.Expr {
	e = astutil.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = astutil.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// A lockAlias says that a field holding a pointer to a lock always
// points at the lock of what the field via of the same value points at:
// a stream made as &Stream{sess: s, mu: &s.mu} locks its session's lock
// through st.mu.
type lockAlias struct {
	via  *types.Var
	lock string
}

// lockAliasOf returns the alias of f, a field of a pointer-to-lock type,
// when every store of the package to it is in a composite literal that
// sets it to &x.lock and sets via to x; the zero lockAlias otherwise.
func (r *Result) lockAliasOf(f *types.Var) lockAlias {
	if a, ok := r.aliases[f]; ok {
		return a
	}
	if r.aliases == nil {
		r.aliases = make(map[*types.Var]lockAlias)
	}
	a := r.proveLockAlias(f)
	r.aliases[f] = a
	return a
}

func (r *Result) proveLockAlias(f *types.Var) lockAlias {
	if !f.IsField() || f.Exported() || f.Pkg() != r.pass.Pkg {
		return lockAlias{}
	}
	if _, ok := types.Unalias(f.Type()).(*types.Pointer); !ok || !isSync(derefT(f.Type()), "Mutex", "RWMutex") {
		return lockAlias{}
	}
	info := r.pass.TypesInfo
	var a lockAlias
	bad := false
	for _, file := range r.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if bad {
				return false
			}
			switch n := n.(type) {
			case *ast.CompositeLit:
				v := litSets(info, n, f)
				if v == nil {
					return true
				}
				u, ok := astutil.Unparen(v).(*ast.UnaryExpr)
				if !ok || u.Op != token.AND {
					bad = true
					return false
				}
				sel, ok := astutil.Unparen(u.X).(*ast.SelectorExpr)
				if !ok {
					bad = true
					return false
				}
				via := litFieldOf(info, n, sel.X)
				if via == nil || a.via != nil && (a.via != via || a.lock != sel.Sel.Name) {
					bad = true
					return false
				}
				a = lockAlias{via: via, lock: sel.Sel.Name}
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if sel, ok := astutil.Unparen(lhs).(*ast.SelectorExpr); ok && info.Uses[sel.Sel] == f {
						bad = true
					}
				}
			case *ast.UnaryExpr:
				if sel, ok := astutil.Unparen(n.X).(*ast.SelectorExpr); ok && n.Op == token.AND && info.Uses[sel.Sel] == f {
					bad = true // &st.mu: stored through
				}
			}
			return !bad
		})
	}
	if bad {
		return lockAlias{}
	}
	return a
}

// litFieldOf returns the field of a composite literal whose value is the
// variable x (an identifier), or nil.
func litFieldOf(info *types.Info, lit *ast.CompositeLit, x ast.Expr) *types.Var {
	id, ok := astutil.Unparen(x).(*ast.Ident)
	if !ok || info.Uses[id] == nil {
		return nil
	}
	st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if v, ok := astutil.Unparen(litSets(info, lit, st.Field(i))).(*ast.Ident); ok && info.Uses[v] == info.Uses[id] {
			return st.Field(i)
		}
	}
	return nil
}
