package nocancel

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// Stop and done channels play the role of ctx.Done(): a goroutine that
// watches one in a select, and then blocks in a bare send that the
// receiving side abandons when it leaves on its own stop case, cannot be
// stopped there. The proof is the channel flow's (chanflow.Abandoned):
// every receive of the channel is a select case with a case that leaves.
func checkWatchedSends(pass *analysis.Pass, flows *chanflow.Result) {
	for _, c := range flows.Chans() {
		if c.Open {
			continue
		}
		for _, op := range c.Ops {
			if op.Kind != chanflow.Send {
				continue
			}
			l := flows.Abandoned(op)
			if l == nil {
				continue
			}
			w := flows.Watches(op.Fn, c)
			if w == nil {
				continue // taskleak's: the sender watches nothing
			}
			pass.Reportf(op.Pos, "send on %s cannot be cancelled: its receiver leaves by %s (%s) and never takes the value, and this goroutine watches %s only at line %d; send in a select with that case",
				c.Display(), l.Comm, where(pass, l.Case.Case), watched(pass, w), line(pass, w.Pos))
		}
	}
}

// watched names the channel a watching receive waits on, as written.
func watched(pass *analysis.Pass, op *chanflow.Op) string {
	for _, f := range pass.Files {
		if f.Pos() <= op.Pos && op.Pos < f.End() {
			var out string
			ast.Inspect(f, func(n ast.Node) bool {
				if u, ok := n.(*ast.UnaryExpr); ok && u.OpPos == op.Pos {
					out = types.ExprString(u)
				}
				return out == ""
			})
			if out != "" {
				return out
			}
		}
	}
	return "a stop signal"
}

// checkStoredCancels reports a cancel func stored in an unexported field
// that nothing in the package ever reads: it is never called, and the
// context it cancels (and every goroutine waiting on its Done) lives
// forever. This is vet's lostcancel across a field.
func checkStoredCancels(pass *analysis.Pass, prog *refs.Program) {
	stored := make(map[string]*ssa.Store)
	var order []string
	read := make(map[string]bool)
	for _, fn := range prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Store:
					if !model.IsCancelFunc(in.Val.Type()) {
						continue
					}
					fa, ok := in.Addr.(*ssa.FieldAddr)
					if !ok || fieldOf(fa).Exported() {
						continue
					}
					cls := prog.Of(fa).Class
					if cls != "" && stored[cls] == nil && !usedBesidesStores(in.Val) {
						stored[cls] = in
						order = append(order, cls)
					}
				case *ssa.UnOp:
					if in.Op == token.MUL && model.IsCancelFunc(in.Type()) {
						if cls := prog.Of(in.X).Class; cls != "" {
							read[cls] = true
						}
					}
				case *ssa.Field:
					if model.IsCancelFunc(in.Type()) {
						read[prog.Of(in).Class] = true
						read[fieldClass(in)] = true
					}
				}
			}
		}
	}
	for _, cls := range order {
		if read[cls] {
			continue
		}
		st := stored[cls]
		pos := cancelMade(st.Val)
		if !pos.IsValid() {
			pos = st.Pos()
		}
		name := chanflow.ShortName(cls)
		pass.Reportf(pos, "the cancel func stored in %s is never called: nothing in the package reads the field, so the context is never cancelled and whatever waits on its Done runs forever; call it when the owner closes",
			name)
	}
}

// usedBesidesStores reports whether the cancel func v is used other than
// by being stored in fields: called, deferred, captured by a closure,
// passed on. The field then holds a copy, and the context is cancelled
// through the other use (etcd's pipe stream stores both cancel funcs and
// its goroutine calls them directly).
func usedBesidesStores(v ssa.Value) bool {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, local := load.X.(*ssa.Alloc); local {
			v = load.X // a variable: any other load of it is another use
		}
	}
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if _, field := r.Addr.(*ssa.FieldAddr); field && r.Val == v {
				continue
			}
			if r.Addr == v {
				continue // a store into the variable
			}
		case *ssa.UnOp:
			if r.Op == token.MUL && r.X == v && onlyStoredInFields(r) {
				continue
			}
		case *ssa.DebugRef:
			continue
		}
		return true
	}
	return false
}

