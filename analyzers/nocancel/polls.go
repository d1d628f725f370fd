package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/asynclint/asynclint/internal/astpath"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// A poll observes ctx through the call it polls: a call given ctx (or a
// context derived from it) whose error leaves the loop fails once ctx is
// done, so the loop ends within one interval. The proof is syntactic
// and local to the loop: the call and its error check are statements
// that every path to the sleep, in one iteration, runs first (they
// precede it in a block that encloses it), and the check's body always
// leaves the loop.

// polls reports whether such a guarded call runs before the sleep on top
// of stack on every iteration of loop, the innermost loop around it.
func polls(info *types.Info, ix *funcs.Index, m *model.Model, stack []ast.Node, loop ast.Stmt, ctx *types.Var) bool {
	at := -1
	for i, n := range stack {
		if n == loop {
			at = i
		}
	}
	if at < 0 {
		return false
	}
	var label *ast.Ident
	if at > 0 {
		if l, ok := stack[at-1].(*ast.LabeledStmt); ok {
			label = l.Label
		}
	}
	if hasGoto(loop) {
		return false // a goto may jump past the guard to the sleep
	}
	g := &guard{info: info, ix: ix, m: m, ctx: ctx, outer: outermostFunc(stack), label: label}
	// breaks: an unlabeled break at this depth still leaves the loop (no
	// switch, select or inner loop in between).
	breaks := true
	for i := at + 1; i < len(stack)-1; i++ {
		switch stack[i].(type) {
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.ForStmt, *ast.RangeStmt:
			breaks = false
		}
		var list []ast.Stmt
		switch n := stack[i].(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		default:
			continue
		}
		before := 0
		for before < len(list) && list[before] != stack[i+1] {
			before++
		}
		if g.guards(list[:before], breaks) {
			return true
		}
	}
	return false
}

// A guard is the search for a guarded call in one loop.
type guard struct {
	info  *types.Info
	ix    *funcs.Index
	m     *model.Model
	ctx   *types.Var
	outer ast.Node // the outermost function: where ctx's derivations are assigned
	label *ast.Ident
}

// guards reports whether the statements of list, which all run in order
// before the sleep, hold a call given ctx followed by a check of its
// error that leaves the loop.
func (g *guard) guards(list []ast.Stmt, breaks bool) bool {
	for j, st := range list {
		if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init != nil {
			if err := g.failing(ifs.Init); err != nil && g.checked(ifs, err, breaks) {
				return true
			}
			continue
		}
		if ifs, ok := st.(*ast.IfStmt); ok {
			if be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr); ok && be.Op == token.NEQ && isNil(be.Y) {
				if call, ok := ast.Unparen(be.X).(*ast.CallExpr); ok && g.errOnly(call) && g.leaves(ifs.Body.List, breaks) {
					return true // if poll(ctx) != nil { return }
				}
			}
			continue
		}
		err := g.failing(st)
		if err == nil {
			continue
		}
		for _, next := range list[j+1:] {
			if ifs, ok := next.(*ast.IfStmt); ok && ifs.Init == nil && g.checked(ifs, err, breaks) {
				return true
			}
			if astpath.Mentions(g.info, next, err) {
				break // err may be overwritten before the check
			}
		}
	}
	return false
}

// failing returns the error variable that an assignment of a call given
// ctx sets (st, err := c.Status(ctx, id)), or nil.
func (g *guard) failing(st ast.Stmt) *types.Var {
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !g.givenCtx(call) {
		return nil
	}
	res := resultsOf(g.info, call)
	if res == nil || res.Len() != len(as.Lhs) || !isError(res.At(res.Len()-1).Type()) {
		return nil
	}
	v := funcs.LocalVar(g.info, as.Lhs[len(as.Lhs)-1])
	if v == nil || v.Name() == "_" {
		return nil
	}
	return v
}

// errOnly reports whether call is given ctx and returns just an error.
func (g *guard) errOnly(call *ast.CallExpr) bool {
	res := resultsOf(g.info, call)
	return res != nil && res.Len() == 1 && isError(res.At(0).Type()) && g.givenCtx(call)
}

// checked reports whether the if's condition holds whenever err is not
// nil (err != nil, or a || with it) and its body then leaves the loop.
func (g *guard) checked(ifs *ast.IfStmt, err *types.Var, breaks bool) bool {
	return notNil(g.info, ifs.Cond, err) && g.leaves(ifs.Body.List, breaks)
}

func notNil(info *types.Info, cond ast.Expr, err *types.Var) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch be.Op {
	case token.LOR:
		return notNil(info, be.X, err) || notNil(info, be.Y, err)
	case token.NEQ:
		x, y := be.X, be.Y
		if isNil(x) {
			x, y = y, x
		}
		return isNil(y) && funcs.LocalVar(info, x) == err
	}
	return false
}

