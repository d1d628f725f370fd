package maywait

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
)

// A close exit: a shaper loop leaves only on <-s.die or <-s.writeErr,
// channels nothing ever sends on, only closes, and its deferred cleanup
// then write-locks the admission lock. A writer holding the read lock
// while it waits on a select that watches die and writeErr is ready by
// the time the loop's cleanup waits for the lock: the cleanup neither
// keeps the writer waiting (its lock is no lock the peer takes before
// serving) nor stands, as a queued writer, between two read locks.

// closeOnly returns the channels of own that are only ever closed: no
// send in the package, no code outside it. A receive from one has
// completed only once it is closed, and then every wait that watches it
// is ready.
func closeOnly(own []*chanflow.Chan) []*chanflow.Chan {
	var out []*chanflow.Chan
	for _, c := range own {
		if c != nil && !c.Open && !slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool { return op.Kind == chanflow.Send }) {
			out = append(out, c)
		}
	}
	return out
}

// closeCases returns the blocks of fn that run only after a receive
// from one of cs has completed (see recvsIn).
func (p *peers) closeCases(fn *ssa.Function, cs []*chanflow.Chan) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, r := range p.recvsIn(fn) {
		if slices.Contains(cs, r.ch) {
			out = append(out, r.from)
		}
	}
	return out
}

// A recvAt is a receive of a function: the blocks from dominates run
// only after it has completed, from itself included unless strict (the
// receive is in from, not before it).
type recvAt struct {
	from   *ssa.BasicBlock
	strict bool
	ch     *chanflow.Chan
}

// recvsIn returns fn's receives: a select's receive cases, which lead
// to their case blocks, and plain receives.
func (p *peers) recvsIn(fn *ssa.Function) []recvAt {
	var out []recvAt
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Select:
				cases := blocks.CaseBlocks(instr)
				for i, st := range instr.States {
					if st.Dir == types.RecvOnly && cases[i] != nil {
						out = append(out, recvAt{cases[i], false, p.cf.ChanOf(st.Chan)})
					}
				}
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					out = append(out, recvAt{b, true, p.cf.ChanOf(instr.X)})
				}
			}
		}
	}
	return out
}

// afterClose reports whether b runs only after a receive of closeCases.
func afterClose(b *ssa.BasicBlock, cases []*ssa.BasicBlock) bool {
	return slices.ContainsFunc(cases, func(c *ssa.BasicBlock) bool { return c.Dominates(b) })
}

// leavesOnClose reports whether every return of fn comes after a
// receive from a channel of own that is only closed: its deferred calls
// run only once the wait watching own is ready. (A panic ends the
// program, not the wait.)
func (p *peers) leavesOnClose(fn *ssa.Function, own []*chanflow.Chan) bool {
	cs := closeOnly(own)
	if fn == nil || fn.Blocks == nil || len(cs) == 0 {
		return false
	}
	cases := p.closeCases(fn, cs)
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue // reached by a recovered panic only
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !afterClose(b, cases) {
			return false
		}
	}
	return true
}

// exitDropped returns ts less the takes that come only once the wait
// is ready: a peer's deferred calls (lockTake.atExit) when it leaves
// only on a close (leavesOnClose), and a lock taken after the same
// object's channel the wait watches is closed (lockTake.sealed); the
// others with their marks dropped.
func (p *peers) exitDropped(ts []lockTake, own []*chanflow.Chan) []lockTake {
	var out []lockTake
	for _, t := range ts {
		if t.atExit != nil && p.leavesOnClose(t.atExit, own) || t.sealed != nil && slices.Contains(own, t.sealed) {
			continue
		}
		t.atExit, t.sealed = nil, nil
		out = addTakes(out, t)
	}
	return out
}

// sealedBy returns a channel that a close before the lock call c, on
// every path in its function (itself, or a call that must close it, as
// a Once.Do's body), closes, where the channel hangs off root, the value
// the lock hangs off: Close closing s.die and then locking s.mu. Another
// goroutine that calls Close on its way to a wait's peer either closed
// the die of the waiter's object, whose wait then is ready, or locks
// another object's lock. Nil when there is none.
func (p *peers) sealedBy(c ssa.CallInstruction, root ssa.Value) *chanflow.Chan {
	if p.closers == nil {
		p.closers = make(map[ssa.Value][]*chanflow.Chan)
		for _, ch := range p.cf.Chans() {
			for _, op := range ch.Ops {
				if op.Kind != chanflow.Close {
					continue
				}
				if r := p.prog.Of(op.Chan); r.Root != nil && !slices.Contains(p.closers[r.Root], ch) {
					p.closers[r.Root] = append(p.closers[r.Root], ch)
				}
			}
		}
	}
	fn := c.Parent()
	for _, ch := range p.closers[root] {
		// Its closes in fn and fn's literals (a Once.Do's body) close
		// root's channel, not another object's of the class.
		other := slices.ContainsFunc(ch.Ops, func(op *chanflow.Op) bool {
			return op.Kind == chanflow.Close && (op.Fn == fn || op.Fn.Parent() == fn) && p.prog.Of(op.Chan).Root != root
		})
		if !other && p.closedEarlier(c, ch) {
			return ch
		}
	}
	return nil
}

// writeAfterClose reports whether the write lock at site is taken only
// once a channel of own that is only closed has been: after a receive
// from one in its function, or in a call deferred by a function that
// leaves only after such a receive (the loop's cleanup).
func (p *peers) writeAfterClose(site ssa.CallInstruction, own []*chanflow.Chan) bool {
	cs := closeOnly(own)
	if len(cs) == 0 {
		return false
	}
	fn := site.Parent()
	if afterClose(site.Block(), p.closeCases(fn, cs)) {
		return true
	}
	calls := p.callers[fn]
	if len(calls) == 0 || p.started(fn) || fn.Object() != nil && fn.Object().Exported() {
		return false
	}
	for _, c := range calls {
		if _, ok := c.(*ssa.Defer); !ok || !p.leavesOnClose(c.Parent(), own) {
			return false
		}
	}
	return true
}
