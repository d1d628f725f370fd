package maywait

import (
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
)

// countedDown reports whether n is a send that finds room because the
// channel counts down: every make of it (none outside the package)
// takes its capacity from a counter, a field or a map element, and
// every send on it, with a write lock held that every send holds,
// comes after a decrement of that counter of its own, so no more
// values are sent than were counted when the channel was made (a shim
// that waits for a container's running execs to exit: each exit counts
// itself out and sends the new count to a channel sized to the count).
// The proof takes the count not to go up while the channel is in use;
// a send that takes nothing off the count (a progress report) breaks it.
func (p *peers) countedDown(n ast.Node) bool {
	send := p.lockedSend(n)
	if send == nil {
		return false
	}
	c := p.chanOf[send]
	if c == nil || c.Open || len(c.Makes) == 0 {
		return false
	}
	counter := ""
	for _, mk := range c.Makes {
		k := p.counterClass(mk.Size)
		if k == "" || (counter != "" && k != counter) {
			return false
		}
		counter = k
	}
	used := make(map[ssa.Instruction]bool)
	return p.commonLock(c, func(op *chanflow.Op) bool { return op.Kind == chanflow.Send }, func(op *chanflow.Op) bool {
		if op.Select != nil {
			return false
		}
		dec := p.decrementBefore(op.Instr, counter)
		if dec == nil || used[dec] {
			return false
		}
		used[dec] = true
		return true
	})
}

// counterClass returns the class of the counter whose value v is (a
// load of a field, an element of a map), or "".
func (p *peers) counterClass(v ssa.Value) string {
	for {
		c, ok := v.(*ssa.Convert)
		if !ok {
			break
		}
		v = c.X
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if !fieldLoad(x) {
			return ""
		}
	case *ssa.Lookup:
	case *ssa.Extract:
		if _, ok := x.Tuple.(*ssa.Lookup); !ok || x.Index != 0 {
			return ""
		}
	default:
		return ""
	}
	return p.prog.Of(v).Class
}

// decrementBefore returns the decrement of the counter of class k that
// comes before the instruction on every path to it, in its function and
// in the same turn of any loop it is in, or nil.
func (p *peers) decrementBefore(at ssa.Instruction, k string) ssa.Instruction {
	loop := blocks.Loop(at.Block())
	for _, b := range at.Parent().Blocks {
		if !b.Dominates(at.Block()) || (loop != nil && !loop[b]) {
			continue
		}
		for _, instr := range b.Instrs {
			if b == at.Block() && instr == at {
				break
			}
			if p.decrements(instr, k) {
				return instr
			}
		}
	}
	return nil
}

// decrements reports whether instr stores, in the counter of class k,
// its value less one (x--, x -= 1, m[key]--).
func (p *peers) decrements(instr ssa.Instruction, k string) bool {
	var val ssa.Value
	switch s := instr.(type) {
	case *ssa.Store:
		if p.prog.Of(s.Addr).Class != k {
			return false
		}
		val = s.Val
	case *ssa.MapUpdate:
		if p.prog.Of(s.Map).Class+"[]" != k {
			return false
		}
		val = s.Value
	default:
		return false
	}
	sub, ok := val.(*ssa.BinOp)
	if !ok || sub.Op != token.SUB || p.counterClass(sub.X) != k {
		return false
	}
	one, ok := sub.Y.(*ssa.Const)
	return ok && one.Value != nil && constant.Compare(one.Value, token.EQL, constant.MakeInt64(1))
}
