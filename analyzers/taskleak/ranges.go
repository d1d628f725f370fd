package taskleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/loops"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
	"github.com/asynclint/asynclint/passes/tasks"
)

// A range over a channel ends only when the channel is closed. When the
// two sides are a function and a goroutine it starts, on a channel the
// function makes, a path that skips the close leaves the ranging side
// waiting forever:
//
//   - the goroutine ranges, the function sends and closes, but returns
//     early on some path without closing: the goroutine leaks;
//   - the function ranges, the goroutine sends and closes, but returns
//     early on some path without closing: the function hangs;
//   - either side ranges and nothing closes the channel at all.
//
// The channel must stay in view for the verdict to hold: made here with
// :=, and used only by the function and by its go statements' literals,
// for sends, receives, ranges, close, len and cap. Passed, stored,
// returned or captured by any other literal, it escapes, and it is not
// reported. A range whose body can leave the loop (return, break) is not
// waiting for the close.

// rangeUse records how a local channel variable is used.
type rangeUse struct {
	v       *types.Var
	mk      *ast.CallExpr // the make
	escapes bool
	// Ranges over the channel outside a select: in the function itself,
	// and in each go statement's literal.
	ownRange *ast.RangeStmt
	goRanges map[*ast.GoStmt]*ast.RangeStmt
	// Closes: by the function itself, and by each go statement's literal.
	ownCloses, ownDeferred bool
	closeAt                []token.Pos
	goCloses               map[*ast.GoStmt]bool
	sends                  bool
	// Bare receives by the function itself (not in a select), and the
	// sends of each go statement's literal.
	ownRecvs []*ast.UnaryExpr
	ownSends bool
	// ownRepeats: a send of the function's own in a select or a loop (a
	// protocol of several values, not a one-time signal).
	ownRepeats bool
	goSends    map[*ast.GoStmt]bool
	goRecvs    map[*ast.GoStmt]*ast.UnaryExpr
}

func checkRanges(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, spawns []*tasks.Spawn, prog func() *refs.Program) {
	for _, u := range rangeUses(pass, fn, spawns) {
		reportRange(pass, cfgs, fn, u, prog)
		reportReply(pass, fn, u, prog)
		reportUntaken(pass, cfgs, fn, u)
		reportSignal(pass, cfgs, fn, u)
	}
}

// rangeUses classifies every use of the channels fn makes, in fn and in
// its go statements' literals; nil when none stays in view.
func rangeUses(pass *analysis.Pass, fn *funcs.Func, spawns []*tasks.Spawn) []*rangeUse {
	info := pass.TypesInfo
	chans := make(map[*types.Var]*rangeUse)
	for v, mk := range madeChans(info, fn.Body, false) {
		chans[v] = &rangeUse{v: v, mk: mk, goRanges: make(map[*ast.GoStmt]*ast.RangeStmt), goCloses: make(map[*ast.GoStmt]bool),
			goSends: make(map[*ast.GoStmt]bool), goRecvs: make(map[*ast.GoStmt]*ast.UnaryExpr)}
	}
	if len(chans) == 0 {
		return nil
	}
	goOf := goLiterals(fn, spawns, true)
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		u := chans[usedVar(info, id)]
		if u == nil || len(stack) == 0 {
			return true
		}
		g, inSel, ok := useSite(stack, goOf)
		if !ok {
			u.escapes = true // another literal, or a go inside a literal
			return true
		}
		if !u.note(info, id, stack, g, inSel) {
			u.escapes = true
		}
		return true
	})

	var out []*rangeUse
	for _, u := range chans {
		if !u.escapes {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b *rangeUse) int { return int(a.v.Pos() - b.v.Pos()) })
	return out
}

