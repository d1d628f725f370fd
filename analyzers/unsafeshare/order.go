package unsafeshare

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// The happens-before edges between two goroutines: one acquires (a
// receive, a send on an unbuffered channel, a join, an atomic load,
// Once.Do) what the other released (a send or close on that channel, an
// atomic store, its own end). Two accesses are ordered when one side
// acquires before its access what the other side may release after its
// own. Locks are not edges here: a lock held at both accesses is.

// syncKey names what an edge is on: a *chanflow.Chan, or "atomic:"+class,
// with its direction: a receive acquires what a send or close released
// (dir 0); a send on an unbuffered channel acquires what a receive
// released (dir 1).
type syncKey any

type dirKey struct {
	k   any
	dir int
}

// closeDir is the direction of a close: a receive that may observe the
// close acquires it, but not a receive that got a value (the body of a
// range over the channel, v, ok := <-ch with ok true), which a send
// matched.
const closeDir = 2

// okBranches returns, for a receive whose ok result is tested (v, ok :=
// <-ch; range over ch), the block that runs when a value was received
// and the one that runs when the channel was closed; nil otherwise.
func okBranches(recv *ssa.UnOp) (got, closed *ssa.BasicBlock) {
	if !recv.CommaOk {
		return nil, nil
	}
	for _, ref := range *recv.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 1 {
			continue
		}
		for _, use := range *ex.Referrers() {
			if ifs, ok := use.(*ssa.If); ok && ifs.Cond == ssa.Value(ex) && len(ifs.Block().Succs) == 2 {
				return ifs.Block().Succs[0], ifs.Block().Succs[1]
			}
		}
	}
	return nil, nil
}

type keySet map[syncKey]bool

func (k keySet) any(keys []syncKey) bool {
	for _, x := range keys {
		if k[x] {
			return true
		}
	}
	return false
}

func (k keySet) addAll(o keySet) {
	for x := range o {
		k[x] = true
	}
}

// point is an acquire: what comes after it (after block from, for a case
// of a select) may be ordered after another goroutine's release.
type point struct {
	instr  ssa.Instruction
	from   *ssa.BasicBlock // the case's block, or nil: after instr
	keys   []syncKey
	always bool // a join, a wait, Once.Do: any goroutine may be the other side
}

// summary is what a function and its callees do, in any order.
type summary struct {
	acq    keySet
	always bool
	rel    keySet
	busy   bool
}

// chanKey returns the key of a channel value, and false for a timer's
// channel (the runtime sends on it: it orders nothing).
func (r *racer) chanKey(v ssa.Value) (syncKey, bool) {
	if r.flow.IsTimer(v) {
		return nil, false
	}
	ch := r.flow.ChanOf(v)
	if ch == nil {
		return fmt.Sprintf("chan:%p", v), true
	}
	return ch, true
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// unbuffered reports whether a send on ch may wait for its receiver: a
// channel made without a size or with size 0, or one whose makes are
// not seen. A size computed at run time is taken as a buffer.
func (r *racer) unbuffered(ch ssa.Value) bool {
	c := r.flow.ChanOf(ch)
	if c == nil || len(c.Makes) == 0 {
		return true
	}
	for _, mk := range c.Makes {
		if k, ok := mk.Size.(*ssa.Const); ok && k.Value != nil && k.Value.ExactString() == "0" {
			return true
		}
	}
	return false
}

// atomicKey names the word an atomic operation or a sync value's method
// works on.
func (r *racer) atomicKey(v ssa.Value) (syncKey, bool) {
	ref := r.prog.Of(v)
	switch {
	case ref.Class != "":
		return "atomic:" + ref.Class, true
	case ref.Root != nil:
		return fmt.Sprintf("atomic:%p%s", ref.Root, ref.Path), true
	}
	return nil, false
}

// pointsAt returns the acquires instr makes itself (not its callees').
func (r *racer) pointsAt(instr ssa.Instruction) []point {
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			if k, ok := r.chanKey(in.X); ok {
				if got, closed := okBranches(in); got != nil {
					// v, ok := <-ch, and range over ch: the path
					// that got a value was matched by a send, only
					// the other by the close.
					return []point{
						{instr: in, from: got, keys: []syncKey{dirKey{k, 0}}},
						{instr: in, from: closed, keys: []syncKey{dirKey{k, 0}, dirKey{k, closeDir}}},
					}
				}
				return []point{{instr: in, keys: []syncKey{dirKey{k, 0}, dirKey{k, closeDir}}}}
			}
		}
	case *ssa.Send:
		if r.unbuffered(in.Chan) {
			if k, ok := r.chanKey(in.Chan); ok {
				return []point{{instr: in, keys: []syncKey{dirKey{k, 1}}}}
			}
		}
	case *ssa.Select:
		return r.selectPoints(in)
	case *ssa.Call:
		return r.callPoints(in)
	}
	return nil
}

