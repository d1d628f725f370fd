package chanflow

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// Early is the proof that a blocking send may wait forever because its
// receiver stops receiving while senders still have values to send:
// every receive of the channel takes fewer values than can be sent.
type Early struct {
	// Recv is a receive of the channel that stops early.
	Recv *Op
	// Exit is the return, break or goto that leaves the receiving loop
	// (token.NoPos when the receive is not in a loop: it takes one value).
	Exit token.Pos
	// How names the exit for messages: "return", "break", "goto".
	How string
}

// StopsEarly returns why the blocking send op may wait forever when the
// receiving side takes fewer values than the senders send, or nil. The
// send is bare; its channel is not open, and is unbuffered, or buffered
// and sent on in a loop (so the buffer fills). The fan-out is all in
// one function: it makes the channel once (not in a loop), starts every
// goroutine that sends on it, and does every receive, each bare (a case
// of a select is Abandoned's) and taking fewer values than can be sent.
// Two sends of one goroutine on two branches are one send. A close by
// that function (the senders panic instead) is chanclose's:
//
//   - several goroutines each send once (a go statement in a loop, or
//     more sends than the buffer holds), and the receive runs once, or in
//     a loop that a return or break can leave before it has taken them
//     all (the first error returned, the others' senders left blocked);
//   - one goroutine sends in a loop and closes the channel after it, so
//     its receiver is meant to stop at the close, and the receiving loop
//     can leave before (a return or break not taken on the close).
//
// A drain after the loop is another receive, which takes every value: the
// proof fails. An exit that ends in a call that never returns does not
// count.
func (r *Result) StopsEarly(op *Op) *Early {
	if op.Kind != Send || !bare(op) {
		return nil
	}
	c := r.ChanOf(op.Chan)
	if c == nil || c.Open || c.Roomy() {
		return nil
	}
	k, ok := c.Cap()
	if !ok {
		return nil
	}
	looped := InCycle(op.Instr.Block())
	if k > 0 && !(looped && r.sameEachIteration(op)) {
		return nil
	}
	// One make, not in a loop (a channel made in a loop is each
	// iteration's own), by the function that starts the senders and
	// receives: the fan-out is all in view.
	if len(c.Makes) != 1 || InCycle(c.Makes[0].Block()) {
		return nil
	}
	owner := c.Makes[0].Parent()
	f, ok := r.fanOut(c, op, owner)
	if !ok {
		return nil
	}
	oneShots := !looped && (f.many || len(f.starts) > 1)
	producer := looped && f.closedBySender && f.sends == 1
	if !oneShots && !producer {
		return nil
	}
	recvs, ok := r.ownerRecvs(c, owner)
	if !ok {
		return nil
	}
	var first *Early
	for _, rv := range recvs {
		e := r.early(rv, c, oneShots)
		if e == nil || e.Exit == token.NoPos && len(recvs) > 1 {
			return nil // two receives once each may take two values
		}
		if first == nil {
			first = e
		}
	}
	return first
}

// A fanOut is who sends on a channel, and how many times: several
// goroutines (a start in a loop, or two starts) each sending once, or
// one sending in a loop. Two sends of one goroutine on two branches are
// one send.
type fanOut struct {
	sends          int                      // the channel's sends
	starts         map[ssa.Instruction]bool // the starts of the goroutines that send
	many           bool                     // a sender is started in a loop
	closedBySender bool                     // op's function closes the channel
}

