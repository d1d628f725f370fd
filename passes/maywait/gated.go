package maywait

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"
)

// gated reports whether n, a send or a receive, never waits because a
// flag of the channel's owner rules the wait out: the flag protocol of
//
//   - a one-time send: the send is made only while a field of the same
//     object is unset (nil, zero, false), and that field is set on the
//     way (before the send, or on every path after it), with a lock held;
//     nothing in the package unsets the field but after a receive from
//     the channel (a flusher that takes its wake-up out and then clears
//     pending), and every send on the channel is such a send. At most
//     one value is ever in the channel of an object, and its buffer
//     holds one: it finds room.
//     The same when every send is made by a function literal run by
//     Do of a sync.Once of the channel's owner (one Once field for all
//     of them, which nothing resets), once per run: not in a loop, and
//     the literal's only send on the channel.
//   - a delivered result: the receive is made only while a field of the
//     same object is set, and every store that sets it is followed in its
//     block, with the lock still held, by the channel's close (after the
//     one delivery). A goroutine that sees the flag set under that lock
//     finds the channel closed: the receive does not wait.
//   - a taken hand-off: every send on the channel is on a value looked
//     up in a map (or ranged over), and the same key is deleted right
//     after the lookup (or by a helper that returns what it took out),
//     or on an element of a list or map a field holds, ranged over under
//     a write lock, and the field is set to nil as the loop ends; each
//     value taken is sent on once; every make of the channel has a
//     buffer, and its value is put in a map, or appended to a list, once,
//     in the make's block (or by a helper whose callers only wait on
//     what it returns). Each channel is sent on at most once: whoever
//     finds it also takes it out.
//
// All need the flag read with a lock held that the setters hold too
// (lockset's write locks, by class).
func (p *peers) gated(n ast.Node) bool {
	ops := p.opsOf(n)
	if _, sel := n.(*ast.SelectStmt); sel || len(ops) != 1 || p.locks == nil {
		return false
	}
	op := ops[0]
	switch op.Kind {
	case chanflow.Send:
		return p.oneTimeSend(op) || p.onceSend(op) || p.takenOnce(op)
	case chanflow.Recv:
		return p.deliveredRecv(op)
	}
	return false
}

// flagTest is a branch on a flag: the field read, and whether the path
// taken is the one where the flag is set (non-zero).
type flagTest struct {
	load   *ssa.UnOp
	flag   refs.Ref
	set    bool
	target *ssa.BasicBlock // the branch's successor on op's side
}

// flagTests returns the branches on a field of the object that owns ch
// that dominate b: the conditions every path to b has passed.
func (p *peers) flagTests(b *ssa.BasicBlock, chv ssa.Value) []flagTest {
	ch := p.prog.Of(chv)
	var out []flagTest
	for d := b.Idom(); d != nil; d = d.Idom() {
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		var taken bool
		switch {
		case d.Succs[0].Dominates(b):
			taken = true
		case d.Succs[1].Dominates(b):
			taken = false
		default:
			continue
		}
		load, setWhenTrue, ok := flagCond(iff.Cond)
		if !ok {
			continue
		}
		flag := p.prog.Of(load)
		if !p.sameOwner(load, chv, flag, ch) {
			continue
		}
		target := d.Succs[0]
		if !taken {
			target = d.Succs[1]
		}
		out = append(out, flagTest{load: load, flag: flag, set: taken == setWhenTrue, target: target})
	}
	return out
}

// flagCond reads a condition on a field: the field itself (a bool), its
// negation, or its comparison with the zero value. setWhenTrue tells
// whether the condition holds when the field is set.
func flagCond(cond ssa.Value) (load *ssa.UnOp, setWhenTrue, ok bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			load, set, ok := flagCond(c.X)
			return load, !set, ok
		}
		if fieldLoad(c) {
			return c, true, true
		}
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return nil, false, false
		}
		x, y := c.X, c.Y
		if isZero(x) {
			x, y = y, x
		}
		l, isLoad := x.(*ssa.UnOp)
		if !isLoad || !fieldLoad(l) || !isZero(y) {
			return nil, false, false
		}
		return l, c.Op == token.NEQ, true
	}
	return nil, false, false
}