// note records the use id (with ancestors stack, in the goroutine g, or
// the function itself for nil) of u's channel, and reports whether it is
// one that keeps the channel in view.
func (u *rangeUse) note(info *types.Info, id *ast.Ident, stack []ast.Node, g *ast.GoStmt, inSel bool) bool {
	switch p := stack[len(stack)-1].(type) {
	case *ast.RangeStmt:
		if p.X == id && !inSel {
			if g == nil {
				u.ownRange = p
			} else {
				u.goRanges[g] = p
			}
			return true
		}
	case *ast.SendStmt:
		if p.Chan == id {
			u.sends = true
			if g == nil {
				u.ownSends = true
				u.ownRepeats = u.ownRepeats || inSel || loopOnStack(stack)
			} else {
				u.goSends[g] = true
			}
			return true
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			if g == nil && !inSel {
				u.ownRecvs = append(u.ownRecvs, p)
			} else if g != nil && !inGoSelect(stack) {
				u.goRecvs[g] = p
			}
			return true
		}
	case *ast.CallExpr:
		if name := builtinName(info, p); name == "len" || name == "cap" {
			return true
		} else if name == "close" {
			if g == nil {
				u.ownCloses = true
				u.closeAt = append(u.closeAt, p.Lparen)
				if len(stack) > 1 {
					if _, ok := stack[len(stack)-2].(*ast.DeferStmt); ok {
						u.ownDeferred = true
					}
				}
			} else {
				u.goCloses[g] = true
			}
			return true
		}
	}
	return false
}

// useSite says which goroutine a use with ancestors stack is in (nil
// for the function itself) and whether it is in a select of the
// function; ok is false when it is in another literal, or in a go
// statement inside a literal.
func useSite(stack []ast.Node, goOf map[*ast.FuncLit]*ast.GoStmt) (g *ast.GoStmt, inSel, ok bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, isLit := stack[i].(*ast.FuncLit); isLit {
			if g = goOf[lit]; g == nil || i > 0 && enclosingLit(stack[:i]) {
				return nil, false, false
			}
			break
		}
		if _, isSel := stack[i].(*ast.SelectStmt); isSel && g == nil {
			inSel = true
		}
	}
	return g, inSel, true
}

// reportRange reports the ranges over u's channel that never end.
func reportRange(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, u *rangeUse, prog func() *refs.Program) {
	info := pass.TypesInfo
	closers := len(u.goCloses)
	if u.ownCloses {
		closers++
	}
	// The goroutine ranges; the function is the only closer.
	for g, r := range u.goRanges {
		if !loops.Endless(info, r.Body) {
			continue
		}
		switch {
		case closers == 0 && u.sends && !isMain(fn) && returnsAfter(pass, cfgs, fn, u.v, g):
			pass.Reportf(g.Go, "goroutine ranges over %s (line %d), which nothing closes: it never ends; close %s after the last send",
				u.v.Name(), line(pass, r.For), u.v.Name())
		case closers == 1 && u.ownCloses && !u.ownDeferred && !closedBefore(prog, u.closeAt, g):
			g2, sig := funcCFG(pass, cfgs, fn.Node)
			if g2 == nil {
				continue
			}
			if ret := flow.UnusedPath(info, g2, u.v, g, sig, closesUse(info)); ret != nil {
				pass.Reportf(g.Go, "goroutine ranges over %s (line %d) and never ends if the function returns at line %d without closing %s; close it on every path (defer close(%s))",
					u.v.Name(), line(pass, r.For), line(pass, ret.Pos()), u.v.Name(), u.v.Name())
			}
		}
	}
	// The function ranges; one goroutine is the only closer.
	if r := u.ownRange; r != nil && loops.Endless(info, r.Body) {
		switch {
		case closers == 0 && u.sends && len(u.goRanges) == 0:
			pass.Reportf(r.For, "range over %s never ends: nothing closes %s; close it after the last send", u.v.Name(), u.v.Name())
		case closers == 1 && !u.ownCloses:
			for g := range u.goCloses {
				lit := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
				g2, _ := funcCFG(pass, cfgs, lit)
				if g2 == nil {
					continue
				}
				if ret := flow.PathWithout(g2, nil, signals(info)); ret != nil {
					pass.Reportf(g.Go, "the range over %s at line %d never ends if this goroutine returns at line %d without closing %s; close it on every path (defer close(%s))",
						u.v.Name(), line(pass, r.For), line(pass, ret.Pos()), u.v.Name(), u.v.Name())
				}
			}
		}
	}
}

