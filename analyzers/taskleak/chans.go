package taskleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/loops"
)

// The goroutine shapes on the channel flow (passes/chanflow): a channel
// is a class of values unified along the package's data flow, so a
// field's channel used by one method in a goroutine and by another on
// the caller's, a channel passed as a go statement's argument, or a
// channel a helper returns is one channel with all its operations. A
// verdict needs every operation: the channel is not open (no code
// outside the package can use it).

// checkChans reports the goroutine leaks proven on the channel flow;
// handled holds the makes the syntactic abandoned-sender check reported.
func checkChans(pass *analysis.Pass, flows *chanflow.Result, handled map[token.Pos]bool) {
	starts := make(map[ssa.Instruction]bool)
	for _, s := range flows.Starts() {
		starts[s.Instr] = true
	}
	for _, c := range flows.Chans() {
		if c.Open || madeIn(c, handled) {
			continue
		}
		neverFed(pass, flows, c)
		neverClosed(pass, flows, c)
		selfWait(pass, flows, c)
		drainedAgain(pass, flows, c)
		for _, op := range c.Ops {
			if op.Kind != chanflow.Send {
				continue
			}
			l := flows.Abandoned(op)
			if l == nil {
				stoppedEarly(pass, flows, c, op)
				continue
			}
			if flows.Watches(op.Fn, c) != nil {
				continue // a sender that watches a stop signal is nocancel's
			}
			pass.Reportf(op.Pos, "send on %s blocks forever once its receiver leaves: the select at %s stops receiving by its case %s (line %d); send in a select with that signal, or give %s room for every value",
				c.Display(), where(pass, l.Recv.Select.Pos()), l.Comm, line(pass, l.Case.Case), c.Display())
		}
	}
	for _, fn := range flows.Program().Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Call:
					droppedChan(pass, flows, in)
				case *ssa.MakeChan:
					sendBeforeReceiver(pass, flows, in)
				}
			}
		}
		prefilled(pass, flows, fn, starts)
	}
}

// stoppedEarly reports a bare send whose receiver takes fewer values than
// the senders send (chanflow.StopsEarly): the first error returned, or a
// consumer that leaves its range before the producer's close.
func stoppedEarly(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan, op *chanflow.Op) {
	e := flows.StopsEarly(op)
	if e == nil {
		return
	}
	if e.Exit == token.NoPos {
		pass.Reportf(op.Pos, "send on %s blocks forever: the receive at %s takes one value, and %s has more senders than that; give %s room for every value",
			c.Display(), where(pass, e.Recv.Pos), c.Display(), c.Display())
		return
	}
	pass.Reportf(op.Pos, "send on %s blocks forever once its receiver stops: the loop receiving at %s leaves by the %s at line %d before the senders are done; drain %s before leaving, or give it room for every value",
		c.Display(), where(pass, e.Recv.Pos), e.How, line(pass, e.Exit), c.Display())
}

func madeIn(c *chanflow.Chan, set map[token.Pos]bool) bool {
	for _, mk := range c.Makes {
		if set[mk.Pos()] {
			return true
		}
	}
	return false
}

// neverFed reports a bare receive or range on a channel that nothing in
// the package sends on or closes (and nobody outside can): it waits
// forever. A receive in a go statement's literal is reported at the go
// statement.
func neverFed(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan) {
	if len(c.Makes) == 0 || c.Has(chanflow.Send, nil) || c.Has(chanflow.Close, nil) {
		return
	}
	if c.Name == "" || strings.HasPrefix(c.Name, "?") {
		return // <-make(chan T), a stub's return make(chan T): blocking on purpose
	}
	for _, op := range c.Ops {
		if op.Select != nil && !c.Open && flows.OnlyWayOut(op) {
			if starts := flows.RunBy(op.Fn); len(starts) > 0 {
				pass.Reportf(op.Pos, "the goroutine started at %s never stops: its loop leaves only on this receive from %s, and nothing sends on %s or closes it",
					where(pass, starts[0].Pos), c.Display(), c.Display())
				return
			}
		}
		if op.Kind != chanflow.Recv && op.Kind != chanflow.Range || op.Select != nil {
			continue
		}
		if s := goLiteral(flows, op.Fn); s != nil {
			pass.Reportf(s.Pos, "goroutine blocks forever receiving from %s (line %d): nothing sends on %s or closes it",
				c.Display(), line(pass, op.Pos), c.Display())
			return
		}
		pass.Reportf(op.Pos, "receive from %s blocks forever: nothing in the package sends on %s or closes it (made at %s)",
			c.Display(), c.Display(), where(pass, c.Makes[0].Pos()))
		return
	}
}

