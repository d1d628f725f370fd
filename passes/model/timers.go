package model

import (
	"go/ast"
	"go/types"
)

// IsCancelFunc reports whether t is context.CancelFunc (or
// context.CancelCauseFunc): the function that cancels a derived context.
func IsCancelFunc(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" &&
		(n.Obj().Name() == "CancelFunc" || n.Obj().Name() == "CancelCauseFunc")
}

// TimerChan returns the timer expression t when x is t.C for a
// *time.Timer t: a channel that receives once per Reset.
func TimerChan(info *types.Info, x ast.Expr) (ast.Expr, bool) {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" || !isTimer(info.TypeOf(sel.X)) {
		return nil, false
	}
	return sel.X, true
}

// TimerStop returns the timer t when call is t.Stop() for a *time.Timer
// t: it reports false when the timer already fired (its value may still
// be in t.C, or already received).
func TimerStop(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Stop" || len(call.Args) != 0 || !isTimer(info.TypeOf(sel.X)) {
		return nil, false
	}
	return sel.X, true
}

func isTimer(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Timer"
}

// IsDeadline reports whether t is time.Duration or time.Time: a
// parameter of that type gives a derived context a bounded lifetime
// (context.WithTimeout, WithDeadline).
func IsDeadline(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" &&
		(n.Obj().Name() == "Duration" || n.Obj().Name() == "Time")
}
