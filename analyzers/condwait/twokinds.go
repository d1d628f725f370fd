package condwait

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
)

// checkTwoKinds reports the Signals of a Cond that goroutines wait on for
// opposite conditions (producers while the queue is full, consumers
// while it is empty), each in a function that several goroutines may
// run on one object. Signal wakes one waiter, of either kind: it may
// wake one whose condition still holds, which waits again, while the
// waiter that could go on sleeps, and with it every goroutine that needs
// it to. Two conditions are opposite when one field is tested both ways:
// a slice empty (len(q.buf) == 0) and full (len(q.buf) >= q.limit), or
// a flag false and true.
func (c *checker) checkTwoKinds(waits []wait, signals []*ast.CallExpr) {
	byCond := make(map[*types.Var][]wait)
	for _, w := range waits {
		if cv := c.ownFieldCond(w); cv != nil {
			byCond[cv] = append(byCond[cv], w)
		}
	}
	for cv, ws := range byCond {
		var loops []*ast.ForStmt
		var tests []map[*types.Var]string
		var first, second *ast.ForStmt
		for _, w := range ws {
			loop := enclosingFor(w.fn.Body, w.call)
			if loop == nil || loop.Cond == nil || !c.manyWaiters(w) {
				continue
			}
			t, ok := c.fieldTests(loop.Cond)
			if !ok {
				continue
			}
			for i, o := range tests {
				if opposite(t, o) && second == nil {
					first, second = loops[i], loop
				}
			}
			loops, tests = append(loops, loop), append(tests, t)
		}
		if second == nil {
			c.reportOwnConds(cv, ws, signals)
			continue
		}
		c.eachSignal(cv, signals, func(s *ast.CallExpr, cond string) {
			c.pass.Reportf(s.Lparen,
				"%s.Signal wakes one waiter of %s, which goroutines wait on for two conditions (%s at %s, %s at %s): it may wake one whose condition still holds, which waits again while one that could go on sleeps; call %s.Broadcast, or use one Cond per condition",
				cond, cond, types.ExprString(first.Cond), c.pos(first.Cond.Pos()), types.ExprString(second.Cond), c.pos(second.Cond.Pos()), cond)
		})
	}
}

// fieldTests returns, for each conjunct of a wait condition, the field it
// tests and how: "empty" (len(f) == 0), "full" (len(f) >= x, == x, > x,
// x a field or a constant other than 0), "false" (!f), "true" (f); ok is
// false when a conjunct is none of these.
func (c *checker) fieldTests(e ast.Expr) (map[*types.Var]string, bool) {
	out := make(map[*types.Var]string)
	for _, x := range conds.Conjuncts(e) {
		x = astutil.Unparen(x)
		if f := c.boolField(x); f != nil {
			out[f] = "true"
			continue
		}
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			if f := c.boolField(u.X); f != nil {
				out[f] = "false"
				continue
			}
		}
		b, ok := x.(*ast.BinaryExpr)
		if !ok {
			return nil, false
		}
		call, ok := astutil.Unparen(b.X).(*ast.CallExpr)
		if !ok || !c.isBuiltin(call.Fun, "len") || len(call.Args) != 1 {
			return nil, false
		}
		f := c.fieldOf(call.Args[0])
		if f == nil {
			return nil, false
		}
		switch {
		case b.Op == token.EQL && isZeroLit(b.Y):
			out[f] = "empty"
		case (b.Op == token.GEQ || b.Op == token.EQL || b.Op == token.GTR) && !isZeroLit(b.Y) && (c.fieldOf(b.Y) != nil || c.pass.TypesInfo.Types[b.Y].Value != nil):
			out[f] = "full"
		default:
			return nil, false
		}
	}
	return out, true
}

// opposite reports whether a and b test some field both ways.
func opposite(a, b map[*types.Var]string) bool {
	for f, t := range a {
		if u, ok := b[f]; ok && u != t {
			return true
		}
	}
	return false
}

// reportOwnConds reports the Signals of cv when goroutines wait on it for
// conditions of their own: a wait loop whose condition reads a parameter
// of its function (for t.applied < rev), in a function several
// goroutines may run on one object. Signal wakes one waiter, which may
// be one whose value is not reached yet: it waits again, and the one
// whose value is reached sleeps.
func (c *checker) reportOwnConds(cv *types.Var, ws []wait, signals []*ast.CallExpr) {
	for _, w := range ws {
		loop := enclosingFor(w.fn.Body, w.call)
		if loop == nil || loop.Cond == nil || !c.manyWaiters(w) {
			continue
		}
		param := c.paramIn(w.fn, loop.Cond)
		if param == nil {
			continue
		}
		c.eachSignal(cv, signals, func(s *ast.CallExpr, cond string) {
			c.pass.Reportf(s.Lparen,
				"%s.Signal wakes one waiter of %s, but each waits for a value of its own (%s at %s, %s a parameter of %s): it may wake one whose value is not reached, which waits again while one whose value is reached sleeps; call %s.Broadcast",
				cond, cond, types.ExprString(loop.Cond), c.pos(loop.Cond.Pos()), param.Name(), funcName(w.fn.Obj), cond)
		})
		return
	}
}

// paramIn returns a parameter of fn (not its receiver) that a conjunct
// of e compares with a field (t.applied < rev), or nil. A condition on
// the parameter alone (len(buf) > 0, the progress of a copy into the
// caller's buffer) is not a value the waiter waits for.
func (c *checker) paramIn(fn *funcs.Func, e ast.Expr) *types.Var {
	if fn.Obj == nil {
		return nil
	}
	params := fn.Obj.Signature().Params()
	param := func(x ast.Expr) *types.Var {
		id, ok := astutil.Unparen(x).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		for i := range params.Len() {
			if v != nil && params.At(i) == v {
				return v
			}
		}
		return nil
	}
	for _, x := range conds.Conjuncts(e) {
		b, ok := astutil.Unparen(x).(*ast.BinaryExpr)
		if !ok || !b.Op.IsOperator() || b.Op == token.LAND || b.Op == token.LOR {
			continue
		}
		if v := param(b.Y); v != nil && c.fieldOf(b.X) != nil {
			return v
		}
		if v := param(b.X); v != nil && c.fieldOf(b.Y) != nil {
			return v
		}
	}
	return nil
}

// eachSignal calls f for each Signal (not Broadcast) of cv, with the
// Cond's text.
func (c *checker) eachSignal(cv *types.Var, signals []*ast.CallExpr, f func(s *ast.CallExpr, cond string)) {
	for _, s := range signals {
		if condVar(c.pass.TypesInfo, s) == cv && wakeName(s) == "Signal" {
			f(s, recvText(s))
		}
	}
}