// goLiteral returns the go statement that runs the function literal fn,
// when that is the one start running it.
func goLiteral(flows *chanflow.Result, fn *ssa.Function) *chanflow.Start {
	starts := flows.RunBy(fn)
	if fn.Parent() == nil || len(starts) != 1 || starts[0].Target() != fn {
		return nil
	}
	if _, ok := starts[0].Instr.(*ssa.Go); !ok {
		return nil
	}
	return starts[0]
}

// droppedChan reports a call, as a statement, of a package function that
// returns a channel it makes and that a goroutine it starts sends on:
// with the result dropped, nobody can receive, and the goroutine blocks
// on its send forever. A result received from once is as good as dropped
// when the goroutine sends in a loop.
func droppedChan(pass *analysis.Pass, flows *chanflow.Result, call *ssa.Call) {
	once := receivedOnce(call)
	if refs := call.Referrers(); refs != nil && len(*refs) > 0 && !once {
		return
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != flows.Program().Pkg || callee.Blocks == nil {
		return
	}
	if res := callee.Signature.Results(); res.Len() != 1 || !isChanType(res.At(0).Type()) {
		return
	}
	mk := returnedMake(flows, callee)
	if mk == nil {
		return
	}
	c := flows.ChanOf(mk)
	if c == nil {
		return
	}
	k, ok := c.Cap()
	if !ok {
		return
	}
	for _, op := range c.Ops {
		looped := chanflow.InCycle(op.Instr.Block())
		if op.Kind != chanflow.Send || op.Select != nil || (k > 0 || once) && !(looped && sendsOn(flows, op, mk)) {
			continue
		}
		for _, s := range flows.RunBy(op.Fn) {
			if s.In != callee {
				continue
			}
			if once {
				pass.Reportf(call.Pos(), "the channel %s returns is received from once: the goroutine it starts at %s sends in a loop at %s: once this receive has its value, a later send blocks forever; drain the channel, or give the goroutine a way to stop",
					callee.Name(), where(pass, s.Pos), where(pass, op.Pos))
				return
			}
			pass.Reportf(call.Pos(), "the channel %s returns is dropped: the goroutine it starts at %s blocks forever on its send at %s; receive from the channel, or make it buffered",
				callee.Name(), where(pass, s.Pos), where(pass, op.Pos))
			return
		}
	}
}

// sendsOn reports whether op sends on the very channel mk makes, the
// same one each time round its loop (not one of a list of subscribers'
// channels, which may include it).
func sendsOn(flows *chanflow.Result, op *chanflow.Op, mk *ssa.MakeChan) bool {
	r := flows.Program().Of(op.Chan)
	return r.Root == ssa.Value(mk) && r.Path == ""
}

// receivedOnce reports whether the only use of a call's result is one
// receive, not in a loop (a range over it takes every value): v := <-f().
func receivedOnce(call *ssa.Call) bool {
	refs := call.Referrers()
	if refs == nil || len(*refs) != 1 {
		return false
	}
	u, ok := (*refs)[0].(*ssa.UnOp)
	return ok && u.Op == token.ARROW && !chanflow.InCycle(u.Block())
}

// returnedMake returns the make whose channel every return of fn
// returns, or nil.
func returnedMake(flows *chanflow.Result, fn *ssa.Function) *ssa.MakeChan {
	var out *ssa.MakeChan
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		r := flows.Program().Of(ret.Results[0])
		mk, ok := r.Root.(*ssa.MakeChan)
		if !ok || r.Path != "" || mk.Parent() != fn || out != nil && mk != out {
			return nil
		}
		out = mk
	}
	return out
}