// reportReply reports a reply that may never come: the function
// receives once from u's channel, and the one goroutine that sends on it
// (started once, not in a loop) may return without sending or closing.
func reportReply(pass *analysis.Pass, fn *funcs.Func, u *rangeUse, prog func() *refs.Program) {
	if len(u.ownRecvs) != 1 || u.ownRange != nil || u.ownSends || u.ownCloses || len(u.goRanges) > 0 || len(u.goSends) != 1 {
		return
	}
	recv := u.ownRecvs[0]
	if lenGuarded(pass.TypesInfo, fn.Body, recv, u.v) {
		return // if len(ch) > 0 { <-ch }: the value is there
	}
	for g := range u.goSends {
		if len(u.goCloses) > 0 || inLoop(fn.Body, g) || inLoop(fn.Body, recv) {
			return
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok {
			return
		}
		sfn := prog().Func(lit)
		if sfn == nil {
			return
		}
		later := func(ret token.Pos) bool { return signalledAfter(pass.TypesInfo, fn.Body, lit, ret, recv) }
		if ret := silentReturn(sfn, later); ret.IsValid() {
			pass.Reportf(g.Go, "the receive from %s at line %d waits forever if this goroutine returns at line %d without sending on %s or closing it; send on every path, or close %s",
				u.v.Name(), line(pass, recv.OpPos), line(pass, ret), u.v.Name(), u.v.Name())
		}
	}
}

// reportUntaken reports a reply nobody takes: the one goroutine that
// sends on u's channel, an unbuffered one, sends once outside a select
// and a loop, and
// the function, the only receiver, can return after starting it without
// receiving (an early error return before <-errCh): the send blocks
// forever.
func reportUntaken(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, u *rangeUse) {
	if len(u.goSends) != 1 || len(u.goRecvs) > 0 || len(u.goCloses) > 0 || len(u.goRanges) > 0 || u.ownSends || u.ownCloses || isMain(fn) {
		return
	}
	if len(u.ownRecvs) == 0 || u.ownRange != nil || u.mk == nil || !model.UnbufferedMake(pass.TypesInfo, u.mk) {
		return
	}
	for g := range u.goSends {
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || inLoop(fn.Body, g) {
			return
		}
		send := bareSend(lit.Body, pass.TypesInfo, u.v)
		if send == nil || inLoop(lit.Body, send) {
			return // a protocol of several values: not one reply
		}
		g2, sig := funcCFG(pass, cfgs, fn.Node)
		if g2 == nil {
			return
		}
		if ret := flow.UnusedPath(pass.TypesInfo, g2, u.v, g, sig, receivesUse); ret != nil {
			pass.Reportf(g.Go, "the goroutine started here blocks forever on its send on %s (line %d) when the function returns at line %d without receiving from it; make %s buffered (make(%s, 1)), or receive on every path",
				u.v.Name(), line(pass, send.Arrow), line(pass, ret.Pos()), u.v.Name(), types.TypeString(u.v.Type(), types.RelativeTo(pass.Pkg)))
		}
	}
}

// receivesUse counts a receive from the variable (bare, in a select or a
// range) as the use a path must meet.
func receivesUse(id *ast.Ident, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.RangeStmt:
		return p.X == id
	}
	return false
}

// bareSend returns a send on v in body outside a select and a nested
// literal, or nil.
func bareSend(body *ast.BlockStmt, info *types.Info, v *types.Var) *ast.SendStmt {
	var out *ast.SendStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.SelectStmt:
			return false
		case *ast.SendStmt:
			if id, ok := ast.Unparen(n.Chan).(*ast.Ident); ok && info.Uses[id] == v && out == nil {
				out = n
			}
		}
		return out == nil
	})
	return out
}

// signalledAfter reports whether the return at ret, in the goroutine's
// literal lit, is the clause of a select case receiving from a channel
// of the function (case <-stop: return) that only the function itself
// closes or sends on, after its receive recv: the goroutine returns there
// only once the function has its value.
func signalledAfter(info *types.Info, body *ast.BlockStmt, lit *ast.FuncLit, ret token.Pos, recv ast.Node) bool {
	var stop *types.Var
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CommClause)
		if !ok || stop != nil {
			return stop == nil
		}
		if len(cc.Body) == 0 || cc.Body[0].Pos() != ret {
			return true
		}
		if id, ok := ast.Unparen(model.RecvChan(cc.Comm)).(*ast.Ident); ok {
			stop, _ = info.Uses[id].(*types.Var)
		}
		return false
	})
	if stop == nil || stop.Parent() == nil || !(body.Pos() <= stop.Pos() && stop.Pos() < body.End()) {
		return false
	}
	signalled, early := false, false
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != stop || len(stack) == 0 {
			return true
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.CallExpr:
			if builtinName(info, p) == "close" {
				signalled = true
				early = early || p.Pos() < recv.End() || inLit(stack)
			}
		case *ast.SendStmt:
			if p.Chan == id {
				signalled = true
				early = early || p.Pos() < recv.End() || inLit(stack)
			}
		}
		return true
	})
	return signalled && !early
}