// leaves reports whether a statement list always leaves the loop: it
// ends in a return, a break out of the loop (unlabeled only where
// breaks), panic or a call that never returns, or an if and else that
// both leave.
func (g *guard) leaves(list []ast.Stmt, breaks bool) bool {
	if len(list) == 0 {
		return false
	}
	switch st := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		if st.Tok != token.BREAK {
			return false
		}
		if st.Label == nil {
			return breaks
		}
		return g.label != nil && st.Label.Name == g.label.Name
	case *ast.BlockStmt:
		return g.leaves(st.List, breaks)
	case *ast.IfStmt:
		switch e := st.Else.(type) {
		case *ast.BlockStmt:
			return g.leaves(st.Body.List, breaks) && g.leaves(e.List, breaks)
		case *ast.IfStmt:
			return g.leaves(st.Body.List, breaks) && g.leaves([]ast.Stmt{e}, breaks)
		}
	case *ast.ExprStmt:
		return model.EndsInExit(g.info, list)
	}
	return false
}

// givenCtx reports whether one of call's context arguments is ctx or a
// context derived from it.
func (g *guard) givenCtx(call *ast.CallExpr) bool {
	sig := signatureOf(g.info, call)
	if sig == nil {
		return false
	}
	for i, arg := range call.Args {
		if i < sig.Params().Len() && model.IsContext(sig.Params().At(i).Type()) && g.derived(arg, map[*types.Var]bool{}) {
			return true
		}
	}
	return false
}

// derived reports whether e is ctx, or a context that is done when ctx
// is: a model Inherits call given one (context.WithTimeout(ctx, d)), or
// a variable every assignment of which gives it one (ctx itself starts
// as ctx; a local needs one). A variable whose address is taken, or
// that a range assigns, is not followed.
func (g *guard) derived(e ast.Expr, seen map[*types.Var]bool) bool {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		return g.inherits(call, 0, seen)
	}
	v := funcs.LocalVar(g.info, e)
	if v == nil || g.outer == nil {
		return false
	}
	if seen[v] {
		return true // a cycle (ctx = f(ctx)): the other assignments decide
	}
	seen[v] = true
	all, some := true, v == g.ctx
	assign := func(ok bool) {
		all = all && ok
		some = true
	}
	ast.Inspect(g.outer, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if funcs.LocalVar(g.info, lhs) == v {
					assign(g.assigns(len(n.Lhs), n.Rhs, i, seen))
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if g.info.Defs[name] == v {
					assign(g.assigns(len(n.Names), n.Values, i, seen))
				}
			}
		case *ast.RangeStmt:
			if funcs.LocalVar(g.info, n.Key) == v || n.Value != nil && funcs.LocalVar(g.info, n.Value) == v {
				assign(false)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && funcs.LocalVar(g.info, n.X) == v {
				assign(false)
			}
		}
		return all
	})
	return all && some
}

// assigns reports whether the assignment of rhs to n variables gives
// the i-th a context derived from ctx.
func (g *guard) assigns(n int, rhs []ast.Expr, i int, seen map[*types.Var]bool) bool {
	switch {
	case len(rhs) == n:
		return g.derived(rhs[i], seen)
	case len(rhs) == 1:
		call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
		return ok && g.inherits(call, i, seen)
	}
	return false // var c context.Context: nil
}

// inherits reports whether call is a model Inherits call given a context
// derived from ctx, and its result res is a context.
func (g *guard) inherits(call *ast.CallExpr, res int, seen map[*types.Var]bool) bool {
	_, fn := g.ix.Callee(call)
	e, ok := g.m.Lookup(fn)
	if !ok || !e.Is(model.Inherits) {
		return false
	}
	sig := fn.Signature()
	if res >= sig.Results().Len() || !model.IsContext(sig.Results().At(res).Type()) {
		return false
	}
	for i, arg := range call.Args {
		if i < sig.Params().Len() && model.IsContext(sig.Params().At(i).Type()) {
			return g.derived(arg, seen)
		}
	}
	return false
}

// resultsOf returns the results of the function call calls, or nil.
func resultsOf(info *types.Info, call *ast.CallExpr) *types.Tuple {
	if sig := signatureOf(info, call); sig != nil {
		return sig.Results()
	}
	return nil
}

// signatureOf returns the signature of the function call calls, or nil
// (a conversion, a builtin).
func signatureOf(info *types.Info, call *ast.CallExpr) *types.Signature {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return nil
	}
	t := info.TypeOf(call.Fun)
	if t == nil {
		return nil
	}
	sig, _ := t.Underlying().(*types.Signature)
	return sig
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// hasGoto reports whether loop holds a goto.
func hasGoto(loop ast.Node) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// outermostFunc returns the outermost function declaration or literal of
// stack.
func outermostFunc(stack []ast.Node) ast.Node {
	for _, n := range stack {
		if isFunc(n) {
			return n
		}
	}
	return nil
}
