package maywait

import (
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// starter returns, for peer, a counterpart of a wait in waiter, the
// instruction by which peer's function starts the goroutine that runs
// waiter, when it does so on every path to peer and then stays at
// peer until the wait is ready: a dialer that starts the read loop and
// waits for its handshake (go a.readLoop(), or a call of a method that
// always starts it, then select { case err := <-a.handshakeCh: case
// <-a.readLoopCloseCh: }). The peer then certainly comes: the waiter
// exists only because it does. start is the go statement, or the call
// of the method that has it; at, peer or the call of its function the
// starter makes after start; nil when there is none.
//
// It stays when peer is a plain operation, or a case of a select
// without default whose other cases receive from own, the channels the
// wait itself receives from (when one of them is ready, so is the wait).
func (p *peers) starter(peer *chanflow.Op, waiter *ssa.Function, own []*chanflow.Chan) (start, at ssa.Instruction) {
	if peer.Kind == chanflow.Close || peer.Kind == chanflow.Range || !peer.Blocks() {
		return nil, nil
	}
	if sel := peer.Select; sel != nil {
		for _, st := range sel.States {
			if st.Chan == peer.Chan && (st.Dir == types.SendOnly) == (peer.Kind == chanflow.Send) {
				continue // peer itself
			}
			if st.Dir != types.RecvOnly || !slices.Contains(own, p.cf.ChanOf(st.Chan)) {
				return nil, nil
			}
		}
	}
	for _, s := range p.startsRunning(waiter) {
		if s.In == peer.Fn && blocks.Precedes(s.Instr, peer.Instr) {
			return s.Instr, peer.Instr
		}
		// Or it then calls, on every path, the function that has
		// peer on every path (a test starting a Publish and then adding
		// the response it waits for).
		if c := p.callsAfter(s, waiter, peer); c != nil {
			return s.Instr, c
		}
		// One call down: a method that starts it on every path.
		if every, _ := blocks.OnEveryReturn(s.Instr.Block()); !every || s.In.Object() == nil {
			continue
		}
		for _, c := range p.callers[s.In] {
			if c.Parent() == peer.Fn && blocks.Precedes(c, peer.Instr) && len(p.takenSince(s.Instr, nil, waiter)) == 0 {
				return c, peer.Instr
			}
		}
	}
	return nil, nil
}

// callsAfter returns the call by which s's function, a test, after s on
// every path to its end, calls peer's function, which gets to peer on
// every path; nil when there is none. The test starts the waiter once
// (one start, in no loop): a peer serves one wait, and a second waiter
// would wait after the first has had it.
func (p *peers) callsAfter(s *chanflow.Start, waiter *ssa.Function, peer *chanflow.Op) ssa.Instruction {
	if !isTestFunc(s.In) || blocks.Loop(s.Instr.Block()) != nil {
		return nil
	}
	if every, _ := blocks.OnEveryReturn(peer.Instr.Block()); !every {
		return nil
	}
	for _, o := range p.startsRunning(waiter) {
		if o != s && o.In == s.In {
			return nil
		}
	}
	for _, c := range p.callers[peer.Fn] {
		if _, ok := c.(*ssa.Call); !ok || c.Parent() != s.In || !blocks.Precedes(s.Instr, c) {
			continue
		}
		if every, _ := blocks.OnEveryReturn(c.Block()); every {
			return c
		}
	}
	return nil
}

// handOff returns the call by which a function hands waiter, a function
// literal it makes, to a function of another package or an interface
// method, that may run it later, on another goroutine (an ack callback
// given to PublishAsync), before any other use of it; nil when there is
// none. The function must run the peer itself, or
// call the function that does, and the channel the waiter uses must be a
// local variable of it: each call of the function has its own waiter
// and its own channel, and the waiter does not exist before the
// hand-off. What the function takes before it is behind the peer, as
// with a start.
func (p *peers) handOff(peer, op *chanflow.Op) ssa.Instruction {
	mc := p.prog.Closure(op.Fn)
	if mc == nil || !p.reaches(peer.Fn)[mc.Parent()] {
		return nil
	}
	if r := p.prog.Of(op.Chan); r.Class != "" || r.Path != "" || r.Root == nil || !isLocalOf(r.Root, mc.Parent()) {
		return nil
	}
	uses := slices.Clone(*mc.Referrers())
	for i := 0; i < len(uses); i++ {
		r := uses[i]
		if ct, ok := r.(*ssa.ChangeType); ok {
			uses = append(uses, *ct.Referrers()...) // as a named func type
			continue
		}
		call, ok := r.(*ssa.Call)
		if !ok || slices.Contains(uses[:i], ssa.Instruction(call)) {
			continue
		}
		if v, isInstr := call.Call.Value.(ssa.Instruction); isInstr && slices.Contains(uses, v) || call.Call.Value == ssa.Value(mc) {
			continue // a call of the literal itself
		}
		// A function of another package, or an interface method, that
		// does not run it in place (as sync.Once.Do does).
		obj := calleeObj(&call.Call)
		if obj == nil || obj.Pkg() == nil || obj.Pkg() == mc.Parent().Pkg.Pkg && !call.Call.IsInvoke() {
			continue
		}
		if e, known := p.m.Lookup(obj); known && e.Is(model.Runs) {
			continue
		}
		// Nothing else gets the literal before the hand-off.
		if slices.ContainsFunc(uses, func(u ssa.Instruction) bool {
			_, ct := u.(*ssa.ChangeType)
			return u != ssa.Instruction(call) && !ct && !blocks.Precedes(call, u)
		}) {
			return nil
		}
		return call
	}
	return nil
}

// isLocalOf reports whether v is a local variable or value of fn.
func isLocalOf(v ssa.Value, fn *ssa.Function) bool {
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeChan:
		return v.Parent() == fn
	}
	return false
}