// inLit reports whether a node with ancestors stack is in a function
// literal.
func inLit(stack []ast.Node) bool {
	return slices.ContainsFunc(stack, func(n ast.Node) bool { _, ok := n.(*ast.FuncLit); return ok })
}

// silentReturn returns the position of a return statement of fn that a
// path from its entry reaches without a send, a select that may send or
// a close: an early return that tells nobody (unless skip says the
// function has its value by then). The end of the function does not
// count (a loop the CFG may skip, for _ := range twoPorts).
func silentReturn(fn *ssa.Function, skip func(token.Pos) bool) token.Pos {
	if len(fn.Blocks) == 0 {
		return token.NoPos
	}
	signals := func(b *ssa.BasicBlock) bool {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Send:
				return true
			case *ssa.Select:
				for _, st := range x.States {
					if st.Dir == types.SendOnly {
						return true
					}
				}
			case *ssa.Call:
				if bi, ok := x.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] || signals(b) {
			continue
		}
		seen[b] = true
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && ret.Pos().IsValid() && !skip(ret.Pos()) {
			return ret.Pos()
		}
		stack = append(stack, b.Succs...)
	}
	return token.NoPos
}

// lenGuarded reports whether recv, a receive from v in body, is under an
// if or for whose condition reads len(v).
func lenGuarded(info *types.Info, body *ast.BlockStmt, recv ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() > recv.Pos() || n.End() < recv.End() {
			return false
		}
		var cond ast.Expr
		var in ast.Node
		switch x := n.(type) {
		case *ast.IfStmt:
			cond, in = x.Cond, x.Body
		case *ast.ForStmt:
			cond, in = x.Cond, x.Body
		case *ast.FuncLit:
			return false
		}
		if cond != nil && in.Pos() <= recv.Pos() && recv.End() <= in.End() {
			ast.Inspect(cond, func(c ast.Node) bool {
				if call, ok := c.(*ast.CallExpr); ok && builtinName(info, call) == "len" && len(call.Args) == 1 {
					if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && info.Uses[id] == v {
						found = true
					}
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// reportSignal reports a goroutine that waits, in a bare receive, for a
// signal only the function gives (a send or a close), when the function
// can return after starting it without giving it: a start signal
// skipped by an early error return.
func reportSignal(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, u *rangeUse) {
	if len(u.goRecvs) != 1 || len(u.goSends) > 0 || len(u.goCloses) > 0 || len(u.goRanges) > 0 || len(u.ownRecvs) > 0 || u.ownRange != nil {
		return
	}
	if !u.ownSends && !u.ownCloses || u.ownDeferred || u.ownRepeats || isMain(fn) {
		return
	}
	for g, recv := range u.goRecvs {
		// One go statement and one wait: a receive in a loop of the
		// goroutine counts values the function may send in a loop too.
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || inLoop(fn.Body, g) || inLoop(lit.Body, recv) {
			return
		}
		g2, sig := funcCFG(pass, cfgs, fn.Node)
		if g2 == nil {
			return
		}
		if ret := flow.UnusedPath(pass.TypesInfo, g2, u.v, g, sig, signalsUse(pass.TypesInfo)); ret != nil {
			pass.Reportf(g.Go, "goroutine waits at line %d for a send on %s or its close, which the function skips when it returns at line %d; close %s on every path (defer close(%s))",
				line(pass, recv.OpPos), u.v.Name(), line(pass, ret.Pos()), u.v.Name(), u.v.Name())
		}
	}
}

// signalsUse counts a send on the variable or its close as the use a
// path must meet.
func signalsUse(info *types.Info) flow.Use {
	return func(id *ast.Ident, stack []ast.Node) bool {
		if len(stack) == 0 {
			return false
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.CallExpr:
			return builtinName(info, p) == "close"
		case *ast.SendStmt:
			return p.Chan == id
		}
		return false
	}
}

// loopOnStack reports whether a use, with ancestors stack, is in a for
// or range statement of its function.
func loopOnStack(stack []ast.Node) bool {
	return inOwnFunc(stack, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
		return false
	})
}

// inGoSelect reports whether a use, with ancestors stack, is in a select
// of the go statement's literal it is in.
func inGoSelect(stack []ast.Node) bool {
	return inOwnFunc(stack, func(n ast.Node) bool { _, ok := n.(*ast.SelectStmt); return ok })
}

// inOwnFunc reports whether an ancestor on stack, inside the innermost
// function literal, matches.
func inOwnFunc(stack []ast.Node, match func(ast.Node) bool) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, lit := stack[i].(*ast.FuncLit); lit {
			return false
		}
		if match(stack[i]) {
			return true
		}
	}
	return false
}

// inLoop reports whether n is inside a for or range statement of body
// (not counting function literals).
func inLoop(body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.PreorderStack(body, nil, func(x ast.Node, stack []ast.Node) bool {
		if found || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		if x != n {
			return true
		}
		for _, s := range stack {
			switch s.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				found = true
			case *ast.FuncLit:
				found = false
			}
		}
		return false
	})
	return found
}

// closedBefore reports whether one of the closes at closeAt runs before
// the go statement g on every path: the goroutine's range then drains
// the buffer and ends.
func closedBefore(prog func() *refs.Program, closeAt []token.Pos, g *ast.GoStmt) bool {
	p := prog()
	goInstr := p.CallAt(g.Go)
	if goInstr == nil {
		return false
	}
	for _, pos := range closeAt {
		cl := p.CallAt(pos)
		if cl == nil || cl.Parent() != goInstr.Parent() {
			continue
		}
		cb, gb := cl.Block(), goInstr.Block()
		if cb == gb && indexOf(cb, cl) < indexOf(gb, goInstr) || cb != gb && cb.Dominates(gb) {
			return true
		}
	}
	return false
}

// returnsAfter reports whether fn can return after the go statement g.
func returnsAfter(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, v *types.Var, g *ast.GoStmt) bool {
	g2, sig := funcCFG(pass, cfgs, fn.Node)
	never := func(*ast.Ident, []ast.Node) bool { return false }
	return g2 != nil && flow.UnusedPath(pass.TypesInfo, g2, v, g, sig, never) != nil
}

// signals reports whether a CFG node closes a channel or sends on one:
// on a path that does, the goroutine may be telling its starter that it
// gives up (errs <- err; return), and the starter may never reach its
// range. Precision first: only a path that returns in silence counts.
func signals(info *types.Info) func(ast.Node) bool {
	return func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SendStmt:
				found = true
			case *ast.CallExpr:
				if builtinName(info, m) == "close" {
					found = true
				}
			}
			return !found
		})
		return found
	}
}

