package chanclose

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// The shapes across functions, on the channel flow (passes/chanflow): a
// field's channel closed by one method while another sends on it, and a
// method that closes unconditionally reached from two goroutines.

// checkFlows reports them; reported holds the positions the syntactic
// checks already reported.
func checkFlows(pass *analysis.Pass, flows *chanflow.Result, m *model.Model, reported map[token.Position]bool) {
	for _, c := range flows.Chans() {
		for _, cl := range c.Ops {
			if cl.Kind != chanflow.Close {
				continue
			}
			if p := pass.Fset.Position(cl.Pos); reported[token.Position{Filename: p.Filename, Line: p.Line}] {
				continue
			}
			if !c.Open && closedWhileSending(pass, flows, m, c, cl) {
				continue
			}
			closedTwice(pass, flows, c, cl)
		}
	}
}

// closedWhileSending reports a close of c by a function that does not
// send on c, while another function sends on it: the sender may run on
// another goroutine, and its send panics once c is closed. It needs a
// proof that the send may come after the close: the closer is the
// receiving side (it receives from c, so it cannot know the sender is
// done), or the sender selects on a channel the closer closes too (it
// is written to run past the close: "reports false once closed"), or
// the sender runs on a goroutine whose starter then calls the closer
// (a producer goroutine feeds a pool while its starter waits and
// closes). A
// sender that is merely told not to send after Close is not reported.
// A closer that
// first waits (a Wait, a bare receive) may be waiting for the senders to
// finish, and one that takes a lock while the sender takes one may check
// a closed flag under it: neither is reported.
func closedWhileSending(pass *analysis.Pass, flows *chanflow.Result, m *model.Model, c *chanflow.Chan, cl *chanflow.Op) bool {
	fc := cl.Fn
	if sendsOn(flows, c, fc) || waitsBefore(flows, m, c, cl) || cleansUpFirst(cl) || tookTheOneSend(flows, c, cl) {
		return false
	}
	for _, s := range c.Ops {
		if s.Kind != chanflow.Send || s.Fn == fc || flows.RunBy(s.Fn) == nil && flows.RunBy(fc) == nil && !exported(s.Fn) {
			continue
		}
		if locks(m, fc) && locks(m, s.Fn) {
			continue
		}
		if !receives(c, fc) && !watchesClosed(flows, s, fc) && !pollsClosed(flows, c, s, fc) && startedBeforeClose(flows, s.Fn, fc) == nil && !sendsForever(flows, s) {
			continue
		}
		pass.Reportf(cl.Pos, "close of %s in %s while %s may still send on it (%s) from another goroutine: that send panics once %s is closed; let the sending side close it, or signal the end on a separate channel",
			c.Display(), runner(pass, flows, fc), runner(pass, flows, s.Fn), where(pass, s.Pos), c.Display())
		return true
	}
	return false
}

// closedTwice reports an unconditional close in a function that two
// functions call, one of them on a goroutine the package starts: both
// can run, and the second close panics. The channel may be open (a
// Done method returns it): code outside cannot close a receive-only
// channel, and this close is the package's own.
func closedTwice(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan, cl *chanflow.Op) {
	fc := cl.Fn
	if fc.Parent() != nil || !unconditional(cl.Instr.Block()) || c.Has(chanflow.Recv, func(op *chanflow.Op) bool { return op.Fn == fc }) {
		return
	}
	// The channel is a field of fc's receiver, and every call is on the
	// caller's own receiver: the same object. Two values of one type have
	// two channels.
	prog := flows.Program()
	if fc.Signature.Recv() == nil || len(fc.Params) == 0 || prog.Of(cl.Chan).Root != ssa.Value(fc.Params[0]) {
		return
	}
	if renewed(prog, cl) || closedByStarter(pass, flows, c, cl) {
		return
	}
	var goCall, other ssa.CallInstruction
	for _, call := range flows.StaticCalls(fc) {
		caller := call.Parent()
		if caller.Parent() != nil {
			return // a literal: perhaps a sync.Once's
		}
		if args := call.Common().Args; len(args) == 0 || len(caller.Params) == 0 || caller.Signature.Recv() == nil ||
			!receiverItself(prog.Of(args[0]), caller) {
			return
		}
		if goCall == nil && flows.RunBy(caller) != nil {
			goCall = call
		} else if other == nil || other.Parent() == caller {
			other = call
		}
	}
	if goCall != nil && other == nil && exported(fc) && fc.Pkg.Pkg.Name() != "main" {
		// An exported method: its users call it too (defer s.Stop()).
		pass.Reportf(cl.Pos, "%s is closed twice when %s runs twice: %s calls it (%s) on the goroutine started at %s, and %s is exported, for its users to call too; the second close panics; close it once (sync.Once), or check a flag under a lock",
			c.Display(), name(fc), name(goCall.Parent()), where(pass, goCall.Pos()), where(pass, flows.RunBy(goCall.Parent())[0].Pos), name(fc))
		return
	}
	if goCall == nil || other == nil || goCall.Parent() == other.Parent() {
		return
	}
	pass.Reportf(cl.Pos, "%s is closed twice when %s runs twice: %s calls it (%s) on the goroutine started at %s, and %s calls it too (%s); the second close panics; close it once (sync.Once), or check a flag under a lock",
		c.Display(), name(fc), name(goCall.Parent()), where(pass, goCall.Pos()), where(pass, flows.RunBy(goCall.Parent())[0].Pos),
		name(other.Parent()), where(pass, other.Pos()))
}