// fanOut returns the senders of c for StopsEarly, or false when a send
// is not bare or not all in view of owner, or the receiving side closes
// the channel.
func (r *Result) fanOut(c *Chan, op *Op, owner *ssa.Function) (fanOut, bool) {
	f := fanOut{starts: make(map[ssa.Instruction]bool)}
	for _, o := range c.Ops {
		switch o.Kind {
		case Send:
			if !bare(o) {
				return f, false
			}
			f.sends++
			for _, s := range r.RunBy(o.Fn) {
				if s.In != owner {
					return f, false // started elsewhere too: not all in view
				}
				f.starts[s.Instr] = true
				if InCycle(s.Instr.Block()) {
					f.many = true
				}
			}
			if len(r.RunBy(o.Fn)) == 0 {
				return f, false // a sender on the caller's goroutine: not a leak of a goroutine
			}
		case Close:
			if o.Fn == op.Fn {
				f.closedBySender = true
			} else if o.Fn == owner {
				return f, false // closed by its receiving side: the senders panic, chanclose's to report
			}
		}
	}
	return f, true
}

// ownerRecvs returns the receives of c, or false unless each is bare
// and by owner or by a goroutine owner starts once (a consumer beside
// the producer), and that function is not started as a goroutine in a
// loop.
func (r *Result) ownerRecvs(c *Chan, owner *ssa.Function) ([]*Op, bool) {
	var recvs []*Op
	for _, rv := range c.Ops {
		if rv.Kind != Recv && rv.Kind != Range {
			continue
		}
		if !bare(rv) || rv.Fn != owner && !r.startedOnceBy(rv.Fn, owner) && !returnedBy(rv.Chan, owner) {
			return nil, false
		}
		for _, s := range r.RunBy(rv.Fn) {
			if InCycle(s.Instr.Block()) {
				return nil, false // receivers started in a loop: one may take the rest
			}
		}
		recvs = append(recvs, rv)
	}
	return recvs, true
}

// returnedBy reports whether ch is the result of a call of owner: a
// generator that makes the channel, starts its producer and returns it
// (for v := range produce(n)), whose caller is the one receiver of the
// channel that call made.
func returnedBy(ch ssa.Value, owner *ssa.Function) bool {
	for {
		ct, ok := ch.(*ssa.ChangeType)
		if !ok {
			break
		}
		ch = ct.X
	}
	call, ok := ch.(*ssa.Call)
	return ok && call.Call.StaticCallee() == owner
}

// startedOnceBy reports whether fn runs only as the goroutine of one
// start, in owner.
func (r *Result) startedOnceBy(fn, owner *ssa.Function) bool {
	starts := r.RunBy(fn)
	return len(starts) == 1 && starts[0].In == owner
}

// early returns how the receive rv stops taking values from c early, or
// nil: it runs once, outside any loop of its function, when the senders
// are one-shot; or the loop it is in has an exit other than the end of
// the channel.
func (r *Result) early(rv *Op, c *Chan, oneShots bool) *Early {
	file := r.fileOf(rv.Pos)
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, rv.Pos, rv.Pos)
	var loop ast.Stmt
	for _, n := range path {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop == nil {
				loop = n.(ast.Stmt)
			}
		case *ast.FuncLit, *ast.FuncDecl:
			goto done
		}
	}
done:
	if loop == nil {
		if rv.Kind == Range || !oneShots || InCycle(rv.Instr.Block()) {
			return nil
		}
		return &Early{Recv: rv}
	}
	oks := r.okVars(loop, c)
	body := loopBody(loop)
	info := r.info()
	at, how := r.loopExit(body, nil, false, func(stack []ast.Node) bool { return !underOK(stack, oks, info) })
	if at == token.NoPos {
		return nil
	}
	exit := &Early{Recv: rv, Exit: at, How: how}
	if r.exitDead(body, exit.Exit) {
		return nil
	}
	return exit
}

// exitDead reports whether the statement list holding the exit at pos
// ends in a call that never returns before it (t.Fatal(err); return).
func (r *Result) exitDead(body *ast.BlockStmt, pos token.Pos) bool {
	dead := false
	ast.Inspect(body, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok || dead {
			return !dead
		}
		for i, s := range b.List {
			if s.Pos() == pos && i > 0 && r.endsInExit(b.List[:i]) {
				dead = true
			}
		}
		return true
	})
	return dead
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// okVars returns the variables that hold the ok of a comma-ok receive
// from c in loop: an exit under a condition on one is the close.
func (r *Result) okVars(loop ast.Stmt, c *Chan) map[types.Object]bool {
	info := r.info()
	oks := make(map[types.Object]bool)
	ast.Inspect(loop, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return true
		}
		u, ok := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			return true
		}
		if id, ok := as.Lhs[1].(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil {
				oks[obj] = true
			}
		}
		return true
	})
	return oks
}

