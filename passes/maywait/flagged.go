package maywait

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// A wait made only once a flag is seen set (robfig/cron's Schedule:
// under runningMu, if c.running, send to the run loop) has the peers
// that set the flag behind the lock they set it under:
//
//	func (c *Cron) Run() {
//		c.runningMu.Lock()
//		...
//		c.running = true
//		c.runningMu.Unlock()
//		c.run() // receives c.add
//	}
//
// The waiter saw the flag set, so the section that set it has begun
// before; it holds the lock now, so that section is over. A peer whose
// lock call opens such a section does not take the lock there on its
// way to its side any more. The proof holds when every store of true
// into the flag is made in a section of a lock (a lock call that
// dominates the store, with no unlock of its class between) and is
// followed, in its function, by a call or a go statement that runs the
// peer's function: the flag then says that some goroutine set it and
// went on to the peer's side (Start sets it and starts the loop). Those
// lock calls are left out of what the peer takes before its side; its
// other lock calls still count.

// A flagWant is a flag whose value guards a wait: set (true, non-nil),
// or clear (a bool flag that is false: Stop sends to the loop only if
// !c.stopped, and Start clears it before it runs the loop).
type flagWant struct {
	class string
	set   bool
}

// guardFlags returns the flags of the channel's owner whose value guards
// op (flagTests).
func (p *peers) guardFlags(op *chanflow.Op) []flagWant {
	var out []flagWant
	for _, t := range p.flagTests(op.Instr.Block(), op.Chan) {
		if t.flag.Class != "" {
			out = append(out, flagWant{t.flag.Class, t.set})
		}
	}
	return out
}

// publishing returns the lock calls that open the sections giving the
// flag the value f wants, when every store of that value into it is in
// such a section and followed by a run of fn, or made in fn before
// instr, the peer's side (see above); nil otherwise. A flag wanted
// clear must be set (true) by the constructor, in the object it
// allocates: its zero value says nothing.
func (p *peers) publishing(f flagWant, fn *ssa.Function, instr ssa.Instruction) map[ssa.Instruction]bool {
	runsFn := p.reaches(fn)
	out := make(map[ssa.Instruction]bool)
	initialized := false
	for _, st := range p.fieldStores(f.class) {
		c, ok := st.Val.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
			return nil // a flag set from a variable: not followed
		}
		if constant.BoolVal(c.Value) != f.set {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && !f.set {
				if a, ok := fa.X.(*ssa.Alloc); ok && a.Parent() == st.Parent() {
					initialized = true
				}
			}
			continue // the other value proves nothing and costs nothing
		}
		lock := sectionOf(p, st)
		if lock == nil || !p.runsAfter(st, runsFn) && !(st.Parent() == fn && blocks.Precedes(st, instr)) {
			return nil
		}
		out[lock] = true
	}
	if len(out) == 0 || !f.set && !initialized {
		return nil
	}
	return out
}

// sectionOf returns the lock call whose section st is in: the nearest
// lock call that dominates it, with no unlock of the same class between.
func sectionOf(p *peers, st *ssa.Store) ssa.Instruction {
	b, stop := st.Block(), ssa.Instruction(st)
	released := map[string]bool{}
	for b != nil {
		instrs := b.Instrs
		for i := len(instrs) - 1; i >= 0; i-- {
			x := instrs[i]
			if stop != nil {
				if x == stop {
					stop = nil
				}
				continue
			}
			c, ok := x.(ssa.CallInstruction)
			if _, deferred := x.(*ssa.Defer); !ok || deferred {
				continue // a deferred unlock runs at the end
			}
			e, ok := p.m.Lookup(calleeObj(c.Common()))
			if !ok || !e.Is(model.Locks) && !e.Is(model.Unlocks) {
				continue
			}
			cls := p.recvClass(c.Common())
			if e.Is(model.Unlocks) {
				released[cls] = true
			} else if t, ok := p.lockOf(c); ok && !released[t.class] {
				return x
			}
		}
		b = b.Idom()
	}
	return nil
}

// runsAfter reports whether, after st in its function, a call or go
// statement runs one of fns (the functions that may call the peer's).
func (p *peers) runsAfter(st *ssa.Store, fns map[*ssa.Function]bool) bool {
	for _, b := range st.Parent().Blocks {
		for _, x := range b.Instrs {
			c, ok := x.(ssa.CallInstruction)
			if !ok || !blocks.Precedes(st, x) {
				continue
			}
			gs := p.calleesOf(c)
			if g := c.Common().StaticCallee(); g != nil {
				gs = append(gs, g) // a go statement's, too
			}
			for _, g := range gs {
				if fns[g] {
					return true
				}
			}
		}
	}
	return false
}

// flaggedNeeds returns what a peer at instr needs, without the lock
// calls that open a section setting one of the flags that guard wait;
// ts, what it needs with them, when no flag does.
func (p *peers) flaggedNeeds(wait *chanflow.Op, instr ssa.Instruction, waited string, ts []lockTake) []lockTake {
	skip := make(map[ssa.Instruction]bool)
	for _, f := range p.guardFlags(wait) {
		for lock := range p.publishing(f, instr.Parent(), instr) {
			skip[lock] = true
		}
	}
	if len(skip) == 0 {
		return ts
	}
	return p.needsSkipping(skip, waited, instr, wait.Fn)
}

// needsSkipping returns ownedNeeds(waited, instr, waiter) without the
// lock calls in skip.
func (p *peers) needsSkipping(skip map[ssa.Instruction]bool, waited string, instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	// The memos hold answers with every lock call: this walk keeps its
	// own.
	takes, needs, callers, before := p.takesMemo, p.needsMemo, p.callerMemo, p.beforeMemo
	p.takesMemo, p.needsMemo = make(map[fnFor][]lockTake), make(map[instrFor][]lockTake)
	p.callerMemo, p.beforeMemo = make(map[fnFor][]lockTake), make(map[instrFor][]lockTake)
	p.skip = skip
	out := p.ownedNeeds(waited, instr, waiter)
	p.skip = nil
	p.takesMemo, p.needsMemo, p.callerMemo, p.beforeMemo = takes, needs, callers, before
	return out
}
