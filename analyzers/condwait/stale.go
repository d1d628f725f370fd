package condwait

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// checkStale reports a Wait in a loop whose condition reads only local
// variables that nothing in the loop changes: a copy of the state taken
// before the loop (st := t.jobs[id]; for !st.done() { Wait() }). A
// Broadcast wakes the waiter to test the same values, and it waits for
// good. The condition may read locals of value types (not pointers,
// maps, channels, functions or interfaces) and their fields, constants,
// len of a local, and methods of basic-typed values; any other call, an
// index, or a local whose address is taken or that a function literal
// uses, may see a change, and the loop is left alone.
func (c *checker) checkStale(w wait, signalled map[*types.Var]bool) {
	if cv := condVar(c.pass.TypesInfo, w.call); cv == nil || !signalled[cv] {
		return // a Cond nothing wakes is checkSignalled's
	}
	loop := enclosingFor(w.fn.Body, w.call)
	if loop == nil || loop.Cond == nil {
		return
	}
	vars, ok := c.localsOnly(loop.Cond)
	if !ok || len(vars) == 0 {
		return
	}
	for _, v := range vars {
		// A local of the waiting function itself (one it captures may be
		// set by another function literal).
		if v.Pos() < w.fn.Body.Pos() || v.Pos() >= w.fn.Body.End() || c.changedIn(w.fn.Body, loop, v) {
			return
		}
	}
	var names []string
	for _, v := range vars {
		names = append(names, v.Name())
	}
	what := "a local copy that nothing in the loop changes"
	if len(names) > 1 {
		what = "local copies that nothing in the loop changes"
	}
	c.pass.Reportf(w.call.Lparen,
		"%s.Wait is in a loop that tests only %s, %s (%s): once it waits, every wake finds the same and it waits again; read the state again in the loop",
		recvText(w.call), strings.Join(names, ", "), what, c.pos(loop.Cond.Pos()))
}

// localsOnly returns the local variables e reads, and whether e reads
// nothing else (see checkStale).
func (c *checker) localsOnly(e ast.Expr) ([]*types.Var, bool) {
	info := c.pass.TypesInfo
	var vars []*types.Var
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			switch obj := info.Uses[n].(type) {
			case *types.Var:
				if obj.IsField() {
					return true // a field selected from a checked value
				}
				if obj.Parent() == nil || obj.Parent() == obj.Pkg().Scope() || !valueType(obj.Type()) {
					ok = false
				} else if !slices.Contains(vars, obj) {
					vars = append(vars, obj)
				}
			case *types.Const, *types.TypeName, *types.Nil, *types.Builtin, *types.Func:
			default:
				ok = false
			}
		case *ast.SelectorExpr:
			// A chain of fields of a local value (st.Phase), no pointer on
			// the way, ending in a value or a method: the fields it skips
			// (st.Updated's location) are not read.
			s := info.Selections[n]
			if s == nil || s.Indirect() || s.Kind() == types.FieldVal && !valueType(s.Type()) {
				ok = false
				return false
			}
			root := n.X
			for {
				sel, isSel := astutil.Unparen(root).(*ast.SelectorExpr)
				if !isSel {
					break
				}
				if inner := info.Selections[sel]; inner == nil || inner.Indirect() {
					ok = false
					return false
				}
				root = sel.X
			}
			if t := info.TypeOf(root); t == nil || !isValue(t) {
				ok = false
				return false
			}
			id, isID := astutil.Unparen(root).(*ast.Ident)
			v, isVar := info.Uses[id].(*types.Var)
			if !isID || !isVar || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
				ok = false
			} else if !slices.Contains(vars, v) {
				vars = append(vars, v)
			}
			return false
		case *ast.CallExpr:
			ok = c.pureCall(n)
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.FuncLit, *ast.TypeAssertExpr, *ast.SliceExpr:
			ok = false
		case *ast.UnaryExpr:
			ok = n.Op != token.AND && n.Op != token.ARROW
		}
		return ok
	})
	return vars, ok
}

// pureCall reports whether a call in a wait condition reads only its
// operands: len of a local, or a method with a value receiver of a
// basic type (st.Phase.Terminal()).
func (c *checker) pureCall(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if c.isBuiltin(call.Fun, "len") {
		return true
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || s.Indirect() {
		return false
	}
	recv := s.Obj().(*types.Func).Signature().Recv()
	if recv == nil {
		return false
	}
	_, basic := recv.Type().Underlying().(*types.Basic)
	return basic
}

// valueType reports whether t holds its value in itself: not a pointer,
// map, channel, function, interface or slice whose contents another
// goroutine could change (a slice is allowed: only len of it is read).
func valueType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.UnsafePointer
	case *types.Struct:
		for i := range u.NumFields() {
			if !valueType(u.Field(i).Type()) {
				return false
			}
		}
		return true
	case *types.Array:
		return valueType(u.Elem())
	case *types.Slice:
		return true
	}
	return false
}

// changedIn reports whether v may change while loop runs: assigned in the
// loop (its body or post statement), its address taken anywhere in body,
// or used by a function literal of body.
func (c *checker) changedIn(body *ast.BlockStmt, loop *ast.ForStmt, v *types.Var) bool {
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		for {
			switch x := astutil.Unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
				continue
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.Ident:
				return info.Uses[x] == v || info.Defs[x] == v
			}
			return false
		}
	}
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		if changed {
			return false
		}
		inLoop := n != nil && n.Pos() >= loop.Pos() && n.End() <= loop.End()
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && info.Uses[id] == v {
					changed = true
				}
				return !changed
			})
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				changed = true
			}
		case *ast.AssignStmt:
			if inLoop && slices.ContainsFunc(n.Lhs, is) {
				changed = true
			}
		case *ast.IncDecStmt:
			if inLoop && is(n.X) {
				changed = true
			}
		case *ast.RangeStmt:
			if inLoop && (n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)) {
				changed = true
			}
		case *ast.CallExpr:
			// A method with a pointer receiver may change it (st.refresh()).
			if sel, ok := astutil.Unparen(n.Fun).(*ast.SelectorExpr); ok && inLoop && is(sel.X) {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					if _, ptr := s.Obj().(*types.Func).Signature().Recv().Type().(*types.Pointer); ptr {
						changed = true
					}
				}
			}
		}
		return !changed
	})
	return changed
}

// isValue reports whether t is not a pointer (its fields are its own).
func isValue(t types.Type) bool {
	_, ptr := t.Underlying().(*types.Pointer)
	return !ptr
}
