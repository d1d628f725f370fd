package condwait

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
)

// readsUnchecked returns an index of a slice field that the if around a
// Wait tests empty (if len(q.items) == 0 { q.cond.Wait() }), made after
// the if with no test of that emptiness on the way (an if whose
// condition is len(q.items) == 0, or a disjunction with it): the
// function takes q.items[0] once Wait returns, whatever loop calls it.
// Nil when there is none.
func (c *checker) readsUnchecked(w wait, ifStmt *ast.IfStmt) ast.Expr {
	var tested []ast.Expr
	for _, e := range conds.Conjuncts(ifStmt.Cond) {
		if x := c.emptyTest(e); x != nil {
			tested = append(tested, x)
		}
	}
	if len(tested) == 0 {
		return nil
	}
	same := func(x ast.Expr) bool {
		f := c.fieldOf(x)
		for _, t := range tested {
			if f != nil && f == c.fieldOf(t) && types.ExprString(x) == types.ExprString(t) {
				return true
			}
		}
		return false
	}
	var found ast.Expr
	done := false
	ast.Inspect(w.fn.Body, func(n ast.Node) bool {
		if done || n == nil {
			return false
		}
		if n.End() <= ifStmt.End() {
			return false // the if, and what comes before it
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			for _, d := range conds.Disjuncts(n.Cond) {
				if x := c.emptyTest(d); x != nil && same(x) {
					done = true // tested again
					return false
				}
			}
		case *ast.ForStmt:
			if n.Cond != nil {
				done = true // a loop: what it tests is its own
				return false
			}
		case *ast.IndexExpr:
			if same(n.X) {
				found, done = n, true
				return false
			}
		}
		return true
	})
	return found
}

// emptyTest returns x of len(x) == 0 (or len(x) < 1), x a field, or nil.
func (c *checker) emptyTest(e ast.Expr) ast.Expr {
	b, ok := astutil.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	call, ok := astutil.Unparen(b.X).(*ast.CallExpr)
	if !ok || !c.isBuiltin(call.Fun, "len") || len(call.Args) != 1 || c.fieldOf(call.Args[0]) == nil {
		return nil
	}
	lit, ok := astutil.Unparen(b.Y).(*ast.BasicLit)
	if !ok || lit.Kind != token.INT || !(b.Op == token.EQL && lit.Value == "0" || b.Op == token.LSS && lit.Value == "1") {
		return nil
	}
	return call.Args[0]
}