// renewed reports whether the closing function stores a new channel in
// the field it closed, after the close, on every path (close(a.wakeCh);
// a.wakeCh = make(chan struct{})): the next call closes that one.
func renewed(prog *refs.Program, cl *chanflow.Op) bool {
	r := prog.Of(cl.Chan)
	b := cl.Instr.Block()
	for _, instr := range b.Instrs[instrIndex(b, cl.Instr)+1:] {
		st, ok := instr.(*ssa.Store)
		if !ok {
			continue
		}
		if _, made := st.Val.(*ssa.MakeChan); made && refs.Same(prog.Of(st.Addr), r) {
			return true
		}
	}
	return false
}

// closedByStarter reports a close that runs twice on one value: on every
// path of a function literal started with go, and on every path of the
// function that starts it (go func() { ...; c.Close() }(); c.Close()).
// Both calls run, in some order, and the second close panics.
func closedByStarter(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan, cl *chanflow.Op) bool {
	prog := flows.Program()
	for _, call := range flows.StaticCalls(cl.Fn) {
		lit := call.Parent()
		starter := lit.Parent()
		if starter == nil || !startsDirectly(flows, lit, starter) || !unconditional(call.Block()) || len(call.Common().Args) == 0 {
			continue
		}
		recv := prog.Of(call.Common().Args[0])
		for _, other := range flows.StaticCalls(cl.Fn) {
			if other.Parent() != starter || !unconditional(other.Block()) || !refs.Same(recv, prog.Of(other.Common().Args[0])) {
				continue
			}
			start := flows.RunBy(lit)[0]
			pass.Reportf(cl.Pos, "%s is closed twice: %s runs on the goroutine started at %s (%s) and in %s (%s), on the same value, on every path; the second close panics; close it once (sync.Once), or check a flag under a lock",
				c.Display(), name(cl.Fn), where(pass, start.Pos), where(pass, call.Pos()), name(starter), where(pass, other.Pos()))
			return true
		}
	}
	return false
}

// startsDirectly reports whether lit is the target of a go statement of
// starter (go func() { ... }()).
func startsDirectly(flows *chanflow.Result, lit, starter *ssa.Function) bool {
	for _, s := range flows.RunBy(lit) {
		if s.In == starter && s.Kind == model.Goroutine && len(s.Targets) == 1 && s.Targets[0] == lit {
			return true
		}
	}
	return false
}

// receiverItself reports whether r is fn's receiver, not a value reached
// from it (an element of its map is another object).
func receiverItself(r refs.Ref, fn *ssa.Function) bool {
	return r.Root == ssa.Value(fn.Params[0]) && r.Path == ""
}

// unconditional reports whether b runs on every path through its
// function that returns, and the function does return.
func unconditional(b *ssa.BasicBlock) bool {
	every, returns := blocks.OnEveryReturn(b)
	return every && returns
}

func sendsOn(flows *chanflow.Result, c *chanflow.Chan, fn *ssa.Function) bool {
	return c.Has(chanflow.Send, func(op *chanflow.Op) bool {
		if op.Fn == fn || op.Fn.Parent() == fn {
			return true
		}
		for _, callee := range flows.Callees(fn) {
			if op.Fn == callee {
				return true
			}
		}
		return false
	})
}

// waitsBefore reports whether the closing function waits (a Joins call,
// a bare receive from another channel) before the close, in a block that
// leads to it.
func waitsBefore(flows *chanflow.Result, m *model.Model, c *chanflow.Chan, cl *chanflow.Op) bool {
	fn := cl.Fn
	for _, b := range fn.Blocks {
		if !b.Dominates(cl.Instr.Block()) {
			continue
		}
		for _, instr := range b.Instrs {
			if instr == cl.Instr {
				break
			}
			switch in := instr.(type) {
			case *ssa.UnOp:
				// A receive from the closed channel itself is the
				// receiving side's, not a wait for the senders to end;
				// but taking the token of a token channel (a channel
				// used as a mutex) leaves no holder to send it back.
				if in.Op == token.ARROW && (flows.ChanOf(in.X) != c || c.Tokens()) {
					return true
				}
			case *ssa.Select:
				if in.Blocking {
					return true
				}
			case ssa.CallInstruction:
				if e, ok := entry(m, in); ok && e.Is(model.Joins) {
					return true
				}
			}
		}
	}
	return false
}

