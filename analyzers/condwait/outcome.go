package condwait

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/loops"
	"github.com/asynclint/asynclint/passes/posfmt"
)

// An outcome is an error field of a Cond's owner that a waiting function
// returns after its wait loop, and that the loop's condition does not
// test: what the waiter comes back with (the error of an activation it
// waited for).
type outcome struct {
	field *types.Var
	read  *ast.SelectorExpr
	wait  wait
	loop  *ast.ForStmt
	tests map[*types.Var]bool // the fields the loop's condition reads
}

// checkOutcome reports a function that sets an outcome of a wait on a
// path that then returns without changing any field the wait loop's
// condition tests: the waiter is meant to see the outcome, but its loop
// cannot end on that path, whatever wakes it (an activation that fails,
// stores its error for waitActive to return, and returns, while
// waitActive loops on !p.activated). Only loops that leave by their
// condition alone count (no return, break or goto in the body), and only
// a path the assignment's own block ends with a return on, that makes no
// call of a function of the package that may set a tested field (nor
// does a deferred call), on a receiver or parameter (not an object the
// function makes).
func (c *checker) checkOutcome(waits []wait) {
	var outs []outcome
	for _, w := range waits {
		outs = append(outs, c.outcomes(w)...)
	}
	if len(outs) == 0 {
		return
	}
	setsMemo := make(map[*funcs.Func]map[*types.Var]bool)
	reported := make(map[token.Pos]bool)
	for _, fn := range c.ix.Funcs {
		if posfmt.InTest(c.pass.Fset, fn.Node.Pos()) {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
				return false
			}
			blk, ok := n.(*ast.BlockStmt)
			if !ok || len(blk.List) == 0 {
				return true
			}
			if _, ok := blk.List[len(blk.List)-1].(*ast.ReturnStmt); !ok {
				return true
			}
			for i, st := range blk.List {
				as, ok := st.(*ast.AssignStmt)
				if !ok {
					continue
				}
				for _, lhs := range as.Lhs {
					sel, ok := astutil.Unparen(lhs).(*ast.SelectorExpr)
					if !ok || reported[sel.Pos()] {
						continue
					}
					f := c.field(sel)
					for _, o := range outs {
						if f != o.field || fn == o.wait.fn || !c.paramRoot(fn, sel.X) {
							continue
						}
						if c.mayChange(fn, blk.List[i:], o.tests, setsMemo) || c.defersChange(fn, o.tests, setsMemo) {
							continue
						}
						reported[sel.Pos()] = true
						name := "the func literal"
						if o.wait.fn.Obj != nil {
							name = funcName(o.wait.fn.Obj)
						}
						c.pass.Reportf(sel.Pos(),
							"%s is set here for %s, which reads it after its wait loop at %s, but that loop waits while %s, and this path returns without changing it: the goroutines waiting on %s never leave the loop; test %s in the loop condition, or end the wait on this path (set what it waits for, then Broadcast)",
							types.ExprString(sel), name, c.pos(o.loop.For), types.ExprString(o.loop.Cond), recvText(o.wait.call), types.ExprString(sel))
					}
				}
			}
			return true
		})
	}
}

func funcName(obj *types.Func) string {
	if recv := obj.Signature().Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), func(*types.Package) string { return "" }) + ")." + obj.Name()
	}
	return obj.Name()
}

// outcomes returns the outcomes of a wait: fields of the Cond's owner
// read after the loop around it, in the statements that follow the loop
// in its block, through the same variable the Cond is reached from.
func (c *checker) outcomes(w wait) []outcome {
	loop := enclosingFor(w.fn.Body, w.call)
	if loop == nil || loop.Cond == nil || !loops.Endless(c.pass.TypesInfo, loop.Body) {
		return nil
	}
	sel, ok := astutil.Unparen(w.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	condSel, ok := astutil.Unparen(sel.X).(*ast.SelectorExpr) // p.cond
	if !ok {
		return nil
	}
	owner := types.ExprString(condSel.X)
	tests := make(map[*types.Var]bool)
	ast.Inspect(loop.Cond, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if f := c.field(s); f != nil {
				tests[f] = true
			}
		}
		return true
	})
	if len(tests) == 0 {
		return nil
	}
	var after []ast.Stmt
	ast.Inspect(w.fn.Body, func(n ast.Node) bool {
		if blk, ok := n.(*ast.BlockStmt); ok {
			for i, st := range blk.List {
				if st == loop {
					after = blk.List[i+1:]
				}
			}
		}
		return after == nil
	})
	var out []outcome
	seen := make(map[*types.Var]bool)
	for _, st := range after {
		ast.Inspect(st, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			ret, ok := n.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			for _, r := range ret.Results {
				s, ok := astutil.Unparen(r).(*ast.SelectorExpr)
				if !ok || types.ExprString(s.X) != owner {
					continue
				}
				f := c.field(s)
				if f == nil || tests[f] || seen[f] || !isError(f.Type()) {
					continue
				}
				seen[f] = true
				out = append(out, outcome{field: f, read: s, wait: w, loop: loop, tests: tests})
			}
			return true
		})
	}
	return out
}

