package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/model"
)

// bindings records which lock each sync.Cond of the package is bound to,
// where the package says so: c := sync.NewCond(&mu), s.cond =
// sync.NewCond(&s.mu), s.cond.L = &s.mu, s.cond = &sync.Cond{L: &s.mu}.
type bindings struct {
	// abs binds a cond path to a lock path.
	abs map[Key]Key
	// rel binds a field path of values of a named type to another field
	// path of the same values: s.cond = sync.NewCond(&s.mu) binds .cond
	// to .mu for every value of s's type.
	rel map[relKey]string
	// lockers says what a cond's L is, for a Lock or Unlock called
	// through it: by the cond's path (abs) or field (rel), when every
	// assignment of the package to that cond binds it to the same lock,
	// in the same mode.
	lockersAbs map[Key]*locker
	lockersRel map[relKey]*locker
}

// locker is the lock a cond's L is: &mu (Lock locks mu), or
// mu.RLocker() (Lock read-locks mu). For rel, key is a path from the
// cond's root with no root (fields only).
type locker struct {
	key  Key
	name string
	mode model.LockMode
	// suffix renders the binding after the lock's name: ".RLocker()", or
	// "" for &mu.
	suffix string
	bad    bool
}

type relKey struct {
	typ  *types.TypeName
	cond string
}

func collectBindings(a *analysis_) *bindings {
	b := &bindings{abs: make(map[Key]Key), rel: make(map[relKey]string),
		lockersAbs: make(map[Key]*locker), lockersRel: make(map[relKey]*locker)}
	info := a.pass.TypesInfo
	pair := func(lhs, rhs ast.Expr) {
		if rhs != nil {
			rhs = astutil.Unparen(rhs)
		}
		// s.cond.L = &s.mu
		if sel, ok := astutil.Unparen(lhs).(*ast.SelectorExpr); ok {
			if owner := fieldOwner(info, sel); owner != nil {
				if f, ok := model.BoundLockField(owner); ok && f == sel.Sel.Name {
					if cond := pathOf(a.pass, lhs); cond != nil {
						cond.key.fields = strings.TrimSuffix(cond.key.fields, "."+f)
						b.bind(info, cond, pathOf(a.pass, rhs))
						b.bindLocker(a.pass, cond, rhs)
					}
					return
				}
			}
		}
		lock := condLock(a, rhs)
		if _, ok := model.BoundLockField(info.TypeOf(lhs)); ok {
			// Any assignment to a cond: what its L is, is known only
			// when every one binds it the same way.
			if cond := pathOf(a.pass, lhs); cond != nil {
				b.bindLocker(a.pass, cond, lock)
			}
		}
		if lock == nil {
			return
		}
		if cond := pathOf(a.pass, lhs); cond != nil {
			b.bind(info, cond, pathOf(a.pass, lock))
		}
	}
	for _, file := range a.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						pair(n.Lhs[i], n.Rhs[i])
					}
				} else {
					for _, lhs := range n.Lhs {
						pair(lhs, nil) // c, err = f(): not understood
					}
				}
			case *ast.CompositeLit:
				// T{cond: ...}: a cond field set where no path names
				// the value; what the field's L is, is not known.
				b.composite(a, n)
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						pair(n.Names[i], n.Values[i])
					}
				}
			}
			return true
		})
	}
	return b
}

func (b *bindings) bind(info *types.Info, cond, lock *lpath) {
	if lock == nil {
		return
	}
	b.abs[cond.key] = lock.key
	if cond.key.root != nil && cond.key.root == lock.key.root {
		if tn := model.NamedOf(cond.key.root.Type()); tn != nil {
			b.rel[relKey{tn, cond.key.fields}] = lock.key.fields
		}
	}
}

func (b *bindings) condLocks(pass *analysis.Pass, p *lpath, wait *ast.CallExpr) []Key {
	var keys []Key
	if sel, ok := astutil.Unparen(wait.Fun).(*ast.SelectorExpr); ok {
		if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Signature().Recv() != nil {
			if f, ok := model.BoundLockField(fn.Signature().Recv().Type()); ok {
				keys = append(keys, Key{root: p.key.root, global: p.key.global, fields: p.key.fields + "." + f})
			}
		}
	}
	if k, ok := b.abs[p.key]; ok {
		keys = append(keys, k)
	}
	if p.key.root != nil {
		if tn := model.NamedOf(p.key.root.Type()); tn != nil {
			if f, ok := b.rel[relKey{tn, p.key.fields}]; ok {
				keys = append(keys, Key{root: p.key.root, fields: f})
			}
		}
	}
	return keys
}