// sendBeforeReceiver reports a send on a channel just made, before the
// channel is used in any other way (passed, stored, captured, returned):
// nobody can receive from it yet, so a send beyond its capacity blocks
// forever.
func sendBeforeReceiver(pass *analysis.Pass, flows *chanflow.Result, mk *ssa.MakeChan) {
	k, ok := constCap(mk)
	if !ok {
		return
	}
	sends := int64(0)
	b := mk.Block()
	i := indexOf(b, mk) + 1
	for b != nil {
		for ; i < len(b.Instrs); i++ {
			instr := b.Instrs[i]
			if s, ok := instr.(*ssa.Send); ok && s.Chan == ssa.Value(mk) {
				sends++
				if sends > k {
					pass.Reportf(s.Pos(), "send on %s blocks forever: it is made at line %d with capacity %d and nobody can receive from it yet; make it buffered, or send after a receiver has it",
						chanName(flows, mk), line(pass, mk.Pos()), k)
					return
				}
				continue
			}
			if uses(instr, mk) {
				return
			}
		}
		if len(b.Succs) != 1 || len(b.Succs[0].Preds) != 1 {
			return
		}
		b, i = b.Succs[0], 0
	}
}

func chanName(flows *chanflow.Result, v ssa.Value) string {
	if c := flows.ChanOf(v); c != nil {
		return c.Display()
	}
	return "the channel"
}

func constCap(mk *ssa.MakeChan) (int64, bool) {
	k, ok := mk.Size.(*ssa.Const)
	if !ok || k.Value == nil {
		return 0, false
	}
	n, exact := constantInt(k)
	return n, exact
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return len(b.Instrs)
}

// uses reports whether instr has v as an operand.
func uses(instr ssa.Instruction, v ssa.Value) bool {
	var ops [8]*ssa.Value
	for _, op := range instr.Operands(ops[:0]) {
		if op != nil && *op == v {
			return true
		}
	}
	return false
}

func isChanType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func constantInt(k *ssa.Const) (int64, bool) {
	return constant.Int64Val(constant.ToInt(k.Value))
}

// prefilled reports a send that finds the buffer of its channel full
// because the goroutine that drains it is not started yet: from its
// entry to its first go statement or spawn, fn sends on the channel
// (itself, or through a package function that sends on every path) more
// values than the channel holds, and every receive of the channel runs
// only in goroutines that fn starts. The send waits for a receiver that
// fn would start after it: forever.
func prefilled(pass *analysis.Pass, flows *chanflow.Result, fn *ssa.Function, starts map[ssa.Instruction]bool) {
	if len(fn.Blocks) == 0 {
		return
	}
	counts := make(map[*chanflow.Chan]int64)
	count := func(c *chanflow.Chan, pos token.Pos) bool {
		if c == nil || c.Open {
			return false
		}
		counts[c]++
		k, ok := c.Cap()
		if !ok || counts[c] <= k {
			return false
		}
		s := drainStart(flows, c, fn)
		if s == nil {
			return false
		}
		pass.Reportf(pos, "send on %s blocks forever: its buffer (capacity %d) is full after %d sends, and the goroutine that receives from it is started only later, at %s; start it before sending",
			c.Display(), k, k, where(pass, s.Pos))
		return true
	}
	for b := fn.Blocks[0]; b != nil; {
		for _, instr := range b.Instrs {
			if _, isGo := instr.(*ssa.Go); isGo || starts[instr] {
				return
			}
			switch in := instr.(type) {
			case *ssa.Send:
				if count(flows.ChanOf(in.Chan), in.Pos()) {
					return
				}
			case *ssa.Call:
				for _, c := range mustSend(flows, in.Call.StaticCallee()) {
					if count(c, in.Pos()) {
						return
					}
				}
			}
		}
		if len(b.Succs) != 1 || len(b.Succs[0].Preds) != 1 {
			return
		}
		b = b.Succs[0]
	}
}

// drainStart returns a start in fn that runs a receiver of c when every
// receive of c runs only in goroutines fn starts, or nil.
func drainStart(flows *chanflow.Result, c *chanflow.Chan, fn *ssa.Function) *chanflow.Start {
	var out *chanflow.Start
	for _, op := range c.Ops {
		if op.Kind != chanflow.Recv && op.Kind != chanflow.Range {
			continue
		}
		starts := flows.RunBy(op.Fn)
		if op.Fn == fn || len(starts) == 0 {
			return nil
		}
		for _, s := range starts {
			if s.In != fn {
				return nil
			}
			if out == nil {
				out = s
			}
		}
	}
	return out
}

// mustSend returns the channels the package function g sends on, with
// a bare send, on every path through it.
func mustSend(flows *chanflow.Result, g *ssa.Function) []*chanflow.Chan {
	if g == nil || g.Pkg != flows.Program().Pkg || len(g.Blocks) == 0 {
		return nil
	}
	var rets []*ssa.BasicBlock
	for _, b := range g.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && b != g.Recover {
			rets = append(rets, b)
		}
	}
	var out []*chanflow.Chan
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Send)
			if !ok || !dominatesAll(b, rets) {
				continue
			}
			if c := flows.ChanOf(s.Chan); c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