// onlyStoredInFields reports whether every use of the load is a store of
// it into a field.
func onlyStoredInFields(load *ssa.UnOp) bool {
	for _, r := range *load.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Store:
			if _, field := r.Addr.(*ssa.FieldAddr); field && r.Val == ssa.Value(load) {
				continue
			}
		}
		return false
	}
	return true
}

// hasCancelField reports whether the package declares a struct field
// of a cancel func type: the cheap gate before the SSA form is built.
func hasCancelField(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Defs {
		if v, ok := obj.(*types.Var); ok && v.IsField() && !v.Exported() && model.IsCancelFunc(v.Type()) {
			return true
		}
	}
	return false
}

func fieldOf(fa *ssa.FieldAddr) *types.Var {
	t := fa.X.Type().Underlying().(*types.Pointer).Elem()
	return t.Underlying().(*types.Struct).Field(fa.Field)
}

// fieldClass is the class of a field read from a struct value.
func fieldClass(f *ssa.Field) string {
	n, ok := types.Unalias(f.X.Type()).(*types.Named)
	if !ok {
		return ""
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	return "(" + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")." + st.Field(f.Field).Name()
}

// cancelMade returns where the cancel func v was made: the call that
// returned it.
func cancelMade(v ssa.Value) token.Pos {
	if e, ok := v.(*ssa.Extract); ok {
		if c, ok := e.Tuple.(*ssa.Call); ok {
			return c.Pos()
		}
	}
	return token.NoPos
}

// checkTimerDrains reports the timer stop-and-drain idiom,
// if !t.Stop() { <-t.C }, in a loop that also receives from t.C before
// it: when the timer fired and the loop took its value, Stop reports
// false and the drain waits for a value that never comes.
func checkTimerDrains(pass *analysis.Pass) {
	info := pass.TypesInfo
	for _, f := range pass.Files {
		ast.PreorderStack(f, nil, func(n ast.Node, stack []ast.Node) bool {
			ifs, ok := n.(*ast.IfStmt)
			if !ok || ifs.Init != nil || len(ifs.Body.List) != 1 {
				return true
			}
			not, ok := ast.Unparen(ifs.Cond).(*ast.UnaryExpr)
			if !ok || not.Op != token.NOT {
				return true
			}
			call, ok := ast.Unparen(not.X).(*ast.CallExpr)
			if !ok {
				return true
			}
			timer, ok := model.TimerStop(info, call)
			if !ok {
				return true
			}
			drain := drainOf(info, ifs.Body.List[0], timer)
			loop := innermostLoop(stack)
			if drain == nil || loop == nil {
				return true
			}
			if prev := earlierRecv(info, loop, timer, ifs.Pos()); prev.IsValid() && takenAtStop(pass, prev, call) {
				pass.Reportf(drain.OpPos, "<-%s.C blocks forever when the receive at line %d already took the timer's value: Stop then reports false with nothing left to drain; remember that the timer fired, and drain only if it did not",
					types.ExprString(timer), line(pass, prev))
			}
			return true
		})
	}
}

// drainOf returns the bare receive <-t.C that s is, or nil.
func drainOf(info *types.Info, s ast.Stmt, timer ast.Expr) *ast.UnaryExpr {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	u, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	t, ok := model.TimerChan(info, u.X)
	if !ok || !sameVar(info, t, timer) {
		return nil
	}
	return u
}

func innermostLoop(stack []ast.Node) ast.Stmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n.(ast.Stmt)
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// earlierRecv returns the position of a receive from timer.C in loop
// before pos, or NoPos.
func earlierRecv(info *types.Info, loop ast.Stmt, timer ast.Expr, before token.Pos) token.Pos {
	found := token.NoPos
	ast.Inspect(loop, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		u, ok := n.(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || u.Pos() >= before || found.IsValid() {
			return !found.IsValid()
		}
		if t, ok := model.TimerChan(info, u.X); ok && sameVar(info, t, timer) {
			found = u.OpPos
		}
		return true
	})
	return found
}

// sameVar reports whether two expressions are the same variable or the
// same field of the same variable.
func sameVar(info *types.Info, a, b ast.Expr) bool {
	switch a := ast.Unparen(a).(type) {
	case *ast.Ident:
		b, ok := ast.Unparen(b).(*ast.Ident)
		return ok && info.ObjectOf(a) != nil && info.ObjectOf(a) == info.ObjectOf(b)
	case *ast.SelectorExpr:
		b, ok := ast.Unparen(b).(*ast.SelectorExpr)
		return ok && info.ObjectOf(a.Sel) == info.ObjectOf(b.Sel) && sameVar(info, a.X, b.X)
	}
	return false
}

func where(pass *analysis.Pass, pos token.Pos) string {
	p := pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func line(pass *analysis.Pass, pos token.Pos) int { return pass.Fset.Position(pos).Line }

// takenAtStop reports whether the value the receive at recv (its arrow)
// takes can still be taken when the Stop call runs: some path in the
// SSA form leads from the receive to the Stop without a Reset of the
// same timer (which arms it again: Stop then finds it running, or its
// new value in t.C), a return, or a call that never returns (t.Fatal).
// When the SSA form does not say, it reports true.
func takenAtStop(pass *analysis.Pass, recv token.Pos, stop *ast.CallExpr) bool {
	prog := pass.ResultOf[refs.Analyzer].(*refs.Info).SSA()
	stopCall, ok := prog.CallAt(stop.Lparen).(*ssa.Call)
	if !ok || len(stopCall.Call.Args) != 1 {
		return true
	}
	timer := stopCall.Call.Args[0]
	var start *ssa.BasicBlock
	from := 0
	for _, instr := range prog.InstrsAt(recv) {
		if in, ok := instr.(*ssa.UnOp); ok && in.Op == token.ARROW {
			start, from = in.Block(), indexIn(in.Block(), in)+1
		}
	}
	if start == nil { // a case of a select: its block
		for _, b := range stopCall.Parent().Blocks {
			for _, instr := range b.Instrs {
				sel, ok := instr.(*ssa.Select)
				if !ok {
					continue
				}
				for i, st := range sel.States {
					if st.Pos == recv {
						if cases := blocks.CaseBlocks(sel); i < len(cases) {
							start = cases[i]
						}
					}
				}
			}
		}
	}
	if start == nil || start.Parent() != stopCall.Parent() {
		return true
	}
	sameTimer := func(v ssa.Value) bool {
		return v == timer || refs.Same(prog.Of(v), prog.Of(timer))
	}
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock, from int) bool
	walk = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if instr == ssa.Instruction(stopCall) {
				return true
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil {
				continue
			}
			if callee.Name() == "Reset" && timerMethod(callee) && len(call.Call.Args) > 0 && sameTimer(call.Call.Args[0]) {
				return false // armed again
			}
			if f, ok := callee.Object().(*types.Func); ok {
				if e, known := model.Lookup(f); known && e.Is(model.Exits) {
					return false
				}
			}
		}
		for _, next := range b.Succs {
			if !seen[next] {
				seen[next] = true
				if walk(next, 0) {
					return true
				}
			}
		}
		return false
	}
	return walk(start, from)
}

// timerMethod reports whether fn is a method of *time.Timer.
func timerMethod(fn *ssa.Function) bool {
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	p, ok := recv.Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Timer"
}

func indexIn(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return len(b.Instrs)
}
