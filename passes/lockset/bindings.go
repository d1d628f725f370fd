package lockset

import (
	"go/ast"
	"go/types"
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
}

type relKey struct {
	typ  *types.TypeName
	cond string
}

func collectBindings(a *analysis_) *bindings {
	b := &bindings{abs: make(map[Key]Key), rel: make(map[relKey]string)}
	info := a.pass.TypesInfo
	pair := func(lhs, rhs ast.Expr) {
		rhs = astutil.Unparen(rhs)
		// s.cond.L = &s.mu
		if sel, ok := astutil.Unparen(lhs).(*ast.SelectorExpr); ok {
			if owner := fieldOwner(info, sel); owner != nil {
				if f, ok := model.BoundLockField(owner); ok && f == sel.Sel.Name {
					if cond := pathOf(a.pass, lhs); cond != nil {
						cond.key.fields = strings.TrimSuffix(cond.key.fields, "."+f)
						b.bind(info, cond, pathOf(a.pass, rhs))
					}
					return
				}
			}
		}
		var lock ast.Expr
		switch r := rhs.(type) {
		case *ast.CallExpr: // sync.NewCond(&mu)
			_, obj := a.ix.Callee(r)
			if e, ok := a.m.Lookup(obj); ok && e.Is(model.BindsLock) && len(r.Args) > 0 {
				lock = r.Args[0]
			}
		case *ast.UnaryExpr: // &sync.Cond{L: &mu}
			lit, ok := astutil.Unparen(r.X).(*ast.CompositeLit)
			if !ok {
				return
			}
			f, ok := model.BoundLockField(info.TypeOf(lit))
			if !ok {
				return
			}
			for _, elt := range lit.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && id.Name == f {
						lock = kv.Value
					}
				}
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
				}
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