// fieldLoad reports whether v loads a struct field.
func fieldLoad(v *ssa.UnOp) bool {
	if v.Op != token.MUL {
		return false
	}
	_, ok := v.X.(*ssa.FieldAddr)
	return ok
}

// isZero reports whether v is the zero value of its type: nil, 0, false,
// "".
func isZero(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	switch c.Value.Kind() {
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	case constant.String:
		return constant.StringVal(c.Value) == ""
	case constant.Int, constant.Float, constant.Complex:
		return constant.Sign(c.Value) == 0
	}
	return false
}

// owner returns the object whose field v loads or addresses, or nil.
func owner(v ssa.Value) ssa.Value {
	if l, ok := v.(*ssa.UnOp); ok && l.Op == token.MUL {
		v = l.X
	}
	if fa, ok := v.(*ssa.FieldAddr); ok {
		return fa.X
	}
	return nil
}

// sameOwner reports whether a and b (with refs ra and rb) are fields of
// one object: loaded from the same pointer value (the element a loop
// is at), or siblings by refs.
func (p *peers) sameOwner(a, b ssa.Value, ra, rb refs.Ref) bool {
	if o := owner(a); o != nil && o == owner(b) {
		return true
	}
	return siblings(ra, rb)
}

// sameField reports whether the address a is the field that the
// address b, with ref rb, is: of the same pointer value, or the same
// location by refs.
func (p *peers) sameField(a, b ssa.Value, rb refs.Ref) bool {
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	if ok1 && ok2 && fa.X == fb.X && fa.Field == fb.Field {
		return true
	}
	return refs.Same(p.prog.Of(a), rb)
}

// siblings reports whether a and b are fields of one object: the same
// root, and paths that differ only in their last field.
func siblings(a, b refs.Ref) bool {
	if a.Root == nil || a.Root != b.Root || strings.Contains(a.Path, "[]") || strings.Contains(b.Path, "[]") {
		return false
	}
	pa, pb := parentPath(a.Path), parentPath(b.Path)
	return pa == pb && a.Path != pa && b.Path != pb
}

func parentPath(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return path
}

// neverUnset reports whether no store of the package puts the zero
// value in a field of class (a composite literal that leaves it out
// stores nothing).
func (p *peers) neverUnset(class string) bool {
	for _, st := range p.fieldStores(class) {
		if isZero(st.Val) {
			return false
		}
	}
	return class != ""
}

// unsetAfterRecv reports whether every store of the package that puts
// the zero value in a field of class comes, in its function, after a
// receive from c on every path (a flusher that takes its wake-up out and
// then clears pending): the flag is set again only once the value sent
// under it is out of the channel.
func (p *peers) unsetAfterRecv(class string, c *chanflow.Chan) bool {
	if class == "" {
		return false
	}
	for _, st := range p.fieldStores(class) {
		if !isZero(st.Val) {
			continue
		}
		if !slices.ContainsFunc(c.Ops, func(op *chanflow.Op) bool {
			return (op.Kind == chanflow.Recv || op.Kind == chanflow.Range) && op.Fn == st.Parent() && blocks.Precedes(op.Instr, st)
		}) {
			return false
		}
	}
	return true
}

// oneTimeSend: see gated.
func (p *peers) oneTimeSend(op *chanflow.Op) bool {
	return p.everySend(p.chanOf[op], func(send *chanflow.Op) bool {
		return send.Select == nil && p.setOnTheWay(send)
	})
}

// onceSend: see gated.
func (p *peers) onceSend(op *chanflow.Op) bool {
	c := p.chanOf[op]
	once := ""
	return p.everySend(c, func(send *chanflow.Op) bool {
		cls, ok := p.onceRun(send.Fn, send.Chan)
		if !ok || once != "" && cls != once || send.Select != nil || blocks.Loop(send.Instr.Block()) != nil {
			return false
		}
		once = cls
		n := 0
		for _, x := range c.Ops {
			if x.Kind == chanflow.Send && x.Fn == send.Fn {
				n++
			}
		}
		return n == 1
	})
}

