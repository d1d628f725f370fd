package maywait

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
)

// A channel used as a mutex (coder/websocket's mu: lock sends a token
// into a buffer of one, unlock takes it out) ends an acquire by the
// release of the goroutine that holds the token, and that goroutine
// took it by a send of its own before:
//
//	func (c *Conn) writeFrame(ctx context.Context, ...) error {
//		if err := c.writeFrameMu.lock(ctx); err != nil { // acquire
//			return err
//		}
//		defer c.writeFrameMu.unlock() // release
//		...
//	}
//
// What it did before that send (the connection's reader closing the
// connection in an earlier round of its loop) happened while it held no
// token: a goroutine waiting to acquire was not waiting for it then. Only
// what it may take between its acquire and its release counts.

// releaseNeeds returns the locks the holder may take before the release
// peer, a receive that ends the acquire op (a send), and true; false
// when the receive is not known to be a release: some path to it, in
// its function and up its callers, has no acquire of the same channel.
func (p *peers) releaseNeeds(op, peer *chanflow.Op, waiter *ssa.Function) ([]lockTake, bool) {
	if op.Kind != chanflow.Send || peer.Kind != chanflow.Recv {
		return nil, false
	}
	c := p.chanOf[op]
	if !p.lockChan(c) {
		return nil, false
	}
	var out takeSet
	if p.heldBefore([]ssa.Instruction{peer.Instr}, c, waiter, &out) && !p.heldByCallers(peer.Fn, c, waiter, &out, 0) {
		return nil, false
	}
	return out.list, true
}

// heldByCallers adds to out what the callers of fn may take while they
// hold the token before they call it, up the chain (handleControl
// releases what reader acquired). It reports false when some chain
// has no acquire.
func (p *peers) heldByCallers(fn *ssa.Function, c *chanflow.Chan, waiter *ssa.Function, out *takeSet, depth int) bool {
	calls := p.callers[fn]
	if len(calls) == 0 || depth > 3 {
		return false
	}
	for _, call := range calls {
		from := []ssa.Instruction{call}
		if _, deferred := call.(*ssa.Defer); deferred {
			from = exits(call.Parent())
		}
		if p.heldBefore(from, c, waiter, out) && !p.heldByCallers(call.Parent(), c, waiter, out, depth+1) {
			return false
		}
	}
	return true
}

// heldBefore adds to out the locks taken on the paths that lead to the
// instructions from (each excluded: an exit's return is included),
// back to an acquire of c, or to an earlier release, which returned the
// token already (unlock, then close: the close is not in the section).
// It reports whether some path gets to the function's entry without
// either: the token was acquired by a caller, if at all.
func (p *peers) heldBefore(from []ssa.Instruction, c *chanflow.Chan, waiter *ssa.Function, out *takeSet) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	entry := false
	var scan func(b *ssa.BasicBlock, upto int)
	scan = func(b *ssa.BasicBlock, upto int) {
		for i := upto - 1; i >= 0; i-- {
			x := b.Instrs[i]
			if p.acquires(x, c) || p.releases(x, c) {
				return
			}
			out.add(p.heldTakes(x, c, waiter)...)
		}
		if b.Index == 0 {
			entry = true
		}
		for _, pb := range b.Preds {
			if !seen[pb] {
				seen[pb] = true
				scan(pb, len(pb.Instrs))
			}
		}
	}
	for _, x := range from {
		b := x.Block()
		if _, ret := x.(*ssa.Return); ret {
			scan(b, len(b.Instrs))
		} else {
			scan(b, slices.Index(b.Instrs, x))
		}
	}
	return entry
}

// exits returns the returns of fn.
func exits(fn *ssa.Function) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue // runs the deferred calls only after a panic
		}
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			out = append(out, r)
		}
	}
	return out
}

