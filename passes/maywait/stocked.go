package maywait

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"
)

// stocked reports whether n is a receive that finds a value: it runs
// only while len of its channel is above zero, the only receive of the
// channel under that test, and every receive of the channel in the
// package (none outside it) holds a write lock they all hold, so no
// other goroutine takes the value between the test and the receive
// (a paused consumer moving its parked messages on while
// len(suppressed) > 0).
func (p *peers) stocked(n ast.Node) bool {
	u, ok := n.(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW || p.locks == nil {
		return false
	}
	ops := p.opsAt[u.OpPos]
	if len(ops) != 1 || ops[0].Kind != chanflow.Recv || ops[0].Select != nil {
		return false
	}
	op := ops[0]
	c := p.chanOf[op]
	if c.Open || !p.lenTested(op) {
		return false
	}
	// A receiver that starts only once the channel is closed (a drain
	// after the close) takes values from a closed channel: the receive
	// under the test then finds one or the close, and does not wait.
	receives := func(o *chanflow.Op) bool {
		return (o.Kind == chanflow.Recv || o.Kind == chanflow.Range) && !p.startsAfterClose(o.Fn, c)
	}
	return p.commonLock(c, receives, func(*chanflow.Op) bool { return true })
}

// startsAfterClose reports whether fn runs only as the body of goroutines
// started after a call that closes a channel of c on every path (Close
// calling AsyncClose, whose Once.Do closes it, then draining it).
func (p *peers) startsAfterClose(fn *ssa.Function, c *chanflow.Chan) bool {
	starts := p.cf.RunBy(fn)
	if len(starts) == 0 {
		return false
	}
	for _, s := range starts {
		if !slices.Contains(s.Targets, fn) || !p.closedEarlier(s.Instr, c) {
			return false
		}
	}
	return true
}

// closedEarlier reports whether a close of a channel of c, or a call
// that must close one (a Once.Do whose body does), comes before instr on
// every path to it, in its function.
func (p *peers) closedEarlier(instr ssa.Instruction, c *chanflow.Chan) bool {
	blk := instr.Block()
	for _, b := range instr.Parent().Blocks {
		if !b.Dominates(blk) {
			continue
		}
		for _, x := range b.Instrs {
			if x == instr {
				break
			}
			if _, deferred := x.(*ssa.Defer); deferred {
				continue // it closes on the way out, not here
			}
			if op := p.opOf(c, x); op != nil && op.Kind == chanflow.Close {
				return true
			}
			call, ok := x.(*ssa.Call)
			if !ok {
				continue
			}
			if p.mustClose(call.Call.StaticCallee(), c, 2) {
				return true
			}
			for _, g := range p.cf.CallTargets(call) { // a Once.Do's body
				if p.mustClose(g, c, 1) {
					return true
				}
			}
		}
	}
	return false
}

// mustClose reports whether every return of fn comes after a close of a
// channel of c: its own, or one of a function it runs on every path (a
// body sync.Once.Do runs, which has run when Do returns).
func (p *peers) mustClose(fn *ssa.Function, c *chanflow.Chan, depth int) bool {
	if fn == nil || fn.Blocks == nil || depth < 0 {
		return false
	}
	for _, op := range c.Ops {
		if op.Kind == chanflow.Close && op.Fn == fn {
			if every, returns := blocks.OnEveryReturn(op.Instr.Block()); every && returns {
				return true
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			call, ok := x.(*ssa.Call)
			if !ok {
				continue
			}
			if every, _ := blocks.OnEveryReturn(b); !every {
				continue
			}
			for _, g := range p.cf.CallTargets(call) {
				if p.mustClose(g, c, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// lenTested reports whether op, a receive, runs only where a test of
// len(ch) > 0 (or != 0) on its channel is true, and is the only receive
// of the channel in the code that test guards.
func (p *peers) lenTested(op *chanflow.Op) bool {
	ch := p.prog.Of(op.Chan)
	same := func(v ssa.Value) bool { return v == op.Chan || refs.Same(ch, p.prog.Of(v)) }
	blk := op.Instr.Block()
	for _, b := range op.Fn.Blocks {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || !b.Succs[0].Dominates(blk) || !positiveLen(ifi.Cond, same) {
			continue
		}
		guarded := b.Succs[0]
		for _, g := range op.Fn.Blocks {
			if !guarded.Dominates(g) {
				continue
			}
			for _, instr := range g.Instrs {
				if r, ok := instr.(*ssa.UnOp); ok && r.Op == token.ARROW && r != op.Instr && same(r.X) {
					return false
				}
				if s, ok := instr.(*ssa.Select); ok && s != op.Instr {
					for _, st := range s.States {
						if st.Dir == types.RecvOnly && same(st.Chan) {
							return false
						}
					}
				}
			}
		}
		return true
	}
	return false
}

// positiveLen reports whether cond is len(x) > 0, 0 < len(x) or
// len(x) != 0 for a channel x that same accepts.
func positiveLen(cond ssa.Value, same func(ssa.Value) bool) bool {
	bin, ok := cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	lenOf := func(v ssa.Value) bool {
		call, ok := v.(*ssa.Call)
		if !ok {
			return false
		}
		b, ok := call.Call.Value.(*ssa.Builtin)
		return ok && b.Name() == "len" && len(call.Call.Args) == 1 && same(call.Call.Args[0])
	}
	zero := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value != nil && c.Value.String() == "0"
	}
	switch bin.Op {
	case token.GTR, token.NEQ:
		return lenOf(bin.X) && zero(bin.Y)
	case token.LSS:
		return zero(bin.X) && lenOf(bin.Y)
	}
	return false
}