// onceRun returns the class of the sync.Once whose Do runs fn, a
// function literal, when that Once is a field of the object that owns
// the channel chv and nothing stores to the field (resets it).
func (p *peers) onceRun(fn *ssa.Function, chv ssa.Value) (string, bool) {
	mc := p.prog.Closure(fn)
	if mc == nil {
		return "", false
	}
	for _, r := range *mc.Referrers() {
		call, ok := r.(*ssa.Call)
		if !ok || len(call.Call.Args) != 2 || call.Call.Args[1] != ssa.Value(mc) {
			continue
		}
		if obj := calleeObj(&call.Call); obj == nil || obj.FullName() != "(*sync.Once).Do" {
			continue
		}
		recv := call.Call.Args[0]
		ref := p.prog.Of(recv)
		if _, field := recv.(*ssa.FieldAddr); !field || ref.Class == "" || len(p.fieldStores(ref.Class)) > 0 {
			continue
		}
		// The channel, seen from the literal, is a field of the same
		// object as the Once, seen from its maker.
		if siblings(ref, p.prog.Of(chv)) {
			return ref.Class, true
		}
	}
	return "", false
}

// setOnTheWay reports whether send is made only while a flag of its
// channel's owner is unset, a flag nothing unsets, and that flag is set
// in the same branch, before the send or on every path after it.
func (p *peers) setOnTheWay(send *chanflow.Op) bool {
	blk := send.Instr.Block()
	for _, t := range p.flagTests(blk, send.Chan) {
		if t.set || !p.unsetAfterRecv(t.flag.Class, p.chanOf[send]) {
			continue
		}
		for _, st := range p.fieldStores(t.flag.Class) {
			sb := st.Block()
			if st.Parent() != send.Fn || !p.sameField(st.Addr, t.load.X, t.flag) || !t.target.Dominates(sb) {
				continue
			}
			if sb.Dominates(blk) || onEveryPath(blk, sb) {
				return true
			}
		}
	}
	return false
}

// onEveryPath reports whether every path from from to the function's
// end passes through through.
func onEveryPath(from, through *ssa.BasicBlock) bool {
	if from == through {
		return true
	}
	if endsInReturn(from) {
		return false
	}
	avoid := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		if b == through {
			return nil
		}
		return b.Succs
	}
	for b := range blocks.Reachable(from, avoid) {
		if b != through && endsInReturn(b) {
			return false
		}
	}
	return true
}

func endsInReturn(b *ssa.BasicBlock) bool {
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	return ok
}

