// Package astpath walks the syntax of access paths: s.a.b, (*p).ch,
// pkg.v.
package astpath

import (
	"go/ast"
	"go/types"
)

// RootVar returns the variable a path of field selections and
// dereferences starts at (s in s.a.b, p in (*p).ch), or the package
// variable a qualified path names (pkg.v in pkg.v.f); nil for any other
// expression (a call, an index).
func RootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				v, _ := info.Uses[x.Sel].(*types.Var) // pkg.v
				return v
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		default:
			return nil
		}
	}
}

// Mentions reports whether n refers to v, in function literals too.
func Mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}
