package wgmisuse

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
)

// checkCountedAhead reports a loop whose group was counted for every
// iteration before it (wg.Add(len(xs)); for _, x := range xs), when a
// continue or a break of the loop skips the go statement that counts one
// down: the skipped iterations are counted and never started, so the
// group's Wait never returns. Reported only when nothing before the go
// statement in the loop's body may call Done (a Done for the skipped
// item, a call given the group), the loop has the group's only Add, and
// a Wait of the group follows: after the loop in the function for a
// group of its own, anywhere in the package for a group in a field.
func (c *checker) checkCountedAhead(fn *funcs.Func) {
	adds := own(c.ops[fn], add)
	for _, a := range adds {
		if a.deferred || len(a.call.Args) != 1 || len(byKey(adds, a.key)) != 1 {
			continue
		}
		if tv := c.pass.TypesInfo.Types[a.call.Args[0]]; tv.Value != nil {
			continue // a constant count
		}
		loop, label, body := c.loopCounted(fn, a)
		if loop == nil || c.addsIn(fn, loop, a) {
			continue
		}
		j, g := c.countedStart(body, a)
		if g == nil || c.mayDone(&ast.BlockStmt{List: body.List[:j]}, a.key) {
			continue
		}
		w := c.waitAfter(fn, loop, a)
		if w == nil {
			continue
		}
		for _, br := range skips(body.List[:j], label) {
			c.pass.Reportf(br.Pos(),
				"%s.Add(%s) at %s counts a goroutine for every element of %s, but this %s skips the go statement at %s: nothing counts the skipped ones down and %s.Wait at %s never returns; call %s.Add(1) just before the go statement",
				a.name, types.ExprString(a.call.Args[0]), c.pos(a.call.Pos()), types.ExprString(counted(a.call.Args[0])), br.Tok, c.pos(g.Pos()), a.name, c.pos(w.call.Pos()), a.name)
		}
	}
}

// counted returns what an Add's count counts: xs for len(xs), n for n.
func counted(arg ast.Expr) ast.Expr {
	if call, ok := astutil.Unparen(arg).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "len" {
			return call.Args[0]
		}
	}
	return arg
}

// loopCounted returns the loop that follows the Add in its block and
// runs once per unit of its count: a range over xs for Add(len(xs)), a
// range over n or a for i := 0; i < n; i++ for Add(n); with its label
// and body.
func (c *checker) loopCounted(fn *funcs.Func, a op) (ast.Stmt, *ast.Ident, *ast.BlockStmt) {
	var found ast.Stmt
	var label *ast.Ident
	var body *ast.BlockStmt
	want := types.ExprString(a.call.Args[0])
	of := types.ExprString(counted(a.call.Args[0]))
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		blk, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		at := -1
		for i, st := range blk.List {
			if es, ok := st.(*ast.ExprStmt); ok && astutil.Unparen(es.X) == a.call {
				at = i
			}
		}
		if at < 0 {
			return true
		}
		for _, st := range blk.List[at+1:] {
			var lb *ast.Ident
			if ls, ok := st.(*ast.LabeledStmt); ok {
				lb, st = ls.Label, ls.Stmt
			}
			switch l := st.(type) {
			case *ast.RangeStmt:
				x := types.ExprString(l.X)
				if x == of && of != want || x == want && isInt(c.pass.TypesInfo.TypeOf(l.X)) {
					found, label, body = l, lb, l.Body
				}
			case *ast.ForStmt:
				if upTo(l, want) {
					found, label, body = l, lb, l.Body
				}
			}
			if found != nil {
				return false
			}
			if _, ok := st.(*ast.ExprStmt); !ok {
				if _, ok := st.(*ast.AssignStmt); !ok {
					if _, ok := st.(*ast.DeclStmt); !ok {
						return false // only plain statements between the Add and its loop
					}
				}
			}
		}
		return false
	})
	return found, label, body
}

func isInt(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// upTo reports whether the loop is for i := 0; i < n; i++ with n the
// expression want.
func upTo(l *ast.ForStmt, want string) bool {
	init, ok := l.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || types.ExprString(init.Rhs[0]) != "0" {
		return false
	}
	i, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	cond, ok := l.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS || types.ExprString(cond.X) != i.Name || types.ExprString(cond.Y) != want {
		return false
	}
	post, ok := l.Post.(*ast.IncDecStmt)
	return ok && post.Tok == token.INC && types.ExprString(post.X) == i.Name
}

// addsIn reports whether the loop holds another Add of the group (in a
// goroutine too: an Add for children).
func (c *checker) addsIn(fn *funcs.Func, loop ast.Node, a op) bool {
	for _, o := range c.ops[fn] {
		if o.kind == add && o.call != a.call && o.key == a.key && loop.Pos() <= o.call.Pos() && o.call.Pos() < loop.End() {
			return true
		}
	}
	return false
}

// countedStart returns the first statement of the loop's body that
// starts a goroutine counting the group down (a go statement whose
// function may call Done on it), and its index.
func (c *checker) countedStart(body *ast.BlockStmt, a op) (int, *ast.GoStmt) {
	for j, st := range body.List {
		if g, ok := st.(*ast.GoStmt); ok && c.mayDone(g, a.key) {
			return j, g
		}
	}
	return 0, nil
}

// waitAfter returns a Wait of the group that the loop's iterations are
// counted for: after the loop in fn, or for a group fn does not declare,
// any Wait of the same field in the package.
func (c *checker) waitAfter(fn *funcs.Func, loop ast.Node, a op) *op {
	root := c.rootOf(a.call)
	local := root != nil && fn.Body.Pos() <= root.Pos() && root.Pos() < fn.Body.End()
	for i, o := range c.ops[fn] {
		if o.kind == wait && !o.nested && o.key == a.key && o.call.Pos() >= loop.End() {
			return &c.ops[fn][i]
		}
	}
	if local || a.class == "" {
		return nil
	}
	for _, g := range c.ix.Funcs {
		for i, o := range c.ops[g] {
			if o.kind == wait && !o.nested && o.class == a.class {
				return &c.ops[g][i]
			}
		}
	}
	return nil
}

// skips returns the continue and break statements of stmts that end the
// loop's iteration: unlabeled ones not inside an inner loop (a break not
// inside a switch or select either), and those with the loop's label.
func skips(stmts []ast.Stmt, label *ast.Ident) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(x.Body, true, inSwitch)
				return false
			case *ast.RangeStmt:
				walk(x.Body, true, inSwitch)
				return false
			case *ast.SwitchStmt:
				walk(x.Body, inLoop, true)
				return false
			case *ast.TypeSwitchStmt:
				walk(x.Body, inLoop, true)
				return false
			case *ast.SelectStmt:
				walk(x.Body, inLoop, true)
				return false
			case *ast.BranchStmt:
				switch {
				case x.Tok != token.CONTINUE && x.Tok != token.BREAK:
				case x.Label != nil:
					if label != nil && x.Label.Name == label.Name {
						out = append(out, x)
					}
				case inLoop:
				case x.Tok == token.BREAK && inSwitch:
				default:
					out = append(out, x)
				}
			}
			return true
		})
	}
	for _, st := range stmts {
		walk(st, false, false)
	}
	return out
}
