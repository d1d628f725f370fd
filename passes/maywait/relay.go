package maywait

import (
	"go/token"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/passes/model"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/internal/reach"
)

// A goroutine blocked sending on an unbuffered channel goes on only once
// a receiver takes the value: when every receiver of the channel may
// take a lock before it receives, so may the sender before it gets past
// its send, in effect. A worker that a WaitGroup counts and that hands
// its batch to a committer locking first needs the committer's lock
// before its Done:
//
//	l.mu.Lock()
//	... go func() { defer wg.Done(); l.batches <- p }() ...
//	wg.Wait() // the committer locks l.mu before <-l.batches
//
// relayed returns those locks for the bare sends of instr's function
// that may come before it (any of them, for a deferred call), one level
// deep: what the receivers need is needsDirect, without sends of their
// own relayed, so that the memos of the walks hold one thing.
func (p *peers) relayed(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	k := instrFor{instr, waiter}
	if t, ok := p.relayMemo[k]; ok {
		return t
	}
	p.relayMemo[k] = nil
	var out takeSet
	blk := instr.Block()
	if blk == nil {
		return nil
	}
	_, deferred := instr.(*ssa.Defer)
	before := blocks.Reachable(blk, blocks.Preds)
	for _, b := range instr.Parent().Blocks {
		if !deferred && !before[b] && b != blk {
			continue
		}
		for _, x := range b.Instrs {
			if x == instr && b == blk && !deferred && !before[blk] {
				break // the rest of the block comes after (unless a loop brings it back)
			}
			if x != instr {
				out.add(p.relayTakes(x, waiter)...)
			}
		}
	}
	p.relayMemo[k] = out.list
	return out.list
}

// relayTakes returns the locks a bare send waits for, with via set. Only
// sends relay: a receive before the peer's side may be of the waiter's
// own request (served.go's case). Not relayed: a channel code outside
// the package may use, or that some make gives room; a receiver in the
// sender's function or in the waiting one (the waiter may be the
// receiver); a receiver of a select, whose other cases may take it
// away; a channel with no receiver in the package.
func (p *peers) relayTakes(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	if c, ok := instr.(*ssa.Call); ok {
		return append(p.joinRelay(c, waiter), p.calleeCloseRelay(c, waiter)...)
	}
	send, ok := instr.(*ssa.Send)
	if !ok {
		return nil
	}
	c := p.cf.ChanOf(send.Chan)
	if c == nil || c.Open {
		return nil
	}
	if n, ok := c.Cap(); !ok || n != 0 {
		return nil
	}
	var via *chanflow.Op
	for _, op := range c.Ops {
		if op.Instr == instr {
			via = op
		}
	}
	if via == nil {
		return nil
	}
	var common []lockTake
	first := true
	for _, op := range c.Ops {
		if !counterpart(chanflow.Send, op.Kind) {
			continue
		}
		if op.Select != nil || op.Fn == instr.Parent() || waiter != nil && within(op.Fn, waiter) {
			return nil
		}
		ts := p.needsDirect(op.Instr, waiter)
		if first {
			common, first = ts, false
			continue
		}
		common = slicesKeep(common, ts)
		if len(common) == 0 {
			return nil
		}
	}
	out := make([]lockTake, 0, len(common))
	for _, t := range common {
		if t.after != nil {
			continue // taken only once a function has returned
		}
		t.via = via
		out = append(out, t)
	}
	return out
}

// A goroutine that receives from a channel nobody sends on goes on only
// once it is closed: when every closer may take a lock before the close
// (a loop that takes the pool's lock each turn and closes stopped as it
// leaves), so may the receiver before it gets past its receive, in
// effect. A worker's stop (cancel(); <-sl.stopped), called by a
// goroutine a WaitGroup counts before its Done:
//
//	sp.Lock()
//	... go func() { defer wg.Done(); sl.stop() }() ...
//	wg.Wait() // sl.run read-locks sp each turn, and closes sl.stopped on exit
//
// calleeCloseRelay returns those locks for the bare receives of the
// package function call calls (one call down), on channels that have no
// send and whose closers are neither that function nor the waiter, but
// goroutines' bodies (see goroutineBody).
func (p *peers) calleeCloseRelay(call *ssa.Call, waiter *ssa.Function) []lockTake {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != call.Parent().Pkg || callee.Blocks == nil {
		return nil
	}
	var out []lockTake
	for _, b := range callee.Blocks {
		for _, instr := range b.Instrs {
			if recv, ok := instr.(*ssa.UnOp); ok && recv.Op == token.ARROW {
				out = append(out, p.closeRelay(recv, waiter)...)
			}
		}
	}
	return out
}