func (r *racer) callPoints(in *ssa.Call) []point {
	e, ok := r.lookup(&in.Call)
	if !ok {
		if keys := r.queueAcquire(in); len(keys) > 0 {
			return []point{{instr: in, keys: keys}}
		}
		return nil
	}
	switch {
	case e.Is(model.Sleeps):
		return nil // a sleep orders nothing
	case e.Is(model.Locks) && e.Lock == model.Exclusive && r.lockedAgain(in):
		// A mutex used as a start signal: the second Lock waits for
		// whoever was handed its Unlock.
		return []point{{instr: in, always: true}}
	case e.Is(model.Joins), e.Is(model.Waits):
		return []point{{instr: in, always: true}}
	case e.Is(model.Suspends) && !e.Is(model.Locks) && !e.Is(model.Unlocks) && !e.Is(model.Sleeps):
		return []point{{instr: in, always: true}}
	case e.Is(model.Syncs):
		if k, ok := r.syncArg(&in.Call, e); ok {
			return []point{{instr: in, keys: []syncKey{k}}}
		}
		return []point{{instr: in, always: true}}
	}
	return nil
}

// lockedAgain reports whether the Lock call in locks a mutex its
// function locked before it on every path, with no Unlock of it in
// between (waitLock.Lock(); srv := &Server{NotifyStartedFunc:
// waitLock.Unlock}; go srv.ListenAndServe(); waitLock.Lock()): it waits
// for another goroutine to unlock it.
func (r *racer) lockedAgain(in *ssa.Call) bool {
	if len(in.Call.Args) == 0 {
		return false
	}
	mu := r.prog.Of(in.Call.Args[0])
	same := func(c *ssa.Call, locks bool) bool {
		e, ok := r.lookup(&c.Call)
		if !ok || len(c.Call.Args) == 0 || (locks && !(e.Is(model.Locks) && e.Lock == model.Exclusive)) || (!locks && !e.Is(model.Unlocks)) {
			return false
		}
		return refs.Same(mu, r.prog.Of(c.Call.Args[0]))
	}
	var firsts, unlocks []*ssa.Call
	for _, b := range in.Parent().Blocks {
		for _, x := range b.Instrs {
			if c, ok := x.(*ssa.Call); ok && c != in {
				if same(c, true) && blocks.Precedes(c, in) {
					firsts = append(firsts, c)
				} else if same(c, false) {
					unlocks = append(unlocks, c)
				}
			}
		}
	}
	for _, f := range firsts {
		if !slices.ContainsFunc(unlocks, func(u *ssa.Call) bool { return blocks.Precedes(f, u) && blocks.Precedes(u, in) }) {
			return true
		}
	}
	return false
}

// syncArg returns the key of an atomic operation or of the sync value a
// method is called on.
func (r *racer) syncArg(c *ssa.CallCommon, e model.Entry) (syncKey, bool) {
	if c.IsInvoke() || len(c.Args) == 0 {
		return nil, false
	}
	callee := c.StaticCallee()
	if e.Is(model.Atomic) || callee != nil && callee.Signature.Recv() != nil {
		return r.atomicKey(c.Args[0])
	}
	return nil, false
}

