package chanclose

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// checkNeverMade reports a close of a channel kept in an unexported
// field that nothing in the package ever sets: no assignment to the
// field, no composite literal that names it (or sets the struct's fields
// by position), no address of it taken; while the package does make
// values of the struct type (a composite literal, new). The field is nil
// in every value of the type, and close of a nil channel panics. (Code
// outside the package cannot set an unexported field.)
func (c *checker) checkNeverMade() {
	info := c.pass.TypesInfo
	var closes []*ast.CallExpr
	set := make(map[*types.Var]bool)
	built := make(map[*types.Struct]bool) // the struct types of the package's literals and new calls
	field := func(e ast.Expr) *types.Var {
		sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			return nil
		}
		v, _ := s.Obj().(*types.Var)
		return v
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if v := field(lhs); v != nil {
						set[v] = true
					}
				}
			case *ast.UnaryExpr:
				if v := field(n.X); v != nil && n.Op == token.AND {
					set[v] = true // &s.ch: set through the pointer, perhaps
				}
			case *ast.CompositeLit:
				st, ok := info.TypeOf(n).Underlying().(*types.Struct)
				if !ok {
					return true
				}
				built[st] = true
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if v, ok := info.Uses[id].(*types.Var); ok {
								set[v] = true
							}
						}
					} else if i < st.NumFields() {
						set[st.Field(i)] = true
					}
				}
			case *ast.CallExpr:
				if id, ok := astutil.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
					if _, builtin := info.Uses[id].(*types.Builtin); builtin {
						switch id.Name {
						case "close":
							closes = append(closes, n)
						case "new":
							if st, ok := info.TypeOf(n.Args[0]).Underlying().(*types.Struct); ok {
								built[st] = true
							}
						}
					}
				}
			}
			return true
		})
	}
	for _, cl := range closes {
		v := field(cl.Args[0])
		if v == nil || v.Exported() || v.Pkg() != c.pass.Pkg || set[v] || v.Embedded() {
			continue
		}
		if _, ok := v.Type().Underlying().(*types.Chan); !ok {
			continue
		}
		if !c.builds(built, v) {
			continue // no value of the type is made here: no proof it is used at all
		}
		c.pass.Reportf(cl.Pos(), "close of %s panics: nothing in the package sets the field %s, so the channel is nil in every value (close of nil channel); make it where the value is built",
			types.ExprString(cl.Args[0]), v.Name())
	}
}

// builds reports whether the package makes a value of the struct type
// that declares field v.
func (c *checker) builds(built map[*types.Struct]bool, v *types.Var) bool {
	for st := range built {
		for i := range st.NumFields() {
			if st.Field(i) == v {
				return true
			}
		}
	}
	return false
}