// closeRelay returns the locks every closer of recv's channel may take
// before its close, with via set, when the channel has no send.
func (p *peers) closeRelay(recv *ssa.UnOp, waiter *ssa.Function) []lockTake {
	c := p.cf.ChanOf(recv.X)
	if c == nil || c.Open {
		return nil
	}
	var via *chanflow.Op
	var common []lockTake
	first := true
	for _, op := range c.Ops {
		switch {
		case op.Instr == recv:
			via = op
		case op.Kind == chanflow.Send:
			return nil
		case op.Kind == chanflow.Close:
			if op.Fn == recv.Parent() || waiter != nil && within(op.Fn, waiter) || !p.goroutineBody(op.Fn) {
				return nil
			}
			ts := p.needsDirect(op.Instr, waiter)
			if first {
				common, first = ts, false
			} else if common = slicesKeep(common, ts); len(common) == 0 {
				return nil
			}
		}
	}
	if via == nil || first {
		return nil
	}
	out := make([]lockTake, 0, len(common))
	for _, t := range common {
		if t.after == nil {
			t.via = via
			out = append(out, t)
		}
	}
	return out
}

// goroutineBody reports whether fn is the body of a goroutine the
// package starts (go l.run(ctx)): the closer is a goroutine whose exit
// the receiver waits for, not a call made on any goroutine (a cache
// value's load, which closes loaded once, and whose users hold
// references the closer's lock cannot wait for).
func (p *peers) goroutineBody(fn *ssa.Function) bool {
	for _, st := range p.cf.RunBy(fn) {
		if slices.Contains(st.Targets, fn) {
			return true
		}
	}
	return false
}

// within reports whether fn is g or a function literal inside it.
func within(fn, g *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == g {
			return true
		}
	}
	return false
}

// slicesKeep returns the takes of a whose lock is in b too (by class,
// mode and value path).
func slicesKeep(a, b []lockTake) []lockTake {
	var out []lockTake
	for _, t := range a {
		for _, u := range b {
			if t.class == u.class && t.mode == u.mode && t.inst == u.inst {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// relayDesc extends a peer's description with the send it needs a
// receiver for: "..., which first sends on Log.batches (log.go:37) to
// (*Log).committer, run by the goroutine started at log.go:15, which".
func (p *peers) relayDesc(desc string, via *chanflow.Op) string {
	c := p.cf.ChanOf(via.Chan)
	var recv *ssa.Function
	if c != nil {
		for _, op := range c.Ops {
			if counterpart(chanflow.Send, op.Kind) {
				recv = op.Fn
				break
			}
		}
	}
	sep := func(s string) string {
		if strings.HasSuffix(s, ",") {
			return s + " "
		}
		return s + ", "
	}
	fset := p.prog.Pkg.Prog.Fset
	if via.Kind == chanflow.Recv {
		// A receive waits for the close (see closeRelay).
		out := sep(desc) + "which first waits (" + reach.PosString(fset, via.Pos) + ") for " + c.Display() + " to be closed"
		for _, op := range c.Ops {
			if op.Kind == chanflow.Close {
				return out + " by " + sep(p.funcDesc(op.Fn)) + "which"
			}
		}
		return out + ", which"
	}
	out := sep(desc) + "which first sends on " + c.Display() + " (" + reach.PosString(fset, via.Pos) + ")"
	if recv != nil {
		out += " to " + sep(p.funcDesc(recv)) + "which"
	}
	return out
}

// joinDesc extends a peer's description with the group Wait it needs
// the Dones of: "..., which first waits (rs.go:57) for the Done of a
// func literal in (*S).ScrapeAll, run by the goroutine started at
// rs.go:52, which".
func (p *peers) joinDesc(desc string, wait *ssa.Call) string {
	out := strings.TrimSuffix(desc, ",") + ", which first waits (" + reach.PosString(p.prog.Pkg.Prog.Fset, wait.Pos()) + ")"
	for _, d := range p.dones[p.recvClass(wait.Common())] {
		if d.Parent() != wait.Parent() {
			return out + " for the Done of " + strings.TrimSuffix(p.funcDesc(d.Parent()), ",") + ", which"
		}
	}
	return out + ", which"
}

// A goroutine that waits for a WaitGroup before its side (a closer's
// wg.Wait(); close(out)) goes on only once every goroutine the group
// counts has called Done: when one of them may take a lock before its
// Done (a worker that records its failure under the lock, then returns),
// so may the waiter's peer, in effect.
//
//	s.mu.Lock()
//	... go func() { defer wg.Done(); s.scrape(t, out) }() ...
//	go func() { wg.Wait(); close(out) }()
//	for smp := range out { // a failing scrape locks s.mu before its Done

// joinRelay returns, for c a WaitGroup's (or errgroup's) Wait, the locks
// the goroutines calling Done on a group of the same class may take
// before it (needsDirect, one level deep), with join set.
func (p *peers) joinRelay(c *ssa.Call, waiter *ssa.Function) []lockTake {
	e, ok := p.m.Lookup(calleeObj(c.Common()))
	if !ok || !e.Is(model.Joins) || e.Is(model.Spawns) {
		return nil
	}
	cls := p.recvClass(c.Common())
	if cls == "" {
		return nil
	}
	var out takeSet
	for _, d := range p.dones[cls] {
		if d.Parent() == c.Parent() || d.Parent() == waiter {
			continue // the peer's or the waiter's own Done
		}
		for _, t := range p.uncounted(cls, d, p.owned(cls, p.needsDirect(d, waiter)), waiter) {
			if t.after != nil {
				continue
			}
			t.join = c
			out.add(t)
		}
	}
	return out.list
}