// fieldOwner returns the type that declares the field a selector
// selects, through embedded fields, or nil.
func fieldOwner(info *types.Info, sel *ast.SelectorExpr) types.Type {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil
	}
	t := info.TypeOf(sel.X)
	for _, i := range s.Index()[:len(s.Index())-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return t
}

// condLock returns the lock a cond built by rhs is bound to:
// sync.NewCond(&mu) or &sync.Cond{L: &mu}; nil for anything else.
func condLock(a *analysis_, rhs ast.Expr) ast.Expr {
	switch r := rhs.(type) {
	case *ast.CallExpr: // sync.NewCond(&mu)
		_, obj := a.ix.Callee(r)
		if e, ok := a.m.Lookup(obj); ok && e.Is(model.BindsLock) && len(r.Args) > 0 {
			return r.Args[0]
		}
	case *ast.UnaryExpr: // &sync.Cond{L: &mu}
		lit, ok := astutil.Unparen(r.X).(*ast.CompositeLit)
		if !ok {
			return nil
		}
		f, ok := model.BoundLockField(a.pass.TypesInfo.TypeOf(lit))
		if !ok {
			return nil
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == f {
					return kv.Value
				}
			}
		}
	}
	return nil
}

// bindLocker records what the cond at path cond is bound to by one
// assignment (lock is nil when it is not understood): &mu, or
// mu.RLocker(), for a sync.Mutex or RWMutex mu.
func (b *bindings) bindLocker(pass *analysis.Pass, cond *lpath, lock ast.Expr) {
	l := &locker{bad: true}
	if lock != nil {
		l = lockerOf(pass, astutil.Unparen(lock))
	}
	merge := func(old, l *locker) *locker {
		if old == nil {
			return l
		}
		if old.bad || l.bad || old.key != l.key || old.mode != l.mode {
			return &locker{bad: true}
		}
		return old
	}
	b.lockersAbs[cond.key] = merge(b.lockersAbs[cond.key], l)
	// A field of a named type of the package, not exported (no other
	// package assigns it), bound to a lock of the same value.
	if cond.key.root == nil || cond.key.fields == "" {
		return
	}
	tn := model.NamedOf(cond.key.root.Type())
	if tn == nil || tn.Pkg() != pass.Pkg {
		return
	}
	rk := relKey{tn, cond.key.fields}
	if ast.IsExported(cond.key.fields[strings.LastIndex(cond.key.fields, ".")+1:]) {
		b.lockersRel[rk] = &locker{bad: true}
		return
	}
	rl := &locker{bad: true}
	if !l.bad && l.key.root == cond.key.root {
		rl = &locker{key: Key{fields: l.key.fields}, mode: l.mode, suffix: l.suffix}
	}
	b.lockersRel[rk] = merge(b.lockersRel[rk], rl)
}

// lockerOf returns what a sync.Locker expression is: &mu or
// mu.RLocker(), for a sync.Mutex or RWMutex mu that is a lock path.
func lockerOf(pass *analysis.Pass, e ast.Expr) *locker {
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND && isSync(pass.TypesInfo.TypeOf(e.X), "Mutex", "RWMutex") {
			if p := pathOf(pass, e.X); p != nil {
				return &locker{key: p.key, name: p.name, mode: model.Exclusive}
			}
		}
	case *ast.CallExpr:
		sel, ok := astutil.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "RLocker" || len(e.Args) != 0 {
			break
		}
		fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || !isSync(pass.TypesInfo.TypeOf(sel.X), "RWMutex") {
			break
		}
		if p := pathOf(pass, sel.X); p != nil {
			return &locker{key: p.key, name: p.name, mode: model.Shared, suffix: ".RLocker()"}
		}
	}
	return &locker{bad: true}
}

// isSync reports whether t (or what it points to) is one of the named
// types of package sync.
func isSync(t types.Type, names ...string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return slices.Contains(names, n.Obj().Name())
}

