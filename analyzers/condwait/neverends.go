package condwait

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
)

// checkNeverEnds reports a wait loop whose condition nothing in the
// package can make false: every conjunct tests a field of the Cond's
// owner that no code sets to a value that ends the loop (a flag never
// set, a list never appended to). A Signal or Broadcast wakes the
// waiters only to find the same, and they wait again: a gate whose
// opener broadcasts without setting the flag.
func (c *checker) checkNeverEnds(waits []wait) {
	info := c.pass.TypesInfo
	done := make(map[*ast.ForStmt]bool)
	for _, w := range waits {
		loop := enclosingFor(w.fn.Body, w.call)
		cv := condVar(info, w.call)
		if loop == nil || loop.Cond == nil || done[loop] || cv == nil {
			continue
		}
		done[loop] = true
		trigs := c.triggers(w, cv)
		if len(trigs) == 0 || len(trigs) != len(conds.Conjuncts(loop.Cond)) {
			continue // a test not understood may end the loop
		}
		fires := false
		for _, t := range trigs {
			fires = fires || t.field.Exported() || c.mayFire(t)
		}
		if fires {
			continue
		}
		c.pass.Reportf(w.call.Lparen,
			"%s.Wait never returns: it waits while %s, and nothing in the package makes that false (no store of %s ends the loop); a Signal or Broadcast wakes it to find the same",
			recvText(w.call), types.ExprString(loop.Cond), trigs[0].field.Name())
	}
}

// mayFire reports whether some code of the package may make t's change:
// assign the field a value that ends the loop (or one not known: not a
// constant, not an empty slice), set it in a composite literal, or take
// its address.
func (c *checker) mayFire(t trigger) bool {
	info := c.pass.TypesInfo
	ends := func(rhs ast.Expr) bool {
		if t.append {
			return !emptySlice(info, rhs)
		}
		tv, ok := info.Types[rhs]
		return !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool || constant.BoolVal(tv.Value) == t.set
	}
	fires := false
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if c.sameField(c.fieldOf(lhs), t.field) && (len(n.Lhs) != len(n.Rhs) || ends(n.Rhs[i])) {
						fires = true
					}
				}
			case *ast.CompositeLit:
				for _, elt := range n.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok {
						if st, ok := info.TypeOf(n).Underlying().(*types.Struct); ok && st.NumFields() > 0 && containsField(st, t.field) {
							fires = true // positional: every field is set
						}
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok && c.sameField(info.Uses[id], t.field) && ends(kv.Value) {
						fires = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND && c.sameField(c.fieldOf(n.X), t.field) {
					fires = true
				}
			}
			return !fires
		})
	}
	return fires
}

// sameField reports whether obj is field f, in any instance of a
// generic type (each method of gbox[T] has its own T).
func (c *checker) sameField(obj types.Object, f *types.Var) bool {
	v, ok := obj.(*types.Var)
	return ok && v != nil && v.Origin() == f.Origin()
}

func containsField(st *types.Struct, f *types.Var) bool {
	for i := range st.NumFields() {
		if st.Field(i).Origin() == f.Origin() {
			return true
		}
	}
	return false
}

// emptySlice reports whether e is nil, an empty composite literal or a
// slice of length zero (xs[:0]).
func emptySlice(info *types.Info, e ast.Expr) bool {
	switch x := astutil.Unparen(e).(type) {
	case *ast.Ident:
		return info.Types[x].IsNil()
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.SliceExpr:
		return x.Low == nil && isZeroLit(x.High)
	}
	return false
}
