package taskleak

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"
)

// drainedAgain reports a bare receive, in a loop over every channel of a
// collection (a slice or array of channels), on channels that each carry
// one value: every channel is made for one goroutine that sends on it at
// most once, and nothing closes it. When another receive of the same
// collection can run first (the gathering loop that took the replies
// that arrived before ctx ended), the loop that drains every channel
// again waits, on each channel already received from, for a second value
// that never comes: forever.
func drainedAgain(pass *analysis.Pass, flows *chanflow.Result, c *chanflow.Chan) {
	if c.Has(chanflow.Close, nil) || !c.Has(chanflow.Send, nil) {
		return
	}
	var send *chanflow.Op
	for _, op := range c.Ops {
		if op.Kind == chanflow.Send {
			if !sendsOnce(flows, op) {
				return
			}
			send = op
		}
	}
	prog := flows.Program()
	for _, again := range c.Ops {
		if again.Kind != chanflow.Recv || again.Select != nil {
			continue
		}
		all := everyElem(again)
		if all == nil {
			continue
		}
		coll := prog.Of(all)
		for _, first := range c.Ops {
			if first == again || first.Kind != chanflow.Recv {
				continue
			}
			s := elemOf(first.Chan)
			if s == nil || !refs.SameClass(coll, prog.Of(s)) || !runsBefore(flows, first, again) {
				continue
			}
			pass.Reportf(again.Pos, "receive from %s blocks forever on a channel already received from at %s: each channel gets one value (the send at %s) and nobody closes it; receive only from the channels not yet received, or close each after its send",
				c.Display(), where(pass, first.Pos), where(pass, send.Pos))
			break
		}
	}
}

// sendsOnce reports whether the send op puts at most one value on its
// channel: it runs at most once in its function, which only go
// statements run, each binding the channel to a channel made for that
// goroutine (in the go statement's block, or before it outside any
// loop).
func sendsOnce(flows *chanflow.Result, op *chanflow.Op) bool {
	if chanflow.InCycle(op.Instr.Block()) {
		return false
	}
	starts := flows.RunBy(op.Fn)
	if len(starts) == 0 {
		return false
	}
	for _, s := range starts {
		g, ok := s.Instr.(*ssa.Go)
		if !ok || s.Target() != op.Fn {
			return false
		}
		mk := boundMake(flows, g, op.Fn, op.Chan)
		if mk == nil {
			return false
		}
		if b := g.Block(); mk.Block() != b && (!mk.Block().Dominates(b) || chanflow.InCycle(b)) {
			return false
		}
	}
	return true
}

// boundMake returns the make the go statement g binds the channel ch of
// fn to (a variable a literal captures, a parameter of a function), or
// nil.
func boundMake(flows *chanflow.Result, g *ssa.Go, fn *ssa.Function, ch ssa.Value) *ssa.MakeChan {
	if p, ok := ch.(*ssa.Parameter); ok {
		if g.Call.StaticCallee() != fn || g.Call.IsInvoke() {
			return nil
		}
		for i, x := range fn.Params {
			if x == p && i < len(g.Call.Args) {
				mk, _ := g.Call.Args[i].(*ssa.MakeChan)
				return mk
			}
		}
		return nil
	}
	if mc, ok := g.Call.Value.(*ssa.MakeClosure); !ok || mc != flows.Program().Closure(fn) {
		return nil
	}
	r := flows.Program().Of(ch)
	mk, _ := r.Root.(*ssa.MakeChan)
	if r.Path != "" || mk == nil || mk.Parent() != g.Parent() {
		return nil
	}
	return mk
}

// elemOf returns the slice or array a channel value is loaded from, as
// an element, or nil.
func elemOf(v ssa.Value) ssa.Value {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	ia, ok := ld.X.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	return ia.X
}

// everyElem returns the collection a receive takes its channel from
// when the receive runs on every iteration of a range over the whole
// collection (not a reslice of it), or nil.
func everyElem(op *chanflow.Op) ssa.Value {
	ld, ok := op.Chan.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	ia, ok := ld.X.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	if _, resliced := ia.X.(*ssa.Slice); resliced {
		return nil
	}
	// A range over a slice counts its index from -1: incr = phi + 1,
	// with the phi in the loop's header.
	incr, ok := ia.Index.(*ssa.BinOp)
	if !ok || incr.Op != token.ADD {
		return nil
	}
	phi, ok := incr.X.(*ssa.Phi)
	if !ok || !startsAt(phi, -1) {
		return nil
	}
	// The receive runs on every iteration: its block dominates every
	// edge back to the header.
	head, b := phi.Block(), op.Instr.Block()
	for _, p := range head.Preds {
		if head.Dominates(p) && !b.Dominates(p) {
			return nil
		}
	}
	return ia.X
}

// startsAt reports whether one of the phi's edges is the constant k.
func startsAt(phi *ssa.Phi, k int64) bool {
	for _, e := range phi.Edges {
		if c, ok := e.(*ssa.Const); ok && c.Value != nil {
			if n, exact := constantInt(c); exact && n == k {
				return true
			}
		}
	}
	return false
}

// runsBefore reports whether the receive first can run before the
// receive then: in the same function, on a path from one to the other;
// or then's function is started or called by first's function after
// first.
func runsBefore(flows *chanflow.Result, first, then *chanflow.Op) bool {
	if first.Fn == then.Fn {
		return after(first.Instr, then.Instr)
	}
	for _, s := range flows.RunBy(then.Fn) {
		if s.In == first.Fn && s.Target() == then.Fn && after(first.Instr, s.Instr) {
			return true
		}
	}
	for _, b := range first.Fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && call.Call.StaticCallee() == then.Fn && after(first.Instr, call) {
				return true
			}
		}
	}
	return false
}

// after reports whether b can run after a, in a's function.
func after(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb && indexOf(ab, a) < indexOf(bb, b) {
		return true
	}
	return chanflow.Reaches(ab, bb)
}