// underOK reports whether the innermost if around a statement tests an
// ok variable of a receive.
func underOK(stack []ast.Node, oks map[types.Object]bool, info *types.Info) bool {
	if len(oks) == 0 {
		return false
	}
	for i := len(stack) - 1; i >= 0; i-- {
		is, ok := stack[i].(*ast.IfStmt)
		if !ok {
			continue
		}
		found := false
		ast.Inspect(is.Cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && oks[info.ObjectOf(id)] {
				found = true
			}
			return !found
		})
		return found
	}
	return false
}

// breaksInner reports whether an unlabelled break on stack (below the
// loop's body) leaves a statement nested in the loop rather than the loop.
func breaksInner(stack []ast.Node) bool {
	for _, n := range stack {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return true
		}
	}
	return false
}

// labelInside reports whether a break's label names a statement inside
// body (so it does not leave the loop).
func labelInside(label *ast.Ident, body *ast.BlockStmt, info *types.Info) bool {
	obj := info.ObjectOf(label)
	if obj == nil {
		return true
	}
	return body.Pos() <= obj.Pos() && obj.Pos() < body.End()
}

func (r *Result) info() *types.Info { return r.get().pass.TypesInfo }

func (r *Result) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.get().pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// OnlyWayOut reports whether op, a receive that is a case of a select,
// is the only way out of the endless loop around the select: the loop is
// a for without condition in op's function, and every return, break out
// of it, goto and call that never returns in its body is in op's clause.
// A goroutine running it stops only when that receive is ready.
func (r *Result) OnlyWayOut(op *Op) bool {
	if op.Kind != Recv || op.Select == nil || !op.Select.Blocking {
		return false
	}
	sel := r.selectAt(op.Select.Pos())
	if sel == nil {
		return false
	}
	cc := clauseAt(sel, op.Pos)
	file := r.fileOf(sel.Pos())
	if cc == nil || file == nil {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(file, sel.Pos(), sel.Pos())
	var loop *ast.ForStmt
	for _, n := range path {
		if f, ok := n.(*ast.ForStmt); ok {
			loop = f
			break
		}
		if _, ok := n.(*ast.RangeStmt); ok {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
	}
	if loop == nil || loop.Cond != nil {
		return false
	}
	at, _ := r.loopExit(loop.Body, cc, true, nil)
	return at == token.NoPos
}

// loopExit returns the first way out of the loop whose body is body,
// outside skip and function literals: a return, a goto, a break that
// leaves the loop, and with noReturn a call that never returns; keep,
// if set, says whether the statement on its stack counts. It returns
// where it is and how it leaves ("return", "break", "goto", "exit"), or
// token.NoPos.
func (r *Result) loopExit(body *ast.BlockStmt, skip ast.Node, noReturn bool, keep func(stack []ast.Node) bool) (token.Pos, string) {
	info := r.info()
	at, how := token.NoPos, ""
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if at != token.NoPos || n == skip {
			return false
		}
		found := ""
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = "return"
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				found = "goto"
			case n.Tok == token.BREAK && n.Label == nil && !breaksInner(stack):
				found = "break"
			case n.Tok == token.BREAK && n.Label != nil && !labelInside(n.Label, body, info):
				found = "break"
			}
		case *ast.ExprStmt:
			if noReturn && r.endsInExit([]ast.Stmt{n}) {
				found = "exit"
			}
		}
		if found != "" && (keep == nil || keep(stack)) {
			at, how = n.Pos(), found
		}
		return at == token.NoPos
	})
	return at, how
}
