package condwait

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A wake-up that never comes: the Cond is a field of an object the
// waiting function makes, every Signal or Broadcast of that field is in
// the body of one goroutine the function starts before it waits, and
// that goroutine must first complete a blocking channel operation that
// nothing can serve before the Wait returns.
type handoff struct {
	c     *checker
	flows *chanflow.Result
	prog  *refs.Program
	// signals lists the package's Signal and Broadcast calls.
	signals []ssa.CallInstruction
	// called holds the functions some call of the package may run on
	// the calling goroutine.
	called map[*ssa.Function]bool
}

func (c *checker) checkHandoff(waits []wait) {
	h := &handoff{c: c, flows: c.pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)}
	h.prog = h.flows.Program()
	h.called = make(map[*ssa.Function]bool)
	for _, fn := range h.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := call.(*ssa.Go); !isGo {
					for _, t := range h.flows.CallTargets(call) {
						h.called[t] = true
					}
				}
				if h.effect(call.Common(), model.Signals) {
					h.signals = append(h.signals, call)
				}
			}
		}
	}
	for _, w := range waits {
		h.check(w)
	}
}

func (h *handoff) effect(common *ssa.CallCommon, x model.Effect) bool {
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return false
	}
	e, ok := h.c.m.Lookup(obj)
	return ok && e.Is(x)
}

func (h *handoff) check(w wait) {
	call := h.prog.CallAt(w.call.Lparen)
	if call == nil || len(call.Common().Args) == 0 {
		return
	}
	fn := call.Parent()
	r := h.prog.Of(call.Common().Args[0])
	obj, ok := r.Root.(*ssa.Alloc)
	if !ok || obj.Parent() != fn || r.Class == "" || strings.Contains(r.Path, "[]") || !unexported(r.Class) {
		return
	}
	if h.escapes(obj, call) {
		return
	}
	// Every Signal or Broadcast of the field runs only in one goroutine
	// that fn starts before it waits, in the body it starts.
	var start *chanflow.Start
	var sites []ssa.CallInstruction
	for _, s := range h.signals {
		sr := h.prog.Of(s.Common().Args[0])
		if sr.Class != r.Class && !refs.Same(sr, r) {
			if sr.Class == "" {
				return // a Cond we cannot tell apart
			}
			continue
		}
		g := s.Parent()
		runs := h.flows.RunBy(g)
		if len(runs) != 1 || runs[0].In != fn || h.called[g] || callableOutside(g) {
			return
		}
		if start != nil && runs[0] != start {
			return
		}
		start = runs[0]
		if start.Target() != g || !before(start.Instr, call) {
			return
		}
		sites = append(sites, s)
	}
	if start == nil {
		return
	}
	// Each site comes only after an operation nobody serves before the
	// Wait returns.
	var first *chanflow.Op
	var site ssa.CallInstruction
	for _, s := range sites {
		op := h.blockedBefore(s, start, call)
		if op == nil {
			return
		}
		if first == nil {
			first, site = op, s
		}
	}
	verb := "Broadcast"
	if callee := site.Common().StaticCallee(); callee != nil {
		verb = callee.Name()
	}
	served := "received"
	if first.Kind != chanflow.Send {
		served = "sent or closed"
	}
	c := h.c
	c.pass.Reportf(w.call.Lparen,
		"%s.Wait at %s waits for the %s at %s, which the goroutine started at %s reaches only after its %s on %s at %s, %s only after the Wait returns",
		recvText(w.call), c.pos(w.call.Lparen), verb, c.pos(site.Pos()), c.pos(start.Pos),
		first.Kind, chanText(first), c.pos(first.Pos), served)
}

// unexported reports whether a field class "(p.T).f" names an
// unexported field.
func unexported(class string) bool {
	i := strings.LastIndex(class, ").")
	if i < 0 {
		return false
	}
	name := class[i+2:]
	return name != "" && !unicode.IsUpper([]rune(name)[0])
}

func callableOutside(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return false // a literal: its maker decides
	}
	obj, _ := fn.Object().(*types.Func)
	return obj == nil || obj.Exported()
}

// before reports whether instruction a of a function runs before b on
// every path to b and b cannot run before a: same function, a's block
// dominates b's and b's block does not reach a's (or, in one block, a
// comes first).
func before(a, b ssa.Instruction) bool {
	if a.Parent() != b.Parent() {
		return false
	}
	if a.Block() == b.Block() {
		for _, instr := range a.Block().Instrs {
			if instr == a {
				return true
			}
			if instr == b {
				return false
			}
		}
		return false
	}
	return a.Block().Dominates(b.Block()) && !chanflow.Reaches(b.Block(), a.Block())
}

