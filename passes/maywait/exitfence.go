package maywait

import (
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
)

// An exit fence: a connection's mux holds errMu for its whole life, and
// closes done in a deferred call on its way out; Err takes errMu, and
// its users call it only once done is closed (case <-c.done: return
// c.Err()). A lock taken only after a receive from a channel that only
// the exit of some function X closes or sends on is taken once X has
// returned: it does not stand in the way of a wait made while X runs
// (X is the waiting function or one of its callers). Such a take
// carries X (lockTake.after), and opWakers leaves it out for the waits
// X runs.

// fenced1 marks ts, the locks instr may take, as taken only after the
// function whose exit fences instr's block returns, if there is one.
func (p *peers) fenced1(ts []lockTake, instr ssa.Instruction) []lockTake {
	if len(ts) == 0 {
		return ts
	}
	x := p.exitFences(instr.Parent())[instr.Block()]
	if x == nil {
		return ts
	}
	out := make([]lockTake, 0, len(ts))
	for _, t := range ts {
		if t.after == nil {
			t.after = x
		}
		out = addTakes(out, t)
	}
	return out
}

// unfenced returns ts less the takes fenced by the exit of a function
// that runs waiter (itself or one of its callers), the others with
// their fence dropped.
func (p *peers) unfenced(ts []lockTake, waiter *ssa.Function) []lockTake {
	var out []lockTake
	for _, t := range ts {
		if t.after != nil {
			if p.reaches(waiter)[t.after] {
				continue
			}
			t.after = nil
		}
		out = addTakes(out, t)
	}
	return out
}

// exitFences maps the blocks of fn that run only after a receive from a
// channel that one function's exit signals (exitSignaller) to that
// function: the blocks a receive case of a select leads to, and those a
// block with a receive dominates.
func (p *peers) exitFences(fn *ssa.Function) map[*ssa.BasicBlock]*ssa.Function {
	if m, ok := p.fenceMemo[fn]; ok {
		return m
	}
	var m map[*ssa.BasicBlock]*ssa.Function
	mark := func(from *ssa.BasicBlock, x *ssa.Function, strict bool) {
		for _, b := range fn.Blocks {
			if from.Dominates(b) && (!strict || b != from) && m[b] == nil {
				if m == nil {
					m = make(map[*ssa.BasicBlock]*ssa.Function)
				}
				m[b] = x
			}
		}
	}
	for _, r := range p.recvsIn(fn) {
		if x := p.exitSignaller(r.ch); x != nil {
			mark(r.from, x, r.strict)
		}
	}
	p.fenceMemo[fn] = m
	return m
}

// exitSignaller returns the function X when c is closed or sent on only
// on X's way out: in a call X defers, or in a function only such calls
// run; nil otherwise, or when code outside the package may use c.
func (p *peers) exitSignaller(c *chanflow.Chan) *ssa.Function {
	if c == nil || c.Open {
		return nil
	}
	if x, ok := p.signalled[c]; ok {
		return x
	}
	p.signalled[c] = nil
	var x *ssa.Function
	for _, op := range c.Ops {
		if op.Kind != chanflow.Close && op.Kind != chanflow.Send {
			continue
		}
		var at *ssa.Function
		if _, ok := op.Instr.(*ssa.Defer); ok {
			at = op.Fn // defer close(c.done)
		} else {
			at = p.exitOf(op.Fn)
		}
		if at == nil || x != nil && at != x {
			return nil
		}
		x = at
	}
	p.signalled[c] = x
	return x
}

// exitOf returns X when fn runs only on X's way out: every call of fn is
// deferred by X, or made by a function that runs only on X's way out; fn
// is unexported, and no goroutine starts it.
func (p *peers) exitOf(fn *ssa.Function) *ssa.Function {
	if x, ok := p.exitMemo[fn]; ok {
		return x
	}
	p.exitMemo[fn] = nil // recursion proves nothing
	calls := p.callers[fn]
	if len(calls) == 0 || p.started(fn) || fn.Object() != nil && fn.Object().Exported() {
		return nil
	}
	var x *ssa.Function
	for _, c := range calls {
		var at *ssa.Function
		if _, ok := c.(*ssa.Defer); ok {
			at = c.Parent()
		} else {
			at = p.exitOf(c.Parent())
		}
		if at == nil || x != nil && at != x {
			return nil
		}
		x = at
	}
	p.exitMemo[fn] = x
	return x
}
