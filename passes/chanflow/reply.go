package chanflow

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
)

// awaitsReply reports whether op, the one send on a buffered channel c,
// in a loop, waits for the reply to each value before it can send again:
// the value is allocated anew in the loop, and every path from the send
// back to it passes a receive from a channel of the value (a request
// that carries its reply channel: raft's deferError). A reply proves the
// receiver took the value, so at most one value is ever in the buffer:
// the send always finds room.
func (r *Result) awaitsReply(op *Op, c *Chan) bool {
	send, ok := op.Instr.(*ssa.Send)
	if !ok {
		return false
	}
	for _, other := range c.Ops {
		if other.Kind == Send && other != op {
			return false
		}
	}
	prog := r.Program()
	val := prog.Of(send.X)
	alloc, ok := val.Root.(*ssa.Alloc)
	if !ok || val.Path != "" || alloc.Parent() != op.Fn {
		return false
	}
	loop := blocks.Loop(send.Block())
	if loop == nil || !loop[alloc.Block()] {
		return false
	}
	// The blocks that run after a reply: a bare receive's block, a
	// select case's block.
	replied := make(map[*ssa.BasicBlock]bool)
	isReply := func(ch ssa.Value) bool {
		ref := prog.Of(ch)
		return ref.Root == alloc && strings.HasPrefix(ref.Path, ".")
	}
	for b := range loop {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.UnOp:
				if in.Op == token.ARROW && isReply(in.X) {
					if b == send.Block() && slices.Index(b.Instrs, instr) > slices.Index(b.Instrs, ssa.Instruction(send)) {
						return true // replied right after the send
					}
					replied[b] = true
				}
			case *ssa.Select:
				cases := blocks.CaseBlocks(in)
				for i, st := range in.States {
					if st.Dir != types.SendOnly && isReply(st.Chan) && i < len(cases) && cases[i] != nil {
						replied[cases[i]] = true
					}
				}
			}
		}
	}
	if len(replied) == 0 {
		return false
	}
	// No path from the send back to it avoids a reply.
	start := send.Block()
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), start.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == start {
			return false
		}
		if seen[b] || replied[b] {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return true
}