// acquires reports whether x sends on c: a send, a select with a send
// case on it, or a call of a package function that does one itself.
func (p *peers) acquires(x ssa.Instruction, c *chanflow.Chan) bool {
	if slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool { return op.Kind == chanflow.Send && op.Instr == x }) {
		return true
	}
	call, ok := x.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, deferred := call.(*ssa.Defer); deferred {
		return false
	}
	return slices.ContainsFunc(p.calleesOf(call), func(g *ssa.Function) bool { return p.sendsOn(g, c) })
}

// sendsOn reports whether fn sends on c, itself or through the package
// functions it calls (a reset that locks: mw.reset calls mw.mu.lock).
func (p *peers) sendsOn(fn *ssa.Function, c *chanflow.Chan) bool {
	k := sendKey{fn, c}
	if v, ok := p.sendsMemo[k]; ok {
		return v
	}
	p.sendsMemo[k] = false // a recursive call finds nothing new
	v := slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool { return op.Kind == chanflow.Send && op.Fn == fn })
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			if call, ok := x.(*ssa.Call); ok && !v {
				v = slices.ContainsFunc(p.calleesOf(call), func(g *ssa.Function) bool { return p.sendsOn(g, c) })
			}
		}
	}
	p.sendsMemo[k] = v
	return v
}

// sendKey keys sendsOn's memo.
type sendKey struct {
	fn *ssa.Function
	c  *chanflow.Chan
}

// releases reports whether x receives from c: a receive, or a call of a
// package function that does one itself (a deferred call included).
func (p *peers) releases(x ssa.Instruction, c *chanflow.Chan) bool {
	recvs := func(op *chanflow.Op) bool { return op.Kind == chanflow.Recv }
	if slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool { return recvs(op) && op.Instr == x }) {
		return true
	}
	call, ok := x.(ssa.CallInstruction)
	if !ok {
		return false
	}
	return slices.ContainsFunc(p.calleesOf(call), func(g *ssa.Function) bool {
		return slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool { return recvs(op) && op.Fn == g })
	})
}

// heldTakes returns the locks x may take with the token held: a lock
// call's, or a call's of package functions up to their first release of
// c on each path (readLoop's handleControl releases, then closes: the
// close is not in the section).
func (p *peers) heldTakes(x ssa.Instruction, c *chanflow.Chan, waiter *ssa.Function) []lockTake {
	call, ok := x.(*ssa.Call)
	if !ok || p.skip[x] {
		return p.instrTakes(x, waiter, false)
	}
	if t, ok := p.lockOf(call); ok {
		return []lockTake{t}
	}
	var out takeSet
	for _, g := range p.calleesOf(call) {
		if g != waiter {
			out.add(p.heldIn(g, c, waiter)...)
		}
	}
	return out.list
}

// heldIn returns the locks fn may take from its entry up to its first
// release of c on each path, its deferred calls included.
func (p *peers) heldIn(fn *ssa.Function, c *chanflow.Chan, waiter *ssa.Function) []lockTake {
	k := heldKey{fn: fn, waiter: waiter, c: c}
	if t, ok := p.heldMemo[k]; ok {
		return t
	}
	p.heldMemo[k] = nil // a recursive call adds nothing new
	var out takeSet
	seen := make(map[*ssa.BasicBlock]bool)
	var scan func(b *ssa.BasicBlock)
	scan = func(b *ssa.BasicBlock) {
		for _, x := range b.Instrs {
			if p.releases(x, c) {
				return
			}
			if _, deferred := x.(*ssa.Defer); deferred {
				out.add(p.instrTakes(x, waiter, true)...)
			} else {
				out.add(p.heldTakes(x, c, waiter)...)
			}
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				scan(s)
			}
		}
	}
	if len(fn.Blocks) > 0 {
		seen[fn.Blocks[0]] = true
		scan(fn.Blocks[0])
	}
	p.heldMemo[k] = out.list
	return out.list
}

// heldKey keys heldIn's memo.
type heldKey struct {
	fn, waiter *ssa.Function
	c          *chanflow.Chan
}