// selectPoints returns one point per receive (or unbuffered send) case,
// from the block the case runs.
func (r *racer) selectPoints(sel *ssa.Select) []point {
	cases := blocks.CaseBlocks(sel)
	var out []point
	for i, st := range sel.States {
		if st.Dir == types.SendOnly && !r.unbuffered(st.Chan) {
			continue
		}
		k, ok := r.chanKey(st.Chan)
		if !ok {
			continue
		}
		dir := 0
		if st.Dir == types.SendOnly {
			dir = 1
		}
		keys := []syncKey{dirKey{k, dir}}
		if dir == 0 {
			keys = append(keys, dirKey{k, closeDir})
		}
		out = append(out, point{instr: sel, from: cases[i], keys: keys})
	}
	return out
}

// releasesAt returns the keys instr releases itself.
func (r *racer) releasesAt(instr ssa.Instruction) []syncKey {
	switch in := instr.(type) {
	case *ssa.Send:
		if k, ok := r.chanKey(in.Chan); ok {
			return []syncKey{dirKey{k, 0}}
		}
	case *ssa.UnOp:
		if in.Op == token.ARROW && r.unbuffered(in.X) {
			if k, ok := r.chanKey(in.X); ok {
				return []syncKey{dirKey{k, 1}}
			}
		}
	case *ssa.Select:
		var out []syncKey
		for _, st := range in.States {
			if k, ok := r.chanKey(st.Chan); ok {
				if st.Dir == types.SendOnly {
					out = append(out, dirKey{k, 0})
				} else if r.unbuffered(st.Chan) {
					out = append(out, dirKey{k, 1})
				}
			}
		}
		return out
	case ssa.CallInstruction:
		common := in.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(common.Args) == 1 {
			if k, ok := r.chanKey(common.Args[0]); ok {
				return []syncKey{dirKey{k, closeDir}}
			}
			return nil
		}
		if e, ok := r.lookup(common); ok && e.Is(model.Syncs) {
			if k, ok := r.syncArg(common, e); ok {
				return []syncKey{k}
			}
		}
		return r.queueRelease(in)
	}
	return nil
}

// summaryOf returns what fn and its callees acquire and release.
func (r *racer) summaryOf(fn *ssa.Function) *summary {
	if s, ok := r.sum[fn]; ok {
		return s
	}
	s := &summary{acq: make(keySet), rel: make(keySet), busy: true}
	r.sum[fn] = s
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, p := range r.pointsAt(instr) {
				s.always = s.always || p.always
				for _, k := range p.keys {
					s.acq[k] = true
				}
			}
			for _, k := range r.releasesAt(instr) {
				s.rel[k] = true
			}
			if c, ok := instr.(ssa.CallInstruction); ok {
				if _, isGo := c.(*ssa.Go); isGo {
					continue
				}
				for _, callee := range r.calleesAt(c) {
					cs := r.summaryOf(callee)
					s.always = s.always || cs.always
					s.acq.addAll(cs.acq)
					s.rel.addAll(cs.rel)
				}
			}
		}
	}
	s.busy = false
	return s
}

// releases returns every key the goroutines of a start may release.
func (r *racer) releases(s *chanflow.Start) keySet {
	out := make(keySet)
	for fn := range r.funcs[s] {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, k := range r.releasesAt(instr) {
					out[k] = true
				}
			}
		}
	}
	return out
}

// acquiredBefore returns what fn's goroutine acquires before instr, in
// fn and in the callers that run it for ctx: the points that instr can
// follow (a select's case only when instr follows that case), the
// callees of calls it can follow, and, for the body of a deferred call,
// the defers registered after it.
func (r *racer) acquiredBefore(instr ssa.Instruction, ctx *chanflow.Start, depth int, inherit bool) (keySet, bool) {
	k := memoKey{instr, ctx, inherit}
	if m, ok := r.acqMemo[k]; ok {
		return m.keys, m.always
	}
	r.acqMemo[k] = acqResult{keys: keySet{}} // a cycle acquires nothing more
	keys, always := r.acquiredBefore0(instr, ctx, depth, inherit)
	r.acqMemo[k] = acqResult{keys, always}
	return keys, always
}

type memoKey struct {
	instr   ssa.Instruction
	ctx     *chanflow.Start
	inherit bool
}

type acqResult struct {
	keys   keySet
	always bool
}