// escapes reports whether the object fn makes may be reached, before the
// Wait, by code other than fn and the goroutines fn starts on it: it, or
// the address of one of its fields, is stored, captured, or passed to a
// call (other than a go statement and the model's functions) in a block
// that may run before the Wait.
func (h *handoff) escapes(obj *ssa.Alloc, wait ssa.CallInstruction) bool {
	mayPrecede := func(instr ssa.Instruction) bool {
		return instr.Block() == wait.Block() || chanflow.Reaches(instr.Block(), wait.Block())
	}
	var leaks func(v ssa.Value, depth int) bool
	leaks = func(v ssa.Value, depth int) bool {
		if depth > 4 {
			return true
		}
		for _, ref := range *v.Referrers() {
			switch x := ref.(type) {
			case *ssa.FieldAddr, *ssa.MakeInterface, *ssa.ChangeType:
				if leaks(x.(ssa.Value), depth+1) {
					return true
				}
			case *ssa.UnOp, *ssa.DebugRef:
			case *ssa.Store:
				if x.Val == v && mayPrecede(x) {
					return true
				}
			case *ssa.Go:
				// A goroutine of the package: what it runs is judged by
				// the starts that run each operation. Another package's
				// may hand the object to anyone.
				if len(h.flows.CalleesAt(x)) == 0 && mayPrecede(x) {
					return true
				}
			case ssa.CallInstruction:
				if !mayPrecede(x) || x == wait || h.effect(x.Common(), model.BindsLock) || h.effect(x.Common(), model.Locks) || h.effect(x.Common(), model.Unlocks) || h.effect(x.Common(), model.WaitUnlocks) {
					continue
				}
				return true
			case *ssa.Return:
			default:
				if mayPrecede(ref) {
					return true
				}
			}
		}
		return false
	}
	return leaks(obj, 0)
}

// blockedBefore returns a blocking channel operation of the goroutine's
// body that comes before the signal site s (on every path to it, or in
// a loop that runs before it on every iteration), none of whose cases
// can be served before the Wait returns; nil when there is none.
func (h *handoff) blockedBefore(s ssa.CallInstruction, start *chanflow.Start, wait ssa.CallInstruction) *chanflow.Op {
	g := s.Parent()
	bySelect := make(map[ssa.Instruction][]*chanflow.Op)
	var order []ssa.Instruction
	for _, ch := range h.flows.Chans() {
		for _, op := range ch.Ops {
			if op.Fn != g || !op.Blocks() {
				continue
			}
			if _, ok := bySelect[op.Instr]; !ok {
				order = append(order, op.Instr)
			}
			bySelect[op.Instr] = append(bySelect[op.Instr], op)
		}
	}
	for _, instr := range order {
		ops := bySelect[instr]
		if sel, ok := instr.(*ssa.Select); ok && len(ops) != len(sel.States) {
			continue // a case on a channel the pass does not track
		}
		if !precedes(instr, s) {
			continue
		}
		ok := true
		for _, op := range ops {
			if !h.unserved(op, start, wait) {
				ok = false
				break
			}
		}
		if ok {
			return ops[0]
		}
	}
	return nil
}

// afterWait reports whether x runs only once the waiting is over: it
// cannot lead back to the Wait, and the Wait, or the header of the loop
// that waits, dominates it.
func afterWait(wait, x ssa.Instruction) bool {
	wb, xb := wait.Block(), x.Block()
	if wb.Parent() != xb.Parent() || xb == wb || chanflow.Reaches(xb, wb) {
		return false
	}
	if wb.Dominates(xb) {
		return true
	}
	for _, hd := range wb.Parent().Blocks {
		if hd.Dominates(wb) && chanflow.Reaches(wb, hd) && hd.Dominates(xb) {
			return true
		}
	}
	return false
}

