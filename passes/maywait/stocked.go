package maywait

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

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
	receives := func(o *chanflow.Op) bool { return o.Kind == chanflow.Recv || o.Kind == chanflow.Range }
	return p.commonLock(c, receives, func(*chanflow.Op) bool { return true })
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