// handedNeeds returns what a peer at instr needs, without the lock calls
// that the function handing the waiter over (at h) makes before h.
func (p *peers) handedNeeds(h ssa.Instruction, instr ssa.Instruction, waited string, waiter *ssa.Function) []lockTake {
	// The blocks that may run after h: from its successors on (its own
	// block again, in a loop).
	after := make(map[*ssa.BasicBlock]bool)
	for _, s := range h.Block().Succs {
		maps.Copy(after, blocks.Reachable(s, blocks.Succs))
	}
	skip := make(map[ssa.Instruction]bool)
	for _, b := range h.Parent().Blocks {
		for _, x := range b.Instrs {
			if _, ok := x.(ssa.CallInstruction); ok && !after[b] && (b != h.Block() || !blocks.Precedes(h, x)) {
				skip[x] = true
			}
		}
	}
	return p.needsSkipping(skip, waited, instr, waiter)
}

// startsRunning returns the package's starts whose goroutine may run
// waiter (computed once per waiter: every peer of its waits asks).
func (p *peers) startsRunning(waiter *ssa.Function) []*chanflow.Start {
	if ss, ok := p.runsMemo[waiter]; ok {
		return ss
	}
	up := p.reaches(waiter)
	var out []*chanflow.Start
	for _, s := range p.cf.Starts() {
		if slices.ContainsFunc(s.Targets, func(g *ssa.Function) bool { return up[g] }) {
			out = append(out, s)
		}
	}
	p.runsMemo[waiter] = out
	return out
}

// freshReply reports whether op receives from a channel made for this
// very call of its function: made by the function itself, or by a
// package function it calls that returns, on every path that returns a
// channel at all, one it has just made (alone, or in a field of an
// object it allocates: rq := &request{recvChan: make(chan response, 1)};
// ...; return rq.recvChan). No one else waits on such a channel, and it
// exists to carry the answer to a request: the goroutines that send on
// it or close it (an I/O loop's reply, a flush of the pending requests)
// end the wait unless they need the lock first, whatever the other
// cases of the select (a stop channel whose closer takes the lock) do.
func (p *peers) freshReply(op *chanflow.Op) bool {
	if madeHere(op.Instr) != nil {
		return true
	}
	v := unconvert(op.Chan)
	idx := 0
	if x, ok := v.(*ssa.Extract); ok {
		v, idx = x.Tuple, x.Index
	}
	call, ok := v.(*ssa.Call)
	if !ok || call.Parent() != op.Fn {
		return false
	}
	g := chanflow.Origin(call.Call.StaticCallee())
	if g == nil || g.Blocks == nil || g.Pkg != op.Fn.Pkg {
		return false
	}
	made := false
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || idx >= len(ret.Results) {
			continue
		}
		r := unconvert(ret.Results[idx])
		switch {
		case isNilConst(r):
		case madeIn(r, g):
			made = true
		default:
			return false
		}
	}
	return made
}

// madeIn reports whether v is a channel g has just made: a make in g, or
// the load of a field of an object g allocates, where g stores a make.
func madeIn(v ssa.Value, g *ssa.Function) bool {
	if mk, ok := v.(*ssa.MakeChan); ok {
		return mk.Parent() == g
	}
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	obj, ok := fa.X.(*ssa.Alloc)
	if !ok || obj.Parent() != g {
		return false
	}
	stores := 0
	for _, r := range *obj.Referrers() {
		f, ok := r.(*ssa.FieldAddr)
		if !ok || f.Field != fa.Field {
			continue
		}
		for _, r := range *f.Referrers() {
			if st, ok := r.(*ssa.Store); ok {
				if mk, ok := unconvert(st.Val).(*ssa.MakeChan); !ok || mk.Parent() != g {
					return false
				}
				stores++
			}
		}
	}
	return stores == 1
}

// unconvert strips the conversions of a channel value (chan T to <-chan
// T).
func unconvert(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		default:
			return v
		}
	}
}
