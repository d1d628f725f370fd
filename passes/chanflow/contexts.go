package chanflow

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
)

// A context kept in a field, with the function that cancels it kept in
// another (s.ctx, s.cancel = context.WithCancel(parent)), is a channel
// of its own: its Done channel, which a call of the cancel function
// closes. Each such pair of fields is one class: the receives from
// s.ctx.Done() are its receives, and the calls of s.cancel (deferred
// ones included) are its closes. A session that holds its lock while it
// waits for <-s.ctx.Done() and a Close that takes the lock before it
// calls s.cancel() are then a waiter and the peer that needs its lock.
//
// The class is always open: the parent's cancellation closes Done too,
// and the context goes to other packages' functions, which may wait on
// it. So only the questions that need one peer (a closer that may take
// the lock) see it, not those that need all of them (no receiver left).
func (b *builder) contexts() {
	pairs := b.cancelPairs()
	if len(pairs) == 0 {
		return
	}
	ctxKeys := make(map[string]key)    // the pair's class, by its context's field
	cancelKeys := make(map[string]key) // and by its cancel function's
	for ctxField, cancelField := range pairs {
		k := key{class: "ctx " + ctxField}
		b.keyFor(k, ctxField+".Done()")
		ctxKeys[ctxField], cancelKeys[cancelField] = k, k
	}
	for _, c := range b.ctxCalls {
		common := c.Common()
		if common.IsInvoke() {
			// t := s.ctx.Done(): t is the pair's channel.
			call, ok := c.(*ssa.Call)
			if k, found := ctxKeys[b.prog.Of(common.Value).Class]; ok && found {
				b.union(b.keyOf(call), k)
			}
		} else if k, found := cancelKeys[b.prog.Of(common.Value).Class]; found {
			// s.cancel(): a close of the pair's channel.
			b.ops = append(b.ops, &Op{Kind: Close, Instr: c, Chan: common.Value, Fn: c.Parent(), Pos: c.Pos()})
			b.union(b.keyOf(common.Value), k)
		}
	}
	for _, k := range ctxKeys {
		b.open[b.find(k)] = true
	}
}

// keyFor makes k a node of the flow, named name.
func (b *builder) keyFor(k key, name string) {
	if _, ok := b.parent[k]; !ok {
		b.parent[k] = k
		b.name[k] = name
	}
}

// cancelPairs returns the fields that hold a context and the field that
// holds its cancel function, stored from the same call of a CancelPair
// function (the model's: context.WithCancel, WithTimeout, ...), each
// pair once: by the context's field, the cancel's. A field that is
// paired with two others is left out.
func (b *builder) cancelPairs() map[string]string {
	pairs := make(map[string]string)
	bad := make(map[string]bool)
	for _, call := range b.pairCalls {
		var fields [2]string
		for _, u := range *call.Referrers() {
			x, ok := u.(*ssa.Extract)
			if !ok || x.Index > 1 {
				continue
			}
			fields[x.Index] = b.storedField(x)
		}
		if fields[0] == "" || fields[1] == "" {
			continue
		}
		if old, ok := pairs[fields[0]]; ok && old != fields[1] {
			bad[fields[0]] = true
		}
		pairs[fields[0]] = fields[1]
	}
	for f := range bad {
		delete(pairs, f)
	}
	return pairs
}

// storedField returns the class of the one field v is stored in, or "".
func (b *builder) storedField(v ssa.Value) string {
	field := ""
	for _, u := range *v.Referrers() {
		st, ok := u.(*ssa.Store)
		if !ok || st.Val != v {
			continue
		}
		cls := b.prog.Of(st.Addr).Class
		if cls == "" || field != "" && cls != field {
			return ""
		}
		field = cls
	}
	return field
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// contextCall records, during the flow's one walk, the calls contexts
// needs: those of a CancelPair function, the Done calls on a context, and
// the calls of function values (a cancel function among them).
func (b *builder) contextCall(c ssa.CallInstruction) {
	common := c.Common()
	switch {
	case common.IsInvoke():
		if common.Method.Name() == "Done" && isContext(common.Value.Type()) {
			b.ctxCalls = append(b.ctxCalls, c)
		}
	case common.StaticCallee() != nil:
		call, ok := c.(*ssa.Call)
		if !ok {
			return
		}
		if obj, _ := common.StaticCallee().Object().(*types.Func); obj != nil {
			if e, ok := b.m.Lookup(obj); ok && e.Is(model.CancelPair) {
				b.pairCalls = append(b.pairCalls, call)
			}
		}
	default:
		if _, builtin := common.Value.(*ssa.Builtin); !builtin {
			b.ctxCalls = append(b.ctxCalls, c)
		}
	}
}