// isError reports whether t is the error interface.
func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

// field returns the struct field a selector selects, or nil.
func (c *checker) field(s *ast.SelectorExpr) *types.Var {
	sel, ok := c.pass.TypesInfo.Selections[s]
	if !ok || sel.Kind() != types.FieldVal {
		return nil
	}
	v, _ := sel.Obj().(*types.Var)
	return v
}

// paramRoot reports whether e is rooted at fn's receiver or a parameter.
func (c *checker) paramRoot(fn *funcs.Func, e ast.Expr) bool {
	for {
		switch x := astutil.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if !ok || fn.Obj == nil {
				return false
			}
			sig := fn.Obj.Signature()
			if sig.Recv() == v {
				return true
			}
			for i := range sig.Params().Len() {
				if sig.Params().At(i) == v {
					return true
				}
			}
		}
		return false
	}
}

// mayChange reports whether the statements set a field of tests, or call
// a function of the package (or an unknown function value) that may.
func (c *checker) mayChange(fn *funcs.Func, stmts []ast.Stmt, tests map[*types.Var]bool, memo map[*funcs.Func]map[*types.Var]bool) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if s, ok := astutil.Unparen(lhs).(*ast.SelectorExpr); ok && tests[c.field(s)] {
						found = true
					}
				}
			case *ast.IncDecStmt:
				if s, ok := astutil.Unparen(n.X).(*ast.SelectorExpr); ok && tests[c.field(s)] {
					found = true
				}
			case *ast.CallExpr:
				local, obj := c.ix.Callee(n)
				if local == nil && obj == nil {
					if _, conv := c.pass.TypesInfo.Types[n.Fun]; !conv || !c.pass.TypesInfo.Types[n.Fun].IsType() {
						found = true // a function value
					}
					return !found
				}
				if local != nil {
					for f := range c.sets(local, memo) {
						if tests[f] {
							found = true
						}
					}
				}
			}
			return !found
		})
	}
	return found
}

// defersChange reports whether a deferred call of fn may set a field of
// tests.
func (c *checker) defersChange(fn *funcs.Func, tests map[*types.Var]bool, memo map[*funcs.Func]map[*types.Var]bool) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok && c.mayChange(fn, []ast.Stmt{&ast.ExprStmt{X: d.Call}}, tests, memo) {
			found = true
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		return !found
	})
	return found
}

// sets returns the fields a function of the package may assign, itself
// or through the functions of the package it calls.
func (c *checker) sets(fn *funcs.Func, memo map[*funcs.Func]map[*types.Var]bool) map[*types.Var]bool {
	if s, ok := memo[fn]; ok {
		return s
	}
	out := make(map[*types.Var]bool)
	memo[fn] = out // cycles: what is known so far
	if fn.Body == nil {
		return out
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if s, ok := astutil.Unparen(lhs).(*ast.SelectorExpr); ok {
					if f := c.field(s); f != nil {
						out[f] = true
					}
				}
			}
		case *ast.IncDecStmt:
			if s, ok := astutil.Unparen(n.X).(*ast.SelectorExpr); ok {
				if f := c.field(s); f != nil {
					out[f] = true
				}
			}
		case *ast.CallExpr:
			if local, _ := c.ix.Callee(n); local != nil && local != fn {
				for f := range c.sets(local, memo) {
					out[f] = true
				}
			}
		}
		return true
	})
	return out
}