func dominatesAll(b *ssa.BasicBlock, bs []*ssa.BasicBlock) bool {
	for _, x := range bs {
		if !b.Dominates(x) {
			return false
		}
	}
	return len(bs) > 0
}

// selfWait reports a goroutine that waits for itself: the only closes of
// a channel are deferred in the function a goroutine runs, so the
// channel is closed when that goroutine ends, and a bare receive on it
// is in a function the same goroutine can run (a callback reached
// through an interface calls Close from inside the loop). The receive
// waits for its own goroutine to return: forever.
func selfWait(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan) {
	if c.Has(chanflow.Send, nil) {
		return
	}
	var closer *chanflow.Op
	for _, op := range c.Ops {
		if op.Kind != chanflow.Close {
			continue
		}
		if _, deferred := op.Instr.(*ssa.Defer); !deferred || closer != nil && op.Fn != closer.Fn {
			return
		}
		closer = op
	}
	if closer == nil {
		return
	}
	var own *chanflow.Start
	for _, st := range flows.RunBy(closer.Fn) {
		if st.Target() == closer.Fn {
			own = st
		}
	}
	if own == nil {
		return
	}
	for _, op := range c.Ops {
		if op.Kind != chanflow.Recv && op.Kind != chanflow.Range || op.Select != nil || op.Fn == closer.Fn {
			continue
		}
		for _, st := range flows.RunBy(op.Fn) {
			if st == own {
				pass.Reportf(op.Pos, "receive from %s waits for the goroutine started at %s to end (%s closes it in a defer, %s), but %s also runs on that goroutine, through the calls of %s: it waits for itself forever",
					c.Display(), where(pass, own.Pos), closer.Fn.Name(), where(pass, closer.Pos), op.Fn.Name(), closer.Fn.Name())
				break
			}
		}
	}
}

// neverClosed reports a goroutine's range over a channel field that the
// package sends on but never closes, when the package closes another
// channel field of the same type (a Close that signals done and forgets
// the work channel): the range never ends, and its goroutine never
// stops. A range whose body can leave the loop is not reported.
func neverClosed(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan) {
	if len(c.Makes) == 0 || c.Has(chanflow.Close, nil) || !c.Has(chanflow.Send, nil) || !strings.HasPrefix(c.Name, "(") {
		return
	}
	owner := c.Name[:strings.IndexByte(c.Name, ')')+1]
	var closed *chanflow.Op
	var other *chanflow.Chan
	for _, d := range flows.Chans() {
		if d == c || !strings.HasPrefix(d.Name, owner+".") {
			continue
		}
		for _, op := range d.Ops {
			if op.Kind == chanflow.Close {
				closed, other = op, d
				break
			}
		}
		if closed != nil {
			break
		}
	}
	if closed == nil {
		return
	}
	for _, op := range c.Ops {
		if op.Kind != chanflow.Range {
			continue
		}
		starts := flows.RunBy(op.Fn)
		if len(starts) == 0 || rangeLeaves(pass.TypesInfo, op) {
			continue
		}
		pass.Reportf(op.Pos, "the range over %s never ends: nothing in the package closes %s (%s closes %s at %s, not it), so the goroutine started at %s never stops; close %s once nothing sends on it",
			c.Display(), c.Display(), closed.Fn.Name(), other.Display(), where(pass, closed.Pos), where(pass, starts[0].Pos), c.Display())
		return
	}
}

// rangeLeaves reports whether the range statement of a range operation
// has a body that may leave it (loops.Endless's return, break, goto or
// exit).
func rangeLeaves(info *types.Info, op *chanflow.Op) bool {
	syn := op.Fn.Syntax()
	if syn == nil {
		return true
	}
	var rs *ast.RangeStmt
	ast.Inspect(syn, func(n ast.Node) bool {
		if n == nil || n.Pos() > op.Pos || n.End() < op.Pos {
			return n == nil || n.Pos() <= op.Pos
		}
		if r, ok := n.(*ast.RangeStmt); ok {
			rs = r
		}
		return true
	})
	return rs == nil || !loops.Endless(info, rs.Body)
}
