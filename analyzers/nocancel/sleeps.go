package nocancel

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
)

// shortSleep is the longest sleep that is not reported in a loop that
// observes ctx on every iteration: such a loop is a poll, and it notices
// cancellation within one interval. A second is what a user waits for
// a cancelled command without noticing; a longer or computed interval
// (a backoff) is reported.
const shortSleep = time.Second

// actionableSleep reports whether a sleep with ctx in scope is worth a
// report: not a sleep in a test (test timing), and not a short constant
// sleep in a loop that observes ctx every time round (itself, or through
// a call given ctx whose error leaves the loop), or in a program
// (package main).
func actionableSleep(pass *analysis.Pass, ix *funcs.Index, m *model.Model, stack []ast.Node, call *ast.CallExpr, ctx *types.Var) bool {
	if posfmt.InTest(pass.Fset, call.Pos()) {
		return false // test timing, fixed or a fake's configured delay
	}
	if uncancellable(pass.TypesInfo, stack) {
		return false
	}
	if len(call.Args) != 1 {
		return true
	}
	tv := pass.TypesInfo.Types[call.Args[0]]
	if tv.Value == nil {
		return true
	}
	d, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return true
	}
	if time.Duration(d) > shortSleep {
		return true
	}
	if pass.Pkg.Name() == "main" {
		// A program's own pacing: its ctx is its own (a signal, a
		// timeout), with no caller whose cancellation the sleep
		// ignores, and it reacts within the second.
		return false
	}
	loop := innermostLoop(stack)
	return loop == nil || !observesCancel(ix, m, loop) && !polls(pass.TypesInfo, ix, m, stack, loop, ctx)
}

// uncancellable reports whether the node on top of stack runs only when
// ctx cannot be cancelled: in the body of if ctx.Done() == nil, or after
// an if ctx.Done() != nil (or done := ctx.Done(); done != nil) whose body
// always leaves (a select on done and a timer that returns or continues).
func uncancellable(info *types.Info, stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if stack[i+1] == p.Body && doneIsNil(info, p, token.EQL) {
				return true
			}
		case *ast.BlockStmt:
			for _, st := range p.List {
				if st == stack[i+1] {
					break
				}
				if ifs, ok := st.(*ast.IfStmt); ok && ifs.Else == nil && doneIsNil(info, ifs, token.NEQ) && leaves(ifs.Body.List) {
					return true
				}
			}
		}
	}
	return false
}

// doneIsNil reports whether the if's condition compares a context's Done
// channel (ctx.Done(), or a variable its Init assigns it to) with nil by
// op.
func doneIsNil(info *types.Info, ifs *ast.IfStmt, op token.Token) bool {
	be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != op {
		return false
	}
	x := be.X
	if id, ok := ast.Unparen(be.X).(*ast.Ident); ok && id.Name == "nil" {
		x = be.Y
	} else if id, ok := ast.Unparen(be.Y).(*ast.Ident); !ok || id.Name != "nil" {
		return false
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		as, ok := ifs.Init.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || info.ObjectOf(id) != info.ObjectOf(identOf(as.Lhs[0])) {
			return false
		}
		x = as.Rhs[0]
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done" && model.IsContext(info.TypeOf(sel.X))
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// leaves reports whether a statement list always leaves the enclosing
// loop iteration or function: it ends in a return, a continue, or a
// select whose every clause ends in one.
func leaves(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch st := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.CONTINUE
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			if cc, ok := c.(*ast.CommClause); !ok || !leaves(cc.Body) {
				return false
			}
		}
		return len(st.Body.List) > 0
	}
	return false
}

// observesCancel reports whether a loop (its condition or body, outside
// nested function literals) calls something that observes cancellation:
// ctx.Done(), ctx.Err().
func observesCancel(ix *funcs.Index, m *model.Model, loop ast.Node) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			_, obj := ix.Callee(n)
			if e, ok := m.Lookup(obj); ok && e.Is(model.ObservesCancel) {
				found = true
			}
		}
		return !found
	})
	return found
}

// sleepFix turns the statement time.Sleep(d) into a select that waits
// for d or for ctx, whichever comes first, and leaves the function when
// ctx is done: return ctx.Err() where the function returns just an
// error, a bare return where it returns nothing. Elsewhere there is no
// sound way out to write for the author, and no fix.
func sleepFix(pass *analysis.Pass, stack []ast.Node, call *ast.CallExpr, ctx *types.Var) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if len(stack) < 2 || !ok || len(call.Args) != 1 {
		return nil
	}
	stmt, ok := stack[len(stack)-2].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	if _, ok := pass.TypesInfo.Uses[pkg].(*types.PkgName); !ok {
		return nil
	}
	ret := leaveStmt(pass, stack, ctx)
	if ret == "" {
		return nil
	}
	// gofmt'd code indents with tabs: the statement's column says how many.
	indent := strings.Repeat("\t", pass.Fset.Position(stmt.Pos()).Column-1)
	text := fmt.Sprintf("select {\n%scase <-%s.Done():\n%s\t%s\n%scase <-%s.After(%s):\n%s}",
		indent, ctx.Name(), indent, ret, indent, pkg.Name, types.ExprString(call.Args[0]), indent)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Wait for %s or %s.Done(), and %s when it is done", types.ExprString(call.Args[0]), ctx.Name(), ret),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}}
}

// leaveStmt returns the statement that leaves the innermost function of
// stack when ctx is done, or "".
func leaveStmt(pass *analysis.Pass, stack []ast.Node, ctx *types.Var) string {
	var sig *types.Signature
	for i := len(stack) - 1; i >= 0 && sig == nil; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			if obj, ok := pass.TypesInfo.Defs[f.Name].(*types.Func); ok {
				sig = obj.Signature()
			}
		case *ast.FuncLit:
			sig, _ = pass.TypesInfo.TypeOf(f).(*types.Signature)
		}
		if sig == nil && (isFunc(stack[i])) {
			return ""
		}
	}
	if sig == nil {
		return ""
	}
	switch res := sig.Results(); {
	case res.Len() == 0:
		return "return"
	case res.Len() == 1 && types.Identical(res.At(0).Type(), types.Universe.Lookup("error").Type()):
		return "return " + ctx.Name() + ".Err()"
	}
	return ""
}

func isFunc(n ast.Node) bool {
	switch n.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		return true
	}
	return false
}