// precedes reports whether a runs before b: it dominates b, or it is in
// a loop whose every iteration runs it and which b comes after.
func precedes(a, b ssa.Instruction) bool {
	if before(a, b) {
		return true
	}
	ab, bb := a.Block(), b.Block()
	if ab.Parent() != bb.Parent() || !chanflow.Reaches(ab, ab) {
		return false
	}
	// The loop header: the block of the loop that dominates a's block
	// and is reached from it.
	for _, hd := range ab.Parent().Blocks {
		if hd == ab || !hd.Dominates(ab) || !chanflow.Reaches(ab, hd) || !hd.Dominates(bb) || chanflow.Reaches(bb, hd) {
			continue
		}
		// Every back edge into the header comes through a's block.
		all := true
		for _, p := range hd.Preds {
			if hd.Dominates(p) && !ab.Dominates(p) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

// unserved reports whether a channel operation of the signalling
// goroutine can complete only after the Wait returns: a receive that
// only sends or closes after the Wait can serve, or a send on an
// unbuffered channel that only receives after it can take. The channel
// is made by the waiting function for its object, and every other
// operation on it runs in the waiting function after the Wait, in a
// goroutine it starts after the Wait, or in a function that is not run
// by the signalling goroutine nor by any goroutine (it needs the object,
// which the waiting function has not let out yet).
func (h *handoff) unserved(op *chanflow.Op, start *chanflow.Start, wait ssa.CallInstruction) bool {
	ch := h.flows.ChanOf(op.Chan)
	if ch == nil || ch.Open || len(ch.Makes) == 0 {
		return false
	}
	fn := wait.Parent()
	for _, mk := range ch.Makes {
		if mk.Parent() != fn {
			return false
		}
	}
	if op.Kind == chanflow.Send {
		if n, ok := ch.Cap(); !ok || n != 0 {
			return false
		}
	}
	r := h.prog.Of(op.Chan)
	if r.Class == "" {
		return false
	}
	for _, other := range ch.Ops {
		serves := false
		switch op.Kind {
		case chanflow.Send:
			serves = other.Kind == chanflow.Recv || other.Kind == chanflow.Range
		default:
			serves = other.Kind == chanflow.Send || other.Kind == chanflow.Close
		}
		if !serves {
			continue
		}
		if !h.onlyAfter(other.Fn, other.Instr, start, wait, 0) {
			return false
		}
	}
	return true
}

// onlyAfter reports whether instr, of f, can run only once the waiting
// function is done waiting: in the waiting function after the Wait, in a
// goroutine it starts after the Wait, or in a function no goroutine runs
// (nor the signalling one) that the waiting function does not call
// before the Wait: it needs the waiting function's object, which is not
// let out yet. A literal not started by go counts when it is only given
// to calls that run it on the calling goroutine (sync.Once.Do): then its
// enclosing function decides, at that call.
func (h *handoff) onlyAfter(f *ssa.Function, instr ssa.Instruction, start *chanflow.Start, wait ssa.CallInstruction, depth int) bool {
	fn := wait.Parent()
	if f == fn {
		return afterWait(wait, instr)
	}
	runs := h.flows.RunBy(f)
	for _, s := range runs {
		if s == start || s.In != fn || !afterWait(wait, s.Instr) {
			return false
		}
	}
	if len(runs) == 0 && f.Parent() != nil {
		if depth > 4 {
			return false
		}
		mc := h.prog.Closure(f)
		var uses []ssa.Instruction
		if mc != nil {
			uses = *mc.Referrers()
		} else if r := f.Referrers(); r != nil {
			uses = *r
		}
		if len(uses) == 0 {
			return false
		}
		for _, u := range uses {
			call, ok := u.(ssa.CallInstruction)
			if !ok || !h.runsArg(call) {
				return false
			}
			if !h.onlyAfter(call.Parent(), call, start, wait, depth+1) {
				return false
			}
		}
		return true
	}
	return !h.calledBefore(f, wait)
}

// runsArg reports whether a call runs the function it is given on the
// calling goroutine (the model's Runs: sync.Once.Do).
func (h *handoff) runsArg(call ssa.CallInstruction) bool {
	if _, isGo := call.(*ssa.Go); isGo {
		return false
	}
	if _, isDefer := call.(*ssa.Defer); isDefer {
		return false
	}
	return h.effect(call.Common(), model.Runs)
}

// calledBefore reports whether the waiting function may call fn, through
// the package's calls, before the Wait.
func (h *handoff) calledBefore(fn *ssa.Function, wait ssa.CallInstruction) bool {
	seen := map[*ssa.Function]bool{}
	var from func(f *ssa.Function) bool
	from = func(f *ssa.Function) bool {
		if f == fn {
			return true
		}
		if seen[f] {
			return false
		}
		seen[f] = true
		for _, c := range h.flows.Callees(f) {
			if from(c) {
				return true
			}
		}
		return false
	}
	w := wait.Parent()
	for _, b := range w.Blocks {
		if b != wait.Block() && !chanflow.Reaches(b, wait.Block()) {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue
			}
			for _, t := range h.flows.CallTargets(call) {
				if from(t) {
					return true
				}
			}
		}
	}
	return false
}

// chanText renders the channel an operation uses, as the source names it.
func chanText(op *chanflow.Op) string {
	if s := refs.SyntaxAt[*ast.SendStmt](op.Fn, op.Pos); s != nil && s.Arrow == op.Pos {
		return types.ExprString(s.Chan)
	}
	if u := refs.SyntaxAt[*ast.UnaryExpr](op.Fn, op.Pos); u != nil && u.OpPos == op.Pos {
		return types.ExprString(u.X)
	}
	return fmt.Sprint(op.Chan.Name())
}
