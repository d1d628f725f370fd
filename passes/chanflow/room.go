package chanflow

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/refs"
)

// Room reports whether op, a send, always finds room in its channel's
// buffer, so it never waits for a receiver: the channel is sized never
// to fill (Roomy), the send is the one delivery of a reply channel
// closed right after it (oneShot), or it is the first send on a channel
// its function has just made with a buffer (fresh). Any other send on a
// buffered channel may find it full.
func (r *Result) Room(op *Op) bool {
	if op.Kind != Send {
		return false
	}
	c := r.ChanOf(op.Chan)
	if c == nil {
		return false
	}
	return c.Roomy() || r.oneShot(op, c) || r.fresh(op)
}

// oneShot reports whether op is the only send on its channel, with room
// for one value in every make of it, and the channel is closed right
// after it on its path, before anything else can wait: a reply channel
// delivered to once (net/http's wantConn.tryDeliver). The first send
// finds room; a second sender finds the channel closed (and panics)
// instead of waiting for a receiver.
func (r *Result) oneShot(op *Op, c *Chan) bool {
	if capacity, ok := c.Cap(); !ok || capacity < 1 || c.Open {
		return false
	}
	for _, other := range c.Ops {
		if other.Kind == Send && other != op {
			return false
		}
	}
	blk := op.Instr.Block()
	i := slices.Index(blk.Instrs, op.Instr)
	if i < 0 {
		return false
	}
	ch := r.Program().Of(op.Chan)
	for _, x := range blk.Instrs[i+1:] {
		switch x := x.(type) {
		case *ssa.Call:
			// Chanflow's close of the same channel value.
			return slices.ContainsFunc(c.Ops, func(cl *Op) bool {
				return cl.Kind == Close && cl.Instr == x && (cl.Chan == op.Chan || refs.Same(ch, r.Program().Of(cl.Chan)))
			})
		case ssa.CallInstruction, *ssa.Send, *ssa.Select, *ssa.UnOp:
			if u, ok := x.(*ssa.UnOp); ok && u.Op != token.ARROW {
				continue // a load
			}
			return false
		}
	}
	return false
}

// fresh reports whether op is the first send on a channel its function
// has just made with a buffer (make(chan T, k), k >= 1, directly or as a
// field of a value it allocates): not in a loop, with no other send on it
// and no go statement before it on a path to it, so nothing else can
// have filled the buffer yet.
func (r *Result) fresh(op *Op) bool {
	fn := op.Fn
	mk := madeIn(fn, op.Chan)
	if mk == nil {
		return false
	}
	if k, ok := r.Program().ConstValue(mk.Size); !ok || k.Value == nil || k.Int64() < 1 {
		return false
	}
	if blocks.Loop(op.Instr.Block()) != nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if instr.Pos() >= op.Pos || !instr.Pos().IsValid() {
				continue
			}
			// Another send on it, or a go statement, that can come
			// first: earlier in the block, or in a block that leads
			// here (not one on another branch).
			first := func() bool { return b == op.Instr.Block() || blocks.Reachable(b, blocks.Succs)[op.Instr.Block()] }
			switch instr := instr.(type) {
			case *ssa.Go:
				if first() {
					return false
				}
			case *ssa.Send:
				if instr != op.Instr && refs.Same(r.Program().Of(instr.Chan), r.Program().Of(op.Chan)) && first() {
					return false
				}
			}
		}
	}
	return true
}

// allocOf returns the value fn allocates that v is: the Alloc itself,
// or a load of a local variable (captured by a closure) that is stored
// once, with it.
func allocOf(fn *ssa.Function, v ssa.Value) *ssa.Alloc {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		cell, ok := load.X.(*ssa.Alloc)
		if !ok || cell.Parent() != fn {
			return nil
		}
		v = nil
		for _, use := range *cell.Referrers() {
			if st, ok := use.(*ssa.Store); ok && st.Addr == cell {
				if v != nil {
					return nil
				}
				v = st.Val
			}
		}
	}
	if a, ok := v.(*ssa.Alloc); ok && a.Parent() == fn {
		return a
	}
	return nil
}

// madeIn returns the make of fn that ch is: the MakeChan itself, or a
// load of a field of a value fn allocates, stored with a MakeChan of fn.
func madeIn(fn *ssa.Function, ch ssa.Value) *ssa.MakeChan {
	switch v := ch.(type) {
	case *ssa.MakeChan:
		if v.Parent() == fn {
			return v
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		if cell, ok := v.X.(*ssa.Alloc); ok && cell.Parent() == fn {
			// A local variable a closure captures: its one store.
			var mk *ssa.MakeChan
			for _, use := range *cell.Referrers() {
				if st, ok := use.(*ssa.Store); ok && st.Addr == cell {
					m, ok := st.Val.(*ssa.MakeChan)
					if !ok || mk != nil {
						return nil
					}
					mk = m
				}
			}
			return mk
		}
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok {
			return nil
		}
		alloc := allocOf(fn, fa.X)
		if alloc == nil {
			return nil
		}
		var mk *ssa.MakeChan
		for _, ref := range *alloc.Referrers() {
			other, ok := ref.(*ssa.FieldAddr)
			if !ok || other.Field != fa.Field {
				continue
			}
			for _, use := range *other.Referrers() {
				if st, ok := use.(*ssa.Store); ok && st.Addr == other {
					m, ok := st.Val.(*ssa.MakeChan)
					if !ok || mk != nil {
						return nil // stored twice, or not a make
					}
					mk = m
				}
			}
		}
		return mk
	}
	return nil
}
