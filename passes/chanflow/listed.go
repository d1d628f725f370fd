package chanflow

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/refs"
)

// A list of reply channels: each waiter makes a channel with room for
// one value and appends it to a slice field; the notifier sends once to
// each channel of the list and empties the list before anything else
// can run, so no channel gets a second value (containerd's gc
// scheduler: for _, w := range s.waiters { w <- stats }; s.waiters =
// nil).

// listed reports whether op is such a send: every send on its channel
// class is a send to the element of a range over one slice field, with
// nothing but the send in the loop's body, and the field emptied first
// thing after the loop; every store to the field empties it or appends
// one channel its function has just made, once per call.
func (r *Result) listed(op *Op, c *Chan) bool {
	if capacity, ok := c.Cap(); !ok || capacity < 1 || c.Open {
		return false
	}
	prog := r.Program()
	class, ok := strings.CutSuffix(prog.Of(op.Chan).Class, "[]")
	if !ok {
		return false
	}
	for _, o := range c.Ops {
		if o.Kind == Send && (o.Select != nil || !rangeSend(prog, o, class)) {
			return false
		}
	}
	for _, st := range prog.FieldStores(class) {
		if !emptied(st.Val) && !appendsFresh(st) {
			return false
		}
	}
	return true
}

// rangeSend reports whether o sends to xs[i] in the body of a range over
// xs, a load of a field of the class, whose body does nothing else, and
// whose exit stores an empty slice to that field of the same object
// before any call or channel operation.
func rangeSend(prog *refs.Program, o *Op, class string) bool {
	elem, ok := o.Chan.(*ssa.UnOp)
	if !ok || elem.Op != token.MUL {
		return false
	}
	ia, ok := elem.X.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	xs, ok := ia.X.(*ssa.UnOp)
	if !ok || xs.Op != token.MUL {
		return false
	}
	fa, ok := xs.X.(*ssa.FieldAddr)
	if !ok || prog.Of(fa).Class != class {
		return false
	}
	// The loop's test, i < len(xs), ends the block that computes i: its
	// first successor is the body, the second the exit.
	i, ok := ia.Index.(ssa.Instruction)
	if !ok {
		return false
	}
	head, body := i.Block(), o.Instr.Block()
	if _, ok := head.Instrs[len(head.Instrs)-1].(*ssa.If); !ok || head.Succs[0] != body {
		return false
	}
	for _, x := range body.Instrs {
		switch x.(type) {
		case ssa.CallInstruction, *ssa.Select, *ssa.Send:
			if x != o.Instr {
				return false
			}
		}
	}
	for _, x := range head.Succs[1].Instrs {
		switch x := x.(type) {
		case *ssa.Store:
			if a, ok := x.Addr.(*ssa.FieldAddr); ok && a.X == fa.X && a.Field == fa.Field {
				return emptied(x.Val)
			}
		case ssa.CallInstruction, *ssa.Send, *ssa.Select:
			return false
		case *ssa.UnOp:
			if x.Op == token.ARROW {
				return false
			}
		}
	}
	return false
}

// emptied reports whether v is an empty slice: nil, xs[:0] or a make of
// length zero.
func emptied(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.Slice:
		k, ok := v.High.(*ssa.Const)
		return v.Low == nil && ok && k.Value != nil && k.Int64() == 0
	case *ssa.MakeSlice:
		k, ok := v.Len.(*ssa.Const)
		return ok && k.Value != nil && k.Int64() == 0
	}
	return false
}

// appendsFresh reports whether st stores append(xs, ch) for a channel ch
// its function has just made, the make and the store in no loop: each
// call puts one new channel in the list, once.
func appendsFresh(st *ssa.Store) bool {
	call, ok := st.Val.(*ssa.Call)
	if !ok || len(call.Call.Args) != 2 {
		return false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" || blocks.Loop(st.Block()) != nil {
		return false
	}
	// The variadic part is a slice of a one-element array holding ch.
	sl, ok := call.Call.Args[1].(*ssa.Slice)
	if !ok {
		return false
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	n := 0
	for _, use := range *arr.Referrers() {
		ia, ok := use.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, u := range *ia.Referrers() {
			if s, ok := u.(*ssa.Store); ok && s.Addr == ia {
				mk, ok := s.Val.(*ssa.MakeChan)
				if !ok || mk.Parent() != st.Parent() || blocks.Loop(mk.Block()) != nil {
					return false
				}
				n++
			}
		}
	}
	return n == 1
}