func (r *racer) acquiredBefore0(instr ssa.Instruction, ctx *chanflow.Start, depth int, inherit bool) (keySet, bool) {
	out := make(keySet)
	always := false
	fn := instr.Parent()
	_, deferred := instr.(*ssa.Defer)
	for _, ev := range r.eventsOf(fn) {
		x := ev.instr
		if x == instr {
			continue
		}
		for _, p := range ev.points {
			ok := false
			if p.from != nil {
				ok = r.afterBlock(p.from, instr)
			} else {
				ok = r.after(x, instr)
			}
			if ok {
				always = always || p.always
				for _, k := range p.keys {
					out[k] = true
				}
			}
		}
		if ev.sum == nil {
			continue
		}
		// Deferred calls run at exit: before instr only when instr is
		// itself deferred, and they were registered after it.
		if ev.deferred && (!deferred || !r.after(instr, x)) || !ev.deferred && !r.after(x, instr) {
			continue
		}
		always = always || ev.sum.always
		out.addAll(ev.sum.acq)
	}
	if inherit && depth < 4 && ctx != nil && r.isRoot(fn, ctx) {
		// What the starter acquired before the start, its goroutines
		// come after.
		var outer *chanflow.Start
		if runs := r.runs[ctx.In]; len(runs) > 0 {
			outer = runs[0]
		}
		k, a := r.acquiredBefore(ctx.Instr, outer, depth+1, inherit)
		out.addAll(k)
		always = always || a
	}
	if depth < 8 && !r.isRoot(fn, ctx) {
		for _, st := range r.calls[fn] {
			if !r.funcs[ctx][st.caller] {
				continue
			}
			k, a := r.acquiredBefore(st.instr, ctx, depth+1, inherit)
			out.addAll(k)
			always = always || a
		}
	}
	return out, always
}

// event is an instruction of a function that takes part in an edge: its
// own acquires and releases, and what the functions it calls do.
type event struct {
	instr    ssa.Instruction
	points   []point
	rel      []syncKey
	sum      *summary // the callees', for a call (not a go statement)
	deferred bool
}

// eventsOf returns fn's events in instruction order (computed once).
func (r *racer) eventsOf(fn *ssa.Function) []event {
	if evs, ok := r.events[fn]; ok {
		return evs
	}
	var evs []event
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			ev := event{instr: x, points: r.pointsAt(x), rel: r.releasesAt(x)}
			if c, ok := x.(ssa.CallInstruction); ok {
				if _, isGo := c.(*ssa.Go); !isGo {
					_, ev.deferred = c.(*ssa.Defer)
					sum := &summary{acq: make(keySet), rel: make(keySet)}
					for _, callee := range r.calleesAt(c) {
						cs := r.summaryOf(callee)
						sum.always = sum.always || cs.always
						sum.acq.addAll(cs.acq)
						sum.rel.addAll(cs.rel)
					}
					if sum.always || len(sum.acq) > 0 || len(sum.rel) > 0 {
						ev.sum = sum
					}
				}
			}
			if len(ev.points) > 0 || len(ev.rel) > 0 || ev.sum != nil {
				evs = append(evs, ev)
			}
		}
	}
	r.events[fn] = evs
	return evs
}

// isRoot reports whether fn starts the goroutines of ctx: a start's
// target, or an entry of the package.
func (r *racer) isRoot(fn *ssa.Function, ctx *chanflow.Start) bool {
	if ctx == nil {
		return r.entry[fn]
	}
	for _, t := range ctx.Targets {
		if t == fn {
			return true
		}
	}
	return false
}

// releasedAfter returns what the goroutine of ctx may release after
// instr: what fn and the callers that run it for ctx do after instr (in
// a loop, in the next iterations too), their deferred calls included.
func (r *racer) releasedAfter(instr ssa.Instruction, ctx *chanflow.Start, depth int) keySet {
	k := memoKey{instr, ctx, false}
	if m, ok := r.relMemo[k]; ok {
		return m
	}
	r.relMemo[k] = keySet{}
	out := r.releasedAfter0(instr, ctx, depth)
	r.relMemo[k] = out
	return out
}

