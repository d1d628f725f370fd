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

// fresh reports whether h, held at at, is the lock of an object fn has
// just allocated (n := &T{...} or new(T)) that nothing else can reach
// yet: between the allocation and at, n is only locked, unlocked, and
// has fields set or read, in fn itself. No other goroutine can hold
// that lock, so taking another lock under it makes no edge: newNode
// locks the node it builds, then the registry to add it.
func fresh(info *types.Info, fn *funcs.Func, h lockset.Lock, at token.Pos) bool {
	root := h.Key.Root()
	if root == nil || fn.Body == nil || root.Pos() < fn.Body.Pos() || root.Pos() > fn.Body.End() {
		return false
	}
	var def token.Pos
	defs := 0
	ok := true
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
				ok = false
			}
			def = as.End()
		}
		return true
	})
	if !ok || defs != 1 || def > at {
		return false
	}
	// The uses up to the second lock, the call that takes it included
	// (r.add(n) hands n over).
	limit := at
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && c.Pos() == at && c.End() > limit {
			limit = c.End()
		}
		return true
	})
	escaped := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if escaped || !isID || info.Uses[id] != root || id.Pos() < def || id.Pos() >= limit {
			return !escaped
		}
		escaped = !localUse(info, fn.File, id)
		return false
	})
	return !escaped
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
