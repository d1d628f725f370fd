package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// rawWait reports, with ctx in scope, the two channel waits that ignore
// it beyond doubt: a receive from time.After alone, which is a sleep
// (and is reported as time.Sleep is), and a send on a channel the
// function was given, outside a select. The receiver of such a channel
// is typically a caller that stops receiving when ctx is done; the send
// then blocks forever: the abandoned sender of the Go bug studies, one
// call away.
//
// Other raw waits are left alone: a receive from a channel the function
// was given usually ends when its producer closes it, and a send or a
// receive on a channel the function made is paired with a goroutine in
// view, which taskleak looks at.
func rawWait(pass *analysis.Pass, ix *funcs.Index, m *model.Model, n ast.Node, stack []ast.Node, ctx *types.Var) {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op != token.ARROW || inSelectCase(stack) {
			return
		}
		call, ok := ast.Unparen(n.X).(*ast.CallExpr)
		if !ok {
			return
		}
		_, obj := ix.Callee(call)
		// As a sleep is: not in a test, nor a short pause in a loop
		// that observes ctx every time round (or polls a call given it).
		if e, ok := m.Lookup(obj); ok && e.Is(model.Timer) && actionableSleep(pass, ix, m, stack, call, ctx) {
			pass.ReportRangef(n, "receiving from %s alone is a sleep that ignores %s: the wait cannot be cancelled; select on %s.Done() too",
				model.Name(obj, pass.Pkg), describe(pass, ctx), ctx.Name())
		}
	case *ast.SendStmt:
		if inSelectCase(stack) {
			return
		}
		id, ok := ast.Unparen(n.Chan).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || !isParamOf(ix, stack, v) || keptUp(pass, n) {
			return
		}
		pass.ReportRangef(n, "send on %s, a channel the function was given, ignores %s: if the receiver stops when %s is done, the send blocks forever; select on %s.Done() too",
			id.Name, describe(pass, ctx), ctx.Name(), ctx.Name())
	}
}

// keptUp reports whether the channel of send, as the package's channel
// flow knows it (no code outside the package uses it), is received from
// only by receives and ranges that no select can end early, or has room
// for the send: whatever ctx does, the values are taken, and the send
// does not block forever (a fan-in whose collector drains one result per
// goroutine it started: for received != issued { r := <-results }).
func keptUp(pass *analysis.Pass, send *ast.SendStmt) bool {
	cf := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	for _, instr := range cf.Program().InstrsAt(send.Arrow) {
		s, ok := instr.(*ssa.Send)
		if !ok {
			continue
		}
		c := cf.ChanOf(s.Chan)
		if c == nil || c.Open {
			return false
		}
		for _, op := range c.Ops {
			if op.Instr == instr {
				if cf.Room(op) {
					return true
				}
			}
		}
		received := false
		for _, op := range c.Ops {
			switch op.Kind {
			case chanflow.Recv:
				if op.Select != nil {
					return false
				}
				received = true
			case chanflow.Range:
				received = true
			}
		}
		return received
	}
	return false
}

// inSelectCase reports whether the innermost statement of stack is the
// communication of a select case.
func inSelectCase(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.CommClause:
			return true
		case ast.Stmt:
			if i > 0 {
				if cc, ok := stack[i-1].(*ast.CommClause); ok && cc.Comm == s {
					return true
				}
			}
			return false
		}
	}
	return false
}

// isParamOf reports whether v is a parameter of the innermost function
// of stack.
func isParamOf(ix *funcs.Index, stack []ast.Node, v *types.Var) bool {
	fn := ix.Of(funcs.Innermost(stack))
	if fn == nil {
		return false
	}
	for _, field := range fn.Type.Params.List {
		for _, name := range field.Names {
			if name.Pos() == v.Pos() {
				return true
			}
		}
	}
	return false
}
