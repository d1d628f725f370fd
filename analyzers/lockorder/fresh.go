package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// ownedVars memoizes, for each local variable a lock is held through,
// where it is allocated and where it is handed over.
type ownedVars map[*types.Var]ownedVar

// An ownedVar is a local variable assigned once, an allocation: def is
// the end of that assignment, escapes the uses after it that may hand
// the object to other code, in source order.
type ownedVar struct {
	ok      bool
	def     token.Pos
	escapes []token.Pos
}

// fresh reports whether h, held at the acquisition [at, end) of another
// lock, is the lock of an object fn has just allocated (n := &T{...} or
// new(T)) that nothing else can reach yet: between the allocation and
// the end of that acquisition (r.add(n) hands n over), n is only locked,
// unlocked, and has fields set or read (of basic type), in fn itself.
// No other goroutine can hold that lock, so taking another lock under it
// makes no edge: newNode locks the node it builds, then the registry to
// add it.
func (o ownedVars) fresh(info *types.Info, fn *funcs.Func, h lockset.Lock, at, end token.Pos) bool {
	root := h.Key.Root()
	if root == nil || fn.Body == nil || root.Pos() < fn.Body.Pos() || root.Pos() > fn.Body.End() {
		return false
	}
	v, known := o[root]
	if !known {
		v = owned(info, fn, root)
		o[root] = v
	}
	if !v.ok || v.def > at {
		return false
	}
	for _, e := range v.escapes {
		if e >= end {
			break
		}
		if e >= v.def {
			return false
		}
	}
	return true
}

// owned finds root's one assignment in fn, an allocation, and the uses
// after it that may hand the object over.
func owned(info *types.Info, fn *funcs.Func, root *types.Var) ownedVar {
	var v ownedVar
	defs := 0
	v.ok = true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, lhs := range as.Lhs {
			id, isID := lhs.(*ast.Ident)
			if !isID || (info.Defs[id] != root && info.Uses[id] != root) {
				continue
			}
			defs++
			if len(as.Rhs) != len(as.Lhs) || !allocates(info, as.Rhs[i]) {
				v.ok = false
			}
			v.def = as.End()
		}
		return true
	})
	if !v.ok || defs != 1 {
		return ownedVar{}
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == root && id.Pos() >= v.def && !localUse(info, fn.File, id) {
			v.escapes = append(v.escapes, id.Pos())
		}
		return true
	})
	return v
}

// allocates reports whether e is &T{...} or new(T).
func allocates(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	case *ast.CallExpr:
		id, isID := ast.Unparen(e.Fun).(*ast.Ident)
		if !isID {
			return false
		}
		b, isBuiltin := info.Uses[id].(*types.Builtin)
		return isBuiltin && b.Name() == "new"
	}
	return false
}

// localUse reports whether the use id of a fresh object's variable
// keeps the object to fn: a field selection (n.f, n.f.g) that is
// assigned to, read as a value of basic type, or whose method is called
// (n.mu.Lock()), outside any function literal.
func localUse(info *types.Info, file *ast.File, id *ast.Ident) bool {
	path, _ := astutil.PathEnclosingInterval(file, id.Pos(), id.End())
	for _, p := range path {
		if _, lit := p.(*ast.FuncLit); lit {
			return false
		}
	}
	if len(path) < 2 {
		return false
	}
	i := 1
	for i < len(path) {
		sel, isSel := path[i].(*ast.SelectorExpr)
		if !isSel || (i > 1 && sel.X != path[i-1]) {
			break
		}
		i++
	}
	if i == 1 || i >= len(path) {
		return false // n itself, not one of its fields
	}
	top := path[i-1].(ast.Expr)
	switch p := path[i].(type) {
	case *ast.CallExpr:
		// n.mu.Lock(), n.mu.Unlock(): a lock operation on a field. Any
		// other call of a method of n or of one of its fields may hand
		// n over (c.initClient() registers the client).
		fn, _ := typeutil.Callee(info, p).(*types.Func)
		e, known := model.Lookup(fn)
		return p.Fun == top && i > 2 && known && (e.Is(model.Locks) || e.Is(model.Unlocks))
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == top {
				return true
			}
		}
	}
	if sel, isSel := top.(*ast.SelectorExpr); isSel {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			_, basic := s.Type().Underlying().(*types.Basic)
			return basic
		}
	}
	return false
}