// ownRelease reports whether op, a bare receive from a channel used
// as a mutex (lockChan), is the release of a token its own goroutine
// holds: its token is in the buffer, and it does not wait. A receive
// whose value is dropped, from a one-slot channel the package uses as a
// mutex elsewhere (mutexChan), is one too when its acquire was made in
// an earlier call: a transaction that took the write lock when it
// opened releases it when it commits (<-tr.db.writeLockC).
func (p *peers) ownRelease(op *chanflow.Op) bool {
	if op.Kind != chanflow.Recv || op.Select != nil {
		return false
	}
	c := p.chanOf[op]
	return p.lockChan(c) || dropped(op.Instr) && p.mutexChan(c)
}

// mutexChan reports whether c is a one-slot channel that some function
// acquires and then releases on every path to a receive (lock sends,
// unlock receives), and that is never closed or ranged over: a lock,
// whose other receives, whose value is dropped, are releases too. A
// signal (a flusher sends when a batch is durable, Sync waits for it)
// is acquired and released on no path.
func (p *peers) mutexChan(c *chanflow.Chan) bool {
	if v, ok := p.mutexChans[c]; ok {
		return v
	}
	k, ok := c.Cap()
	v := ok && k == 1 && !c.Has(chanflow.Close, nil) && !c.Has(chanflow.Range, nil) &&
		c.Has(chanflow.Recv, func(op *chanflow.Op) bool {
			return op.Select == nil && p.acquiredBefore([]ssa.Instruction{op.Instr}, c, 0)
		})
	if p.mutexChans == nil {
		p.mutexChans = make(map[*chanflow.Chan]bool)
	}
	p.mutexChans[c] = v
	return v
}

// dropped reports whether the receive x's value is not used (<-ch as a
// statement).
func dropped(x ssa.Instruction) bool {
	v, ok := x.(ssa.Value)
	return ok && len(*v.Referrers()) == 0
}

// lockChan reports whether c is used as a mutex or a semaphore whose
// tokens are sent in: it has a buffer, and every receive from it either
// never waits (a case of a select with a default) or is a release, an
// acquire of the same channel coming before it on every path, in its
// function or up its callers, with no other release in between. A
// queue's consumer, which takes what others sent, is neither.
func (p *peers) lockChan(c *chanflow.Chan) bool {
	if v, ok := p.lockChans[c]; ok {
		return v
	}
	k, ok := c.Cap()
	v := ok && k > 0 && !slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool {
		if op.Kind == chanflow.Range {
			return true
		}
		if op.Kind != chanflow.Recv || op.Select != nil && !op.Select.Blocking {
			return false
		}
		return !p.acquiredBefore([]ssa.Instruction{op.Instr}, c, 0)
	})
	p.lockChans[c] = v
	return v
}

// acquiredBefore reports whether every path to the instructions from
// passes an acquire of c before any release, in their function or, for
// a path from its entry, before each call of it (three callers up).
func (p *peers) acquiredBefore(from []ssa.Instruction, c *chanflow.Chan, depth int) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	entry := false
	var held func(b *ssa.BasicBlock, upto int) bool
	held = func(b *ssa.BasicBlock, upto int) bool {
		for i := upto - 1; i >= 0; i-- {
			x := b.Instrs[i]
			if p.acquires(x, c) {
				return true
			}
			if p.releases(x, c) {
				return false
			}
		}
		if b.Index == 0 {
			entry = true
		}
		for _, pb := range b.Preds {
			if !seen[pb] {
				seen[pb] = true
				if !held(pb, len(pb.Instrs)) {
					return false
				}
			}
		}
		return true
	}
	for _, x := range from {
		b := x.Block()
		if !held(b, slices.Index(b.Instrs, x)) {
			return false
		}
	}
	if !entry {
		return true
	}
	fn := from[0].Parent()
	calls := p.callers[fn]
	if len(calls) == 0 || depth >= 3 {
		return false
	}
	for _, call := range calls {
		if _, deferred := call.(*ssa.Defer); deferred {
			if !p.acquiredBefore(exits(call.Parent()), c, depth+1) {
				return false
			}
		} else if !p.acquiredBefore([]ssa.Instruction{call}, c, depth+1) {
			return false
		}
	}
	return true
}
