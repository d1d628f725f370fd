package condwait

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/astpath"
	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
)

// A trigger is a change of a field that makes a wait loop's condition
// false, so that its waiters may leave: the field set to true when the
// loop runs while it is false (!q.closed), to false when it runs while
// it is true, or appended to when the loop runs while it is empty
// (len(q.jobs) == 0).
type trigger struct {
	field  *types.Var
	set    bool // a bool field set to true (false: cleared)
	append bool // a slice field appended to
	atomic bool // an atomic.Bool field, tested by Load, set by Store
	cond   string
	wait   wait
	cv     *types.Var
}

// checkUnwoken reports a change that lets waiters leave their wait loop
// with nothing to wake them: the function that makes it, every function
// it calls, and every function that calls it (up to three calls up,
// after its call), do
// no Signal or Broadcast of the Cond the loop waits on. The waiters sleep
// until some later signal, which may never come (a Close that sets
// closed and returns).
func (c *checker) checkUnwoken(waits []wait, signals []*ast.CallExpr) {
	info := c.pass.TypesInfo
	signalled := signalledConds(info, signals)
	var trigs []trigger
	for _, w := range waits {
		// A Cond nothing signals is checkSignalled's.
		cv := c.ownFieldCond(w)
		if cv == nil || !signalled[cv] {
			continue
		}
		trigs = append(trigs, c.triggers(w, cv)...)
	}
	if len(trigs) == 0 {
		return
	}
	s := c.newSignalIndex(signals)
	reported := make(map[token.Pos]bool)
	for _, fn := range c.ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
				return false
			}
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, lhs := range as.Lhs {
				for _, t := range trigs {
					if fn == t.wait.fn || reported[lhs.Pos()] || !c.fires(fn, t, lhs, as.Rhs[i]) {
						continue
					}
					if s.wakes(fn, t.cv, 3) {
						continue
					}
					reported[lhs.Pos()] = true
					c.reportUnwoken(fn, t, lhs)
				}
			}
			return true
		})
	}
}

func (c *checker) reportUnwoken(fn *funcs.Func, t trigger, lhs ast.Expr) {
	what := "set"
	if t.append {
		what = "appended to"
	} else if !t.set {
		what = "cleared"
	}
	name := "the func literal"
	if fn.Obj != nil {
		name = fn.Obj.Name()
	}
	text := types.ExprString(lhs)
	cond := recvText(t.wait.call)
	c.pass.Reportf(lhs.Pos(),
		"%s is %s here, and nothing wakes the goroutines waiting on %s for it: the Wait at %s loops while %s; %s does not Signal or Broadcast %s, nor does any function it calls or that calls it; broadcast %s after %s",
		text, what, cond, c.pos(t.wait.call.Lparen), t.cond, name, cond, cond, changeText(t, text))
}

func changeText(t trigger, text string) string {
	switch {
	case t.append:
		return "appending to " + text
	case t.set:
		return "setting " + text
	}
	return "clearing " + text
}

// triggers returns the changes that end the loop around w: one per
// conjunct of its condition on a field of the Cond's owner type.
func (c *checker) triggers(w wait, cv *types.Var) []trigger {
	loop := enclosingFor(w.fn.Body, w.call)
	if loop == nil || loop.Cond == nil {
		return nil
	}
	var out []trigger
	for _, e := range conds.Conjuncts(loop.Cond) {
		t := trigger{wait: w, cv: cv, cond: types.ExprString(e)}
		switch x := astutil.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				if f := c.boolField(x.X); f != nil {
					t.field, t.set = f, true
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.EQL && isZeroLit(x.Y) {
				if call, ok := astutil.Unparen(x.X).(*ast.CallExpr); ok && c.isBuiltin(call.Fun, "len") && len(call.Args) == 1 {
					if f := c.fieldOf(call.Args[0]); f != nil {
						if _, slice := f.Type().Underlying().(*types.Slice); slice {
							t.field, t.append = f, true
						}
					}
				}
			}
		default:
			if f := c.boolField(e); f != nil {
				t.field = f
			}
		}
		if t.field != nil && t.field.Pkg() == c.pass.Pkg && c.sameOwner(w.call, t.field) {
			out = append(out, t)
		}
	}
	return out
}

// fires reports whether lhs = rhs, in fn, is t's change on a shared
// object: the field reached from a parameter, a receiver or a package
// variable (not from a local the function makes, before anyone waits).
func (c *checker) fires(fn *funcs.Func, t trigger, lhs, rhs ast.Expr) bool {
	if c.fieldOf(lhs) != t.field || !c.sharedRoot(fn, lhs) {
		return false
	}
	info := c.pass.TypesInfo
	if t.append {
		call, ok := astutil.Unparen(rhs).(*ast.CallExpr)
		return ok && c.isBuiltin(call.Fun, "append") && len(call.Args) > 1 && c.fieldOf(call.Args[0]) == t.field
	}
	tv, ok := info.Types[rhs]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false
	}
	return constant.BoolVal(tv.Value) == t.set
}

// sharedRoot reports whether the path of lhs starts at a parameter, a
// receiver or a package variable of fn.
func (c *checker) sharedRoot(fn *funcs.Func, lhs ast.Expr) bool {
	v := astpath.RootVar(c.pass.TypesInfo, lhs)
	if v == nil {
		return false
	}
	if v.Parent() == c.pass.Pkg.Scope() {
		return true
	}
	sig, _ := c.pass.TypesInfo.TypeOf(fn.Type).(*types.Signature)
	if fn.Obj != nil {
		sig = fn.Obj.Signature()
	}
	if sig == nil {
		return false
	}
	if r := sig.Recv(); r != nil && r == v {
		return true
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return true
		}
	}
	return false
}

func (c *checker) fieldOf(e ast.Expr) *types.Var {
	sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil
	}
	v, _ := s.Obj().(*types.Var)
	return v
}

func (c *checker) boolField(e ast.Expr) *types.Var {
	f := c.fieldOf(e)
	if f == nil {
		return nil
	}
	if b, ok := f.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return nil
	}
	return f
}

func (c *checker) isBuiltin(fun ast.Expr, name string) bool {
	id, ok := astutil.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func isZeroLit(e ast.Expr) bool {
	lit, ok := astutil.Unparen(e).(*ast.BasicLit)
	return ok && lit.Value == "0"
}

// sameOwner reports whether f is a field of the struct whose Cond the
// wait call waits on (q in q.cond.Wait()).
func (c *checker) sameOwner(call *ast.CallExpr, f *types.Var) bool {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	condSel, ok := astutil.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(condSel.X)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if st.Field(i) == f {
			return true
		}
	}
	return false
}

// enclosingFor returns the innermost for statement of body around n
// that n is in the body of, or nil.
func enclosingFor(body *ast.BlockStmt, n ast.Node) *ast.ForStmt {
	var out *ast.ForStmt
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return x == nil || x.Pos() <= n.Pos()
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if x.Body.Pos() <= n.Pos() && n.End() <= x.Body.End() {
				out = x
			}
		}
		return true
	})
	return out
}