// deliveredRecv: see gated.
func (p *peers) deliveredRecv(op *chanflow.Op) bool {
	c := p.chanOf[op]
	if c.Open {
		return false
	}
	for _, t := range p.flagTests(op.Instr.Block(), op.Chan) {
		if !t.set || !p.neverUnset(t.flag.Class) {
			continue
		}
		stores := p.fieldStores(t.flag.Class)
		ok := len(stores) > 0
		for _, st := range stores {
			if !p.closedAfter(st, c) && !p.closedBefore(st, c, t.flag.Class) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// closedAfter reports whether the store st is followed in its block by
// a close of the channel of class c on the same object, with nothing in
// between that could let another goroutine in: no call but a send that
// finds room.
func (p *peers) closedAfter(st *ssa.Store, c *chanflow.Chan) bool {
	flag := p.prog.Of(st.Addr)
	blk := st.Block()
	after := false
	for _, instr := range blk.Instrs {
		if instr == st {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch x := instr.(type) {
		case *ssa.Send:
			op := p.opOf(c, x)
			if op == nil || !p.sameOwner(st.Addr, x.Chan, flag, p.prog.Of(x.Chan)) || !p.cf.Room(op) {
				return false
			}
		case ssa.CallInstruction:
			op := p.opOf(c, x)
			return op != nil && op.Kind == chanflow.Close && p.sameOwner(st.Addr, op.Chan, flag, p.prog.Of(op.Chan))
		case *ssa.Select:
			return false
		case *ssa.UnOp:
			if x.Op == token.ARROW {
				return false
			}
		}
	}
	return false
}

// closedBefore reports whether every path to the store st passes a close
// of the channel of class c on the same object, or a branch where the
// flag (of class flag) is set already: the flag is never seen set with
// the channel open.
func (p *peers) closedBefore(st *ssa.Store, c *chanflow.Chan, flag string) bool {
	ref := p.prog.Of(st.Addr)
	closes := func(b *ssa.BasicBlock, upTo ssa.Instruction) bool {
		for _, instr := range b.Instrs {
			if instr == upTo {
				break
			}
			if op := p.opOf(c, instr); op != nil && op.Kind == chanflow.Close && p.sameOwner(st.Addr, op.Chan, ref, p.prog.Of(op.Chan)) {
				return true
			}
		}
		return false
	}
	if closes(st.Block(), st) {
		return true
	}
	seen := make(map[*ssa.BasicBlock]bool)
	var ok func(b, from *ssa.BasicBlock) bool
	ok = func(b, from *ssa.BasicBlock) bool {
		// The edge from b to from: a branch on the flag, taken when set?
		if iff, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If); isIf && len(b.Succs) == 2 {
			if load, setWhenTrue, isFlag := flagCond(iff.Cond); isFlag {
				f := p.prog.Of(load)
				if f.Class == flag && p.sameOwner(load, st.Addr, f, ref) && (b.Succs[0] == from) == setWhenTrue {
					return true
				}
			}
		}
		if seen[b] {
			return true // a loop: judged where it was entered
		}
		seen[b] = true
		if closes(b, nil) {
			return true
		}
		if len(b.Preds) == 0 {
			return false // the entry, with the channel open
		}
		for _, pred := range b.Preds {
			if !ok(pred, b) {
				return false
			}
		}
		return true
	}
	blk := st.Block()
	if len(blk.Preds) == 0 {
		return false
	}
	for _, pred := range blk.Preds {
		if !ok(pred, blk) {
			return false
		}
	}
	return true
}

// opOf returns the operation of c that instr is, or nil.
func (p *peers) opOf(c *chanflow.Chan, instr ssa.Instruction) *chanflow.Op {
	for _, op := range c.Ops {
		if op.Instr == instr {
			return op
		}
	}
	return nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, k := range a {
		for _, l := range b {
			if k == l {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// takenOnce: see gated.
func (p *peers) takenOnce(op *chanflow.Op) bool {
	c := p.chanOf[op]
	if len(c.Makes) == 0 {
		return false
	}
	for _, mk := range c.Makes {
		if !p.putOnce(mk) {
			return false
		}
	}
	if capacity, known := c.Cap(); !known || capacity < 1 || c.Open {
		return false
	}
	// A lookup and its delete, with nothing between that could let
	// another goroutine in, take the channel out at once in a program
	// without data races; a range that sends on each element takes the
	// whole list only with a write lock held across it, which whoever
	// else uses the list then holds.
	sends := 0
	for _, send := range c.Ops {
		if send.Kind != chanflow.Send {
			continue
		}
		sends++
		s, ok := send.Instr.(*ssa.Send)
		if !ok || send.Select != nil {
			return false
		}
		if !sentOnce(s) || !lookedUpAndDeleted(s.Chan, s) && !takenByCall(s) && !(rangedAndCleared(s) && len(p.heldAtOp(send)) > 0) {
			return false
		}
	}
	return sends > 0
}

// sentOnce reports whether send is the only send on the value it sends
// on (what one taking found is sent on once).
func sentOnce(send *ssa.Send) bool {
	n := 0
	for _, use := range *send.Chan.Referrers() {
		if s, ok := use.(*ssa.Send); ok && s.Chan == send.Chan {
			n++
		}
	}
	return n == 1
}

// takenByCall reports whether send is on what a call of a function of
// the package returns, and every return of that function gives nil or a
// value looked up in a map and taken out of it (lookedUpAndDeleted): a
// helper that takes a pending reply out of the table for its caller.
func takenByCall(send *ssa.Send) bool {
	call, ok := send.Chan.(*ssa.Call)
	if !ok {
		return false
	}
	g := call.Call.StaticCallee()
	if g == nil || len(g.Blocks) == 0 || g.Signature.Results().Len() != 1 {
		return false
	}
	rets := 0
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		rets++
		for _, r := range returned(ret) {
			if k, ok := r.v.(*ssa.Const); ok && k.IsNil() {
				continue
			}
			if !lookedUpAndDeleted(r.v, r.at) {
				return false
			}
		}
	}
	return rets > 0
}

type valueAt struct {
	v  ssa.Value
	at ssa.Instruction
}

// returned returns the values ret returns as its one result, each with
// where it is given: the return itself, or the stores into the local
// that a function with deferred calls returns through.
func returned(ret *ssa.Return) []valueAt {
	if ld, ok := ret.Results[0].(*ssa.UnOp); ok && ld.Op == token.MUL && resultSlot(ld.X) {
		var out []valueAt
		for _, use := range *ld.X.Referrers() {
			if st, ok := use.(*ssa.Store); ok {
				out = append(out, valueAt{st.Val, st})
			}
		}
		return out
	}
	return []valueAt{{ret.Results[0], ret}}
}

// putOnce reports whether the channel mk makes is put in a map, or
// appended to a slice, at most once on each path from mk (a new map or
// the existing one, on two branches), and otherwise only used for its
// own operations and compared (a waiter that takes itself out of the
// list).
func (p *peers) putOnce(mk *ssa.MakeChan) bool {
	var puts []*ssa.BasicBlock
	for _, use := range *mk.Referrers() {
		ret, isRet := use.(*ssa.Return)
		if st, ok := use.(*ssa.Store); ok && st.Val == mk && resultSlot(st.Addr) {
			isRet = true // return ch, with a deferred call to run first
		}
		if isRet {
			// Handed to the callers: each may only wait on it.
			if ret != nil && len(ret.Results) != 1 || !p.onlyWaitedOn(mk.Parent()) {
				return false
			}
			continue
		}
		switch u := use.(type) {
		case *ssa.MapUpdate:
			if u.Value != mk {
				return false
			}
			puts = append(puts, u.Block())
		case *ssa.Store:
			if u.Val != mk || !appendArg(u) {
				return false
			}
			puts = append(puts, u.Block())
		case *ssa.Send:
			if u.X == mk {
				return false
			}
		case *ssa.UnOp, *ssa.Select, *ssa.DebugRef:
		case *ssa.BinOp:
			if u.Op != token.EQL && u.Op != token.NEQ {
				return false
			}
		case *ssa.Call:
			if b, ok := u.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
				continue
			}
			if !comparedOnly(u, mk) {
				return false
			}
		default:
			return false
		}
	}
	return len(puts) > 0 && exclusive(mk.Block(), puts)
}

// exclusive reports whether no path from one of puts reaches another
// of them, or itself again, without going back through from (where a
// new value is made).
func exclusive(from *ssa.BasicBlock, puts []*ssa.BasicBlock) bool {
	in := make(map[*ssa.BasicBlock]bool, len(puts))
	for _, b := range puts {
		if in[b] {
			return false // two in one block
		}
		in[b] = true
	}
	next := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		if b == from {
			return nil
		}
		return b.Succs
	}
	for _, b := range puts {
		for _, s := range b.Succs { // from b, though b be from
			if s == from {
				continue
			}
			if in[s] {
				return false
			}
			for x := range blocks.Reachable(s, next) {
				if in[x] && x != from {
					return false
				}
			}
		}
	}
	return true
}

// resultSlot reports whether addr is the local a function with deferred
// calls returns its result through: only stored to, and loaded to be
// returned.
func resultSlot(addr ssa.Value) bool {
	a, ok := addr.(*ssa.Alloc)
	if !ok || a.Heap {
		return false
	}
	for _, use := range *a.Referrers() {
		switch u := use.(type) {
		case *ssa.Store:
		case *ssa.UnOp:
			for _, r := range *u.Referrers() {
				if _, ok := r.(*ssa.Return); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// onlyWaitedOn reports whether every call of fn, a function of the
// package called only directly, uses what it returns only to receive
// from it or compare it.
func (p *peers) onlyWaitedOn(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil && fn.Object() != nil && fn.Object().Exported() ||
		fn.Signature.Recv() != nil && fn.Object() != nil && fn.Object().Exported() {
		return false // other packages may call it
	}
	calls := p.callers[fn]
	if len(calls) == 0 {
		return false
	}
	for _, c := range calls {
		v := c.Value()
		if v == nil || !waitedOnly(v, make(map[ssa.Value]bool)) {
			return false
		}
	}
	return true
}

// waitedOnly reports whether v is only received from and compared, and
// so is every phi it flows into with nothing else than nil (var wait
// chan error; if second { wait = f.add(id) }; if wait == nil {...}).
func waitedOnly(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	seen[v] = true
	for _, use := range *v.Referrers() {
		switch u := use.(type) {
		case *ssa.UnOp:
			if u.Op != token.ARROW {
				return false
			}
		case *ssa.Select, *ssa.DebugRef:
		case *ssa.BinOp:
			if u.Op != token.EQL && u.Op != token.NEQ {
				return false
			}
		case *ssa.Phi:
			for _, e := range u.Edges {
				if k, ok := e.(*ssa.Const); e != v && !(ok && k.IsNil()) && !seen[e] {
					return false
				}
			}
			if !waitedOnly(u, seen) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// appendArg reports whether st stores its value in the one-element
// array of arguments of an append (append(s.waiters, ch)).
func appendArg(st *ssa.Store) bool {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, use := range *arr.Referrers() {
		switch u := use.(type) {
		case *ssa.IndexAddr:
		case *ssa.Slice:
			for _, su := range *u.Referrers() {
				call, ok := su.(*ssa.Call)
				if !ok {
					return false
				}
				if b, isB := call.Call.Value.(*ssa.Builtin); !isB || b.Name() != "append" {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// comparedOnly reports whether call passes ch to a function whose
// parameter for it is only compared (==, !=) with other values.
func comparedOnly(call *ssa.Call, ch ssa.Value) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || len(callee.Blocks) == 0 {
		return false
	}
	args := call.Call.Args
	for i, a := range args {
		if a != ch {
			continue
		}
		if i >= len(callee.Params) {
			return false
		}
		for _, use := range *callee.Params[i].Referrers() {
			switch u := use.(type) {
			case *ssa.BinOp:
				if u.Op != token.EQL && u.Op != token.NEQ {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
	}
	return true
}

// rangedList returns the load of the list (a slice, or a map) whose
// element send sends on, in a range over it: for _, w := range list {
// w <- v }.
func rangedList(send *ssa.Send) *ssa.UnOp {
	var x ssa.Value
	switch elem := send.Chan.(type) {
	case *ssa.UnOp: // a slice's: *&list[i]
		ia, ok := elem.X.(*ssa.IndexAddr)
		if !ok || elem.Op != token.MUL || elem.Block() != send.Block() {
			return nil
		}
		x = ia.X
	case *ssa.Extract: // a map's: the value of the range's next
		next, ok := elem.Tuple.(*ssa.Next)
		if !ok || elem.Index != 2 || next.IsString {
			return nil
		}
		rng, ok := next.Iter.(*ssa.Range)
		if !ok {
			return nil
		}
		x = rng.X
	}
	list, ok := x.(*ssa.UnOp)
	if !ok || list.Op != token.MUL {
		return nil
	}
	return list
}

// rangedAndCleared reports whether send is on an element of a slice or
// map that a field holds, loaded for a range over it (for _, w := range
// s.waiters { w <- v }), and the loop's one exit sets the field to nil
// before anything could let another goroutine in: each sender, under
// the lock every sender holds, takes the whole list and leaves none of
// it behind.
func rangedAndCleared(send *ssa.Send) bool {
	list := rangedList(send)
	if list == nil {
		return false
	}
	fa, ok := list.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	// The range's own loop: the cycles through the send that do not go
	// back to the list's load (a loop around it, a run loop that takes
	// the list again on each turn, is another).
	loop := blocks.LoopAvoiding(send.Block(), list.Block())
	if loop == nil {
		return false
	}
	var exit *ssa.BasicBlock
	for b := range loop {
		for _, succ := range b.Succs {
			if loop[succ] {
				continue
			}
			if exit != nil && exit != succ {
				return false
			}
			exit = succ
		}
	}
	if exit == nil {
		return false
	}
	for _, instr := range exit.Instrs {
		if st, ok := instr.(*ssa.Store); ok {
			sfa, ok := st.Addr.(*ssa.FieldAddr)
			if ok && sfa.X == fa.X && sfa.Field == fa.Field {
				return emptied(st.Val)
			}
		}
		if mayYield(instr) {
			return false
		}
	}
	return false
}

// emptied reports whether v is an empty slice or map: nil, xs[:0], or a
// make of length zero.
func emptied(v ssa.Value) bool {
	zero := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return ok && k.Value != nil && k.Int64() == 0
	}
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.Slice:
		return v.Low == nil && zero(v.High)
	case *ssa.MakeSlice:
		return zero(v.Len)
	case *ssa.MakeMap:
		return true
	}
	return false
}

// lookedUpAndDeleted reports whether send is on a value looked up in a
// map (or ranged over), and the key is deleted from the map right after the lookup (in
// its block, or in the block it branches to on success), with nothing
// between them that could let another goroutine in: no call, no other
// channel operation, but the send itself. The delete comes before the
// send on every path to it, or just after it in its block. What runs
// between the delete and the send does not matter: nobody else can find
// the channel any more. The send is in no loop the delete is not in.
func lookedUpAndDeleted(v ssa.Value, use ssa.Instruction) bool {
	from, m, key := takenFrom(v)
	if from == nil {
		return false
	}
	if _, isMap := m.Type().Underlying().(*types.Map); !isMap {
		return false
	}
	del := deleteAfter(from, m, key, from.Block(), use)
	if del == nil {
		for _, b := range from.Block().Succs {
			if len(b.Preds) == 1 && quietAfter(from.Block(), from) && b.Dominates(use.Block()) {
				del = deleteAfter(from, m, key, b, use)
				break
			}
		}
	}
	if del == nil || del.Block() != use.Block() && !blocks.Precedes(del, use) {
		return false
	}
	if loop := blocks.Loop(use.Block()); loop != nil && !loop[del.Block()] {
		return false
	}
	return true
}

// takenFrom returns where v comes out of a map, the map and the key: a
// lookup (v := m[k], or v, ok := m[k]), or a range over the map (for k,
// v := range m).
func takenFrom(v ssa.Value) (from ssa.Instruction, m ssa.Value, key func(ssa.Value) bool) {
	ex, isEx := v.(*ssa.Extract)
	if isEx && ex.Index == 0 {
		v = ex.Tuple
	}
	if l, ok := v.(*ssa.Lookup); ok {
		return l, l.X, func(k ssa.Value) bool { return sameMap(k, l.Index) }
	}
	if !isEx || ex.Index != 2 {
		return nil, nil, nil
	}
	next, ok := ex.Tuple.(*ssa.Next)
	if !ok || next.IsString {
		return nil, nil, nil
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok {
		return nil, nil, nil
	}
	return next, rng.X, func(k ssa.Value) bool {
		kx, ok := k.(*ssa.Extract)
		return ok && kx.Tuple == next && kx.Index == 1
	}
}

// deleteAfter returns the delete of key from m in b, after from when
// from is in b, with nothing before it in b (after from) but use that
// could let another goroutine in.
func deleteAfter(from ssa.Instruction, m ssa.Value, key func(ssa.Value) bool, b *ssa.BasicBlock, use ssa.Instruction) *ssa.Call {
	seen := from.Block() != b
	for _, instr := range b.Instrs {
		if !seen {
			seen = instr == from
			continue
		}
		if instr == use {
			continue
		}
		call, isCall := instr.(*ssa.Call)
		if isCall {
			if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "delete" {
				args := call.Call.Args
				if sameMap(args[0], m) && key(args[1]) {
					return call
				}
				return nil
			}
		}
		if mayYield(instr) {
			return nil
		}
	}
	return nil
}

// quietAfter reports whether nothing after from in b could let another
// goroutine in.
func quietAfter(b *ssa.BasicBlock, from ssa.Instruction) bool {
	i := slices.Index(b.Instrs, from)
	for _, instr := range b.Instrs[i+1:] {
		if mayYield(instr) {
			return false
		}
	}
	return true
}

// mayYield reports whether instr is a call or a channel operation.
func mayYield(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case ssa.CallInstruction, *ssa.Send, *ssa.Select:
		return true
	case *ssa.UnOp:
		return x.Op == token.ARROW
	}
	return false
}

// sameMap reports whether a and b are the same map (or key): the same
// value, loads of the same field of the same pointer, or the same field
// of the same struct value.
func sameMap(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	if fa, ok := a.(*ssa.Field); ok {
		fb, ok := b.(*ssa.Field)
		return ok && fa.Field == fb.Field && sameMap(fa.X, fb.X)
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	fa, ok1 := la.X.(*ssa.FieldAddr)
	fb, ok2 := lb.X.(*ssa.FieldAddr)
	return ok1 && ok2 && fa.X == fb.X && fa.Field == fb.Field
}
