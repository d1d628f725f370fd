package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// RecvChan returns the channel a select case (or a statement) receives
// from: the operand of <-ch in "<-ch", "v := <-ch" or "v, ok = <-ch";
// nil for anything else.
func RecvChan(c ast.Stmt) ast.Expr {
	var x ast.Expr
	switch c := c.(type) {
	case *ast.ExprStmt:
		x = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			x = c.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// LastCall returns the call a statement list ends with, as a statement
// of its own (f(x), not v := f(x)), or nil.
func LastCall(body []ast.Stmt) *ast.CallExpr {
	if len(body) == 0 {
		return nil
	}
	es, ok := body[len(body)-1].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := ast.Unparen(es.X).(*ast.CallExpr)
	return call
}

// EndsInExit reports whether a statement list ends in a call that never
// returns: the builtin panic, or a function the table says Exits
// (t.Fatal, log.Fatal, os.Exit). What follows is dead; a test or program
// that goes there is over.
func EndsInExit(info *types.Info, body []ast.Stmt) bool {
	call := LastCall(body)
	if call == nil {
		return false
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return callee == types.Universe.Lookup("panic")
	case *types.Func:
		e, ok := Lookup(callee)
		return ok && e.Is(Exits)
	}
	return false
}

// ChanOp classifies the language's own operations that wait for another
// goroutine: a channel send, a channel receive, a range over a channel,
// and a select without a default case. It returns how a message names the
// operation and where it is. The send and receive that are the cases of a
// select are part of the select, not operations of their own: callers
// walking a select should use SelectCases to skip them.
func ChanOp(info *types.Info, n ast.Node) (string, token.Pos, bool) {
	switch n := n.(type) {
	case *ast.SendStmt:
		return "a channel send", n.Arrow, true
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			return "a channel receive", n.OpPos, true
		}
	case *ast.RangeStmt:
		if t := info.TypeOf(n.X); t != nil {
			if _, ok := t.Underlying().(*types.Chan); ok {
				return "a channel receive", n.For, true
			}
		}
	case *ast.SelectStmt:
		done := false
		for _, c := range n.Body.List {
			cc := c.(*ast.CommClause)
			if cc.Comm == nil {
				return "", token.NoPos, false // default: never waits
			}
			if IsDoneRecv(info, cc.Comm) {
				done = true
			}
		}
		if done {
			return "a select (waiting on ctx.Done() does not give the worker slot back)", n.Select, true
		}
		return "a select without default", n.Select, true
	}
	return "", token.NoPos, false
}

// SelectCases returns the communication statements of a select's cases.
func SelectCases(sel *ast.SelectStmt) []ast.Stmt {
	var comms []ast.Stmt
	for _, c := range sel.Body.List {
		if cc := c.(*ast.CommClause); cc.Comm != nil {
			comms = append(comms, cc.Comm)
		}
	}
	return comms
}

// IsDoneRecv reports whether a select case receives from a context's Done
// channel.
func IsDoneRecv(info *types.Info, comm ast.Stmt) bool {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	recv, ok := astutil.Unparen(x).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return false
	}
	call, ok := astutil.Unparen(recv.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	return IsContext(info.TypeOf(sel.X))
}

// ClosedChan returns the channel a call of the builtin close closes.
func ClosedChan(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	id, ok := astutil.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "close" {
		return nil, false
	}
	return call.Args[0], true
}

// UnbufferedMake reports whether e is make(chan T) or make(chan T, 0).
func UnbufferedMake(info *types.Info, e ast.Expr) bool {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := astutil.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" {
		return false
	}
	t := info.TypeOf(call)
	if t == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return false
	}
	if len(call.Args) == 1 {
		return true
	}
	tv, ok := info.Types[call.Args[1]]
	return ok && tv.Value != nil && tv.Value.String() == "0"
}