// closesUse counts close(ch) as the use that a path must meet.
func closesUse(info *types.Info) flow.Use {
	return func(id *ast.Ident, stack []ast.Node) bool {
		if len(stack) == 0 {
			return false
		}
		call, ok := stack[len(stack)-1].(*ast.CallExpr)
		return ok && builtinName(info, call) == "close"
	}
}

func funcCFG(pass *analysis.Pass, cfgs *graphs, n ast.Node) (*cfg.CFG, *types.Signature) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		sig, _ := pass.TypesInfo.Defs[n.Name].Type().(*types.Signature)
		return cfgs.FuncDecl(n), sig
	case *ast.FuncLit:
		sig, _ := pass.TypesInfo.TypeOf(n).(*types.Signature)
		return cfgs.FuncLit(n), sig
	}
	return nil, nil
}

func usedVar(info *types.Info, id *ast.Ident) *types.Var {
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// enclosingLit reports whether a stack holds a function literal.
func enclosingLit(stack []ast.Node) bool {
	for _, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// builtinName returns the name of the builtin call calls, or "": the
// universe's builtin, by identity, not a function that shadows its name.
func builtinName(info *types.Info, call *ast.CallExpr) string {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return ""
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok || types.Universe.Lookup(b.Name()) != types.Object(b) {
		return ""
	}
	return b.Name()
}

// isMain reports whether fn is a program's main function, whose
// goroutines end with the program.
func isMain(fn *funcs.Func) bool {
	return fn != nil && fn.Obj != nil && fn.Obj.Name() == "main" && fn.Obj.Pkg() != nil && fn.Obj.Pkg().Name() == "main" &&
		fn.Obj.Signature().Recv() == nil
}

func line(pass *analysis.Pass, pos token.Pos) int { return pass.Fset.Position(pos).Line }