// locks reports whether fn takes a lock.
func locks(m *model.Model, fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if e, ok := entry(m, c); ok && e.Is(model.Locks) {
					return true
				}
			}
		}
	}
	return false
}

func entry(m *model.Model, c ssa.CallInstruction) (model.Entry, bool) {
	common := c.Common()
	if common.IsInvoke() {
		return m.Lookup(common.Method)
	}
	if callee := common.StaticCallee(); callee != nil {
		if o := callee.Origin(); o != nil {
			callee = o
		}
		if f, ok := callee.Object().(*types.Func); ok {
			return m.Lookup(f)
		}
	}
	return model.Entry{}, false
}

func where(pass *analysis.Pass, p token.Pos) string { return lockacq.Pos(pass.Fset, p) }

func exported(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Object() != nil && fn.Object().Exported()
}

// runner names fn as the code that runs it: the goroutine or task that
// starts it when one does ("the goroutine started at a.go:26"), else its
// name.
func runner(pass *analysis.Pass, flows *chanflow.Result, fn *ssa.Function) string {
	starts := flows.RunBy(fn)
	if len(starts) == 0 {
		return name(fn)
	}
	what := "the task spawned at "
	if _, isGo := starts[0].Instr.(*ssa.Go); isGo {
		what = "the goroutine started at "
	}
	if fn.Parent() != nil {
		return what + where(pass, starts[0].Pos)
	}
	return name(fn) + ", run by " + what + where(pass, starts[0].Pos) + ","
}

func name(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "a function literal in " + name(fn.Parent())
	}
	return fn.Name()
}

// receives reports whether fn receives from c.
func receives(c *chanflow.Chan, fn *ssa.Function) bool {
	return c.Has(chanflow.Recv, func(op *chanflow.Op) bool { return op.Fn == fn }) ||
		c.Has(chanflow.Range, func(op *chanflow.Op) bool { return op.Fn == fn })
}

// watchesClosed reports whether the send s is a case of a select with a
// receive on a channel that closer closes.
func watchesClosed(flows *chanflow.Result, s *chanflow.Op, closer *ssa.Function) bool {
	if s.Select == nil {
		return false
	}
	for _, st := range s.Select.States {
		d := flows.ChanOf(st.Chan)
		if d == nil || st.Dir != types.RecvOnly {
			continue
		}
		if d.Has(chanflow.Close, func(op *chanflow.Op) bool { return op.Fn == closer }) {
			return true
		}
	}
	return false
}

// pollsClosed reports whether s is a bare send in a loop of a function
// run by a goroutine, whose loop also receives (polls, with a select's
// default, or waits) from another channel the closer closes: the loop is
// written to run until it sees that close, so the closer's close of c
// may come between its check and its send (select { case <-p.quit:
// return; default: }; p.out <- v, while Close does close(p.quit);
// close(p.out)). Both must be methods of one type (the loop's and the
// Close's object).
func pollsClosed(flows *chanflow.Result, c *chanflow.Chan, s *chanflow.Op, closer *ssa.Function) bool {
	if s.Kind != chanflow.Send || s.Select != nil || len(flows.RunBy(s.Fn)) == 0 || !sameRecvType(closer, s.Fn) {
		return false
	}
	loop := blocks.Loop(s.Instr.Block())
	if loop == nil {
		return false
	}
	for _, d := range flows.Chans() {
		if d == c || !d.Has(chanflow.Close, func(op *chanflow.Op) bool { return op.Fn == closer }) {
			continue
		}
		if d.Has(chanflow.Recv, func(op *chanflow.Op) bool { return op.Fn == s.Fn && loop[op.Instr.Block()] }) {
			return true
		}
	}
	return false
}

// sameRecvType reports whether two functions (or the methods their
// literals are in) are methods of one named type: the loop and the Close
// of one object, not a test's fake that shares a channel's class with
// the loop of another value.
func sameRecvType(f, g *ssa.Function) bool {
	recvOf := func(fn *ssa.Function) types.Type {
		for fn.Parent() != nil {
			fn = fn.Parent()
		}
		if r := fn.Signature.Recv(); r != nil {
			t := r.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			return t
		}
		return nil
	}
	a, b := recvOf(f), recvOf(g)
	return a != nil && b != nil && types.Identical(a, b)
}