func (r *racer) releasedAfter0(instr ssa.Instruction, ctx *chanflow.Start, depth int) keySet {
	out := make(keySet)
	fn := instr.Parent()
	for _, ev := range r.eventsOf(fn) {
		if !ev.deferred && (!r.after(instr, ev.instr) || r.nextIterationOnly(ev.instr, instr)) {
			continue
		}
		for _, k := range ev.rel {
			out[k] = true
		}
		if ev.sum != nil {
			out.addAll(ev.sum.rel)
		}
	}
	if depth < 8 && !r.isRoot(fn, ctx) {
		for _, st := range r.calls[fn] {
			if r.funcs[ctx][st.caller] {
				if d, ok := st.instr.(*ssa.Defer); ok {
					out.addAll(r.releasedAfterDefer(d, ctx, depth+1))
					continue
				}
				// The call that ran fn releases as it returns (Once.Do).
				for _, k := range r.releasesAt(st.instr) {
					out[k] = true
				}
				out.addAll(r.releasedAfter(st.instr, ctx, depth+1))
			}
		}
	}
	return out
}

// releasedAfterDefer returns what may be released after the deferred
// call d runs, at its function's exit: the calls deferred before it
// (they run after it), and what the callers do after the function
// returns. What follows the defer statement in the function body runs
// before the deferred call, not after it.
func (r *racer) releasedAfterDefer(d *ssa.Defer, ctx *chanflow.Start, depth int) keySet {
	out := make(keySet)
	fn := d.Parent()
	for _, ev := range r.eventsOf(fn) {
		if !ev.deferred || ev.instr == ssa.Instruction(d) || !r.after(ev.instr, d) {
			continue
		}
		for _, k := range ev.rel {
			out[k] = true
		}
		if ev.sum != nil {
			out.addAll(ev.sum.rel)
		}
	}
	if depth < 8 && !r.isRoot(fn, ctx) {
		for _, st := range r.calls[fn] {
			if r.funcs[ctx][st.caller] {
				out.addAll(r.releasedAfter(st.instr, ctx, depth+1))
			}
		}
	}
	return out
}

// spawnedAfter reports whether instr, run by the callers' goroutines or
// by another start, comes before a start of s on every path that runs
// s's start after it: the spawn orders it before s's goroutines.
func (r *racer) spawnedAfter(instr ssa.Instruction, s *chanflow.Start, depth int) bool {
	k := memoKey{instr, s, false}
	if v, ok := r.spawnMemo[k]; ok {
		return v
	}
	r.spawnMemo[k] = false
	v := r.spawnedAfter0(instr, s, depth)
	r.spawnMemo[k] = v
	return v
}

func (r *racer) spawnedAfter0(instr ssa.Instruction, s *chanflow.Start, depth int) bool {
	fn := instr.Parent()
	if lead := r.leadingCalls(fn, s); len(lead) > 0 {
		c := lead[0]
		return r.after(instr, c) && !r.after(c, instr)
	}
	if depth < 8 {
		for _, st := range r.calls[fn] {
			if r.spawnedAfter(st.instr, s, depth+1) {
				return true
			}
		}
	}
	return false
}

// callsIn lists the call, go and defer instructions of fn.
func (r *racer) callsIn(fn *ssa.Function) []ssa.CallInstruction {
	if cs, ok := r.callList[fn]; ok {
		return cs
	}
	var cs []ssa.CallInstruction
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			if c, ok := x.(ssa.CallInstruction); ok {
				cs = append(cs, c)
			}
		}
	}
	r.callList[fn] = cs
	return cs
}

// leadingCalls returns the calls of fn, in order, that start s, directly
// or in a callee (defers left out). Every instruction of fn asks the same.
func (r *racer) leadingCalls(fn *ssa.Function, s *chanflow.Start) []ssa.CallInstruction {
	k := startFn{s, fn}
	if cs, ok := r.leading[k]; ok {
		return cs
	}
	var cs []ssa.CallInstruction
	for _, c := range r.callsIn(fn) {
		if _, isDefer := c.(*ssa.Defer); !isDefer && r.leadsTo(c, s) {
			cs = append(cs, c)
		}
	}
	r.leading[k] = cs
	return cs
}