// composite marks the cond fields a composite literal sets as unknown:
// no path names the value being built.
func (b *bindings) composite(a *analysis_, lit *ast.CompositeLit) {
	info := a.pass.TypesInfo
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	tn := model.NamedOf(t)
	st, ok := t.Underlying().(*types.Struct)
	if tn == nil || !ok {
		return
	}
	fields := make(map[types.Object]string) // a variable set as a field: its field
	var conds []*types.Var
	var locks []types.Object
	for i, elt := range lit.Elts {
		var f *types.Var
		v := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				f, _ = info.Uses[id].(*types.Var)
			}
			v = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil {
			continue
		}
		if id, ok := astutil.Unparen(v).(*ast.Ident); ok && info.Uses[id] != nil {
			fields[info.Uses[id]] = "." + f.Name()
		}
		if _, ok := model.BoundLockField(f.Type()); ok {
			b.lockersRel[relKey{tn, "." + f.Name()}] = &locker{bad: true}
			var lock types.Object
			if id, ok := astutil.Unparen(condLock(a, astutil.Unparen(v))).(*ast.Ident); ok {
				lock = info.Uses[id]
			}
			conds, locks = append(conds, f), append(locks, lock)
		}
	}
	// T{lock: mu, cond: sync.NewCond(mu)}: the cond is bound to the
	// lock field, which holds the same value.
	for i, f := range conds {
		if g, ok := fields[locks[i]]; ok && locks[i] != nil {
			b.rel[relKey{tn, "." + f.Name()}] = g
		}
	}
}

// lockerFor returns the lock a Lock or Unlock called through the L of
// the cond at path cond takes or releases, its mode, and how to render
// the binding after the lock's name ("", ".RLocker()").
func (b *bindings) lockerFor(cond *lpath) (*lpath, model.LockMode, string, bool) {
	rootName := strings.TrimSuffix(cond.name, cond.key.fields)
	// A variable (not a field: a field of the value may be assigned
	// anywhere) that this package alone assigns.
	own := cond.key.root != nil || !ast.IsExported(cond.key.global[strings.LastIndex(cond.key.global, ".")+1:])
	if l := b.lockersAbs[cond.key]; l != nil && !l.bad && cond.key.fields == "" && own {
		name := ""
		switch {
		case l.key.root != nil && l.key.root == cond.key.root:
			name = rootName + l.key.fields
		case l.key.root != nil:
			name = l.key.root.Name() + l.key.fields
		default:
			name = l.key.global[strings.LastIndex(l.key.global, ".")+1:] + l.key.fields
		}
		return &lpath{key: l.key, name: name}, l.mode, l.suffix, true
	}
	if cond.key.root == nil {
		return nil, 0, "", false
	}
	tn := model.NamedOf(cond.key.root.Type())
	if tn == nil {
		return nil, 0, "", false
	}
	l := b.lockersRel[relKey{tn, cond.key.fields}]
	if l == nil || l.bad {
		return nil, 0, "", false
	}
	k := Key{root: cond.key.root, fields: l.key.fields}
	return &lpath{key: k, name: rootName + l.key.fields}, l.mode, l.suffix, true
}

// localLocker resolves a Lock or Unlock called on a local sync.Locker
// variable that its function assigns once, from &mu or mu.RLocker()
// (l := s.mu.RLocker(); l.Lock() read-locks s.mu): the lock, the mode,
// and how messages say it was taken ("l (s.mu.RLocker())").
func (r *Result) localLocker(recv *lpath) (*lpath, model.LockMode, string, bool) {
	pass := r.pass
	v, ok := recv.key.root.(*types.Var)
	if !ok || recv.key.fields != "" || v.Parent() == nil || v.Parent() == pass.Pkg.Scope() || !types.IsInterface(v.Type()) {
		return nil, 0, "", false
	}
	body := r.enclosingBody(v)
	if body == nil {
		return nil, 0, "", false
	}
	var rhs ast.Expr
	n := 0
	ast.Inspect(body, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.AssignStmt:
			for i, l := range node.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && (pass.TypesInfo.Defs[id] == v || pass.TypesInfo.Uses[id] == v) {
					n++
					if len(node.Lhs) == len(node.Rhs) {
						rhs = node.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range node.Names {
				if pass.TypesInfo.Defs[id] == v {
					n++
					if len(node.Names) == len(node.Values) {
						rhs = node.Values[i]
					}
				}
			}
		case *ast.UnaryExpr:
			if id, ok := astutil.Unparen(node.X).(*ast.Ident); ok && node.Op == token.AND && pass.TypesInfo.Uses[id] == v {
				n += 2 // &l: assigned anywhere
			}
		}
		return n < 2
	})
	if n != 1 || rhs == nil {
		return nil, 0, "", false
	}
	rhs = astutil.Unparen(rhs)
	l := lockerOf(pass, rhs)
	if l.bad {
		return nil, 0, "", false
	}
	p := &lpath{key: l.key, name: types.ExprString(rhs)}
	if u, ok := rhs.(*ast.UnaryExpr); ok {
		p.name = types.ExprString(u.X)
	} else if c, ok := rhs.(*ast.CallExpr); ok {
		p.name = types.ExprString(c.Fun.(*ast.SelectorExpr).X)
	}
	return p, l.mode, recv.name + " (" + types.ExprString(rhs) + ")", true
}