// sendsForever reports whether s is a bare send in a loop of a function
// run by a goroutine, from which no return can be reached: the goroutine
// sends until the program ends, so any close of the channel comes while
// it still sends (or waits to).
func sendsForever(flows *chanflow.Result, s *chanflow.Op) bool {
	if s.Kind != chanflow.Send || s.Select != nil || len(flows.RunBy(s.Fn)) == 0 || blocks.Loop(s.Instr.Block()) == nil {
		return false
	}
	for b := range blocks.Reachable(s.Instr.Block(), blocks.Succs) {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return false
		}
	}
	return true
}

// startedBeforeClose returns a start whose goroutine runs sender and
// whose starting function then calls the function closer belongs to,
// after the start on every path, or nil.
func startedBeforeClose(flows *chanflow.Result, sender, closer *ssa.Function) *chanflow.Start {
	top := closer
	for top.Parent() != nil {
		top = top.Parent()
	}
	for _, st := range flows.RunBy(sender) {
		for _, b := range st.In.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || call.Call.StaticCallee() != top {
					continue
				}
				sb := st.Instr.Block()
				if sb == b && instrIndex(b, st.Instr) < instrIndex(b, call) || sb != b && sb.Dominates(b) {
					return st
				}
			}
		}
	}
	return nil
}

func instrIndex(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// cleansUpFirst reports whether a deferred close runs after other
// deferred calls of its function (they were deferred after it): the
// cleanups that stop the senders (a server's Shutdown) run first.
func cleansUpFirst(cl *chanflow.Op) bool {
	d, ok := cl.Instr.(*ssa.Defer)
	if !ok {
		return false
	}
	for _, b := range cl.Fn.Blocks {
		for _, instr := range b.Instrs {
			if other, ok := instr.(*ssa.Defer); ok && other != d && other.Pos() > d.Pos() {
				return true
			}
		}
	}
	return false
}

// tookTheOneSend reports whether the close runs only after its function
// received from the channel (a bare receive, or the case of a select
// that receives from it, on every path to the close; for a deferred
// close, to every return) while the channel has one send, which runs at
// most once per goroutine, one goroutine at a time: the value taken is
// that send's, so the sender is done before the close ("tell me you are
// done, then I close").
func tookTheOneSend(flows *chanflow.Result, c *chanflow.Chan, cl *chanflow.Op) bool {
	var send *chanflow.Op
	for _, op := range c.Ops {
		if op.Kind == chanflow.Send {
			if send != nil {
				return false
			}
			send = op
		}
	}
	if send == nil || chanflow.InCycle(send.Instr.Block()) {
		return false
	}
	// One goroutine at a time: every start but one comes after a
	// receive of the value the last one sent (Clear stops the loop,
	// <-c.done, and starts a new one).
	fresh := 0
	for _, s := range flows.RunBy(send.Fn) {
		if chanflow.InCycle(s.Instr.Block()) {
			return false
		}
		if !recvBefore(c, s.Instr) {
			fresh++
		}
	}
	if fresh > 1 {
		return false
	}
	fn := cl.Fn
	// after holds the blocks that run right after a receive from c, with
	// the index of the instruction after it.
	after := make(map[*ssa.BasicBlock]int)
	for _, op := range c.Ops {
		if op.Kind != chanflow.Recv || op.Fn != fn {
			continue
		}
		if op.Select == nil {
			b := op.Instr.Block()
			after[b] = instrIndex(b, op.Instr) + 1
			continue
		}
		cases := blocks.CaseBlocks(op.Select)
		for i, st := range op.Select.States {
			if st.Pos == op.Pos && st.Dir != types.SendOnly && i < len(cases) && cases[i] != nil {
				after[cases[i]] = 0
			}
		}
	}
	if len(after) == 0 {
		return false
	}
	received := func(b *ssa.BasicBlock, at int) bool {
		for r, from := range after {
			if r == b && from <= at || r != b && r.Dominates(b) {
				return true
			}
		}
		return false
	}
	if _, deferred := cl.Instr.(*ssa.Defer); !deferred {
		b := cl.Instr.Block()
		return received(b, instrIndex(b, cl.Instr))
	}
	rets := 0
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets++
			if !received(b, len(b.Instrs)-1) {
				return false
			}
		}
	}
	return rets > 0
}

// recvBefore reports whether a bare receive from c runs before instr on
// every path through instr's function.
func recvBefore(c *chanflow.Chan, instr ssa.Instruction) bool {
	for _, op := range c.Ops {
		if op.Kind != chanflow.Recv || op.Select != nil || op.Fn != instr.Parent() {
			continue
		}
		rb, ib := op.Instr.Block(), instr.Block()
		if rb == ib && instrIndex(rb, op.Instr) < instrIndex(ib, instr) || rb != ib && rb.Dominates(ib) {
			return true
		}
	}
	return false
}