// leadsTo reports whether the call c starts s, itself or in a callee.
func (r *racer) leadsTo(c ssa.CallInstruction, s *chanflow.Start) bool {
	if c == s.Instr {
		return true
	}
	// A start orders what precedes it before its goroutine and what that
	// goroutine starts.
	to := r.reachesIn(s)
	callees := r.calleesAt(c)
	if st := r.async[c]; st != nil {
		callees = st.Targets
	} else if _, isGo := c.(*ssa.Go); isGo {
		callees = r.flow.CalleesAt(c)
	}
	for _, callee := range callees {
		if to[callee] {
			return true
		}
	}
	return false
}

// reachesIn returns the functions whose calls may run the function that
// starts s (that function included).
func (r *racer) reachesIn(s *chanflow.Start) map[*ssa.Function]bool {
	if set, ok := r.toStart[s]; ok {
		return set
	}
	set := map[*ssa.Function]bool{s.In: true}
	work := []*ssa.Function{s.In}
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		for _, st := range r.calls[fn] {
			if !set[st.caller] {
				set[st.caller] = true
				work = append(work, st.caller)
			}
		}
		for _, other := range r.starts {
			// A function that starts a goroutine running fn leads to it.
			if slices.Contains(other.Targets, fn) && !set[other.In] {
				set[other.In] = true
				work = append(work, other.In)
			}
		}
	}
	r.toStart[s] = set
	return set
}

// joinedInStarter reports whether the function that starts s waits for
// s's goroutine to end before it returns, on every path: each of its
// bodies releases a key in a deferred call (defer close(done), a deferred
// send), and the starter acquires that key (a bare receive) after the
// start on every path to a return. The package's callers cannot then call
// another method while the goroutine runs: the call that starts it does
// not return until it has ended (testing's doBench: go b.launch();
// <-b.signal).
func (r *racer) joinedInStarter(s *chanflow.Start) bool {
	if v, ok := r.joined[s]; ok {
		return v
	}
	v := r.joinedInStarter0(s)
	r.joined[s] = v
	return v
}

func (r *racer) joinedInStarter0(s *chanflow.Start) bool {
	if _, isGo := s.Instr.(*ssa.Go); !isGo || len(s.Targets) == 0 {
		return false
	}
	var end keySet
	for _, t := range s.Targets {
		rel := make(keySet)
		for _, b := range t.Blocks {
			for _, instr := range b.Instrs {
				d, ok := instr.(*ssa.Defer)
				if !ok {
					continue
				}
				for _, k := range r.releasesAt(d) {
					rel[k] = true
				}
				for _, callee := range r.flow.CalleesAt(d) {
					rel.addAll(r.summaryOf(callee).rel)
				}
			}
		}
		if end == nil {
			end = rel
			continue
		}
		for k := range end {
			if !rel[k] {
				delete(end, k)
			}
		}
	}
	if len(end) == 0 {
		return false
	}
	joins := func(instr ssa.Instruction) bool {
		in, ok := instr.(*ssa.UnOp)
		if !ok || in.Op != token.ARROW {
			return false
		}
		k, ok := r.chanKey(in.X)
		return ok && (end[dirKey{k, 0}] || end[dirKey{k, closeDir}])
	}
	// Every path from the start to a return meets a join.
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock, from int) bool
	walk = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if joins(instr) {
				return true
			}
			switch instr.(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			}
		}
		for _, succ := range b.Succs {
			if seen[succ] {
				continue
			}
			seen[succ] = true
			if !walk(succ, 0) {
				return false
			}
		}
		return len(b.Succs) > 0
	}
	blk := s.Instr.Block()
	i := slices.Index(blk.Instrs, ssa.Instruction(s.Instr))
	return i >= 0 && walk(blk, i+1)
}

// nextIterationOnly reports whether x comes after instr only in a later
// iteration of a loop around both: x's block dominates instr's (a loop
// that receives the next request, then handles it). The other side's
// last acquire may be matched by x's release of instr's own iteration
// (the last request's send by the receive before its handling), so it
// does not order that side after instr.
func (r *racer) nextIterationOnly(x, instr ssa.Instruction) bool {
	bx, bi := x.Block(), instr.Block()
	if bx == nil || bi == nil || bx.Parent() != bi.Parent() {
		return false
	}
	if bx == bi {
		return r.index(x) < r.index(instr)
	}
	return bx.Dominates(bi)
}
