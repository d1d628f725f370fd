package unsafeshare

import (
	"fmt"
	"go/types"
	"maps"
	"strings"

	"golang.org/x/tools/go/ssa"

	ssaaccess "github.com/asynclint/asynclint/passes/access"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// locks are the locks certainly held, by lock (a refs class, or a root
// and path), with their mode.
type locks map[string]model.LockMode

type heldKey struct {
	fn  *ssa.Function
	ctx *chanflow.Start
}

// lockOp returns the lock a call takes or releases: its key, mode, and
// whether it takes it. A deferred call releases at exit, not here.
type lockOpResult struct {
	key        string
	mode       model.LockMode
	lock, isOp bool
}

func (r *racer) lockOp(instr ssa.Instruction) (key string, mode model.LockMode, lock, ok bool) {
	if res, ok := r.lockOps[instr]; ok {
		return res.key, res.mode, res.lock, res.isOp
	}
	key, mode, lock, ok = r.lockOp0(instr)
	r.lockOps[instr] = lockOpResult{key, mode, lock, ok}
	return key, mode, lock, ok
}

func (r *racer) lockOp0(instr ssa.Instruction) (key string, mode model.LockMode, lock, ok bool) {
	if _, isCall := instr.(*ssa.Call); !isCall {
		return "", 0, false, false
	}
	c, isCall := instr.(*ssa.Call)
	if !isCall {
		return "", 0, false, false
	}
	e, found := r.lookup(&c.Call)
	if !found {
		if lock, ok := ownLock(&c.Call); ok && len(c.Call.Args) > 0 && !r.wrapsLock(c.Call.StaticCallee()) {
			if k := r.lockKey(c.Call.Args[0]); k != "" {
				return k, model.Exclusive, lock, true
			}
		}
		return "", 0, false, false
	}
	if !(e.Is(model.Locks) || e.Is(model.Unlocks)) {
		return "", 0, false, false
	}
	var recv ssa.Value
	if c.Call.IsInvoke() {
		recv = c.Call.Value
	} else if len(c.Call.Args) > 0 {
		recv = c.Call.Args[0]
	}
	if recv == nil {
		return "", 0, false, false
	}
	k := r.lockKey(recv)
	if k == "" {
		return "", 0, false, false
	}
	return k, e.Lock, e.Is(model.Locks), true
}

func (r *racer) lockKey(v ssa.Value) string {
	ref := r.prog.Of(v)
	switch {
	case ref.Class != "":
		return ref.Class
	case ref.Root != nil:
		return fmt.Sprintf("%p%s", ref.Root, ref.Path)
	}
	return ""
}

// localHeld computes the locks held at the entry of each block of fn from
// fn's own Lock and Unlock calls (a must analysis: held on every path).
func (r *racer) localHeld(fn *ssa.Function) map[*ssa.BasicBlock]locks {
	if in, ok := r.localIn[fn]; ok {
		return in
	}
	in := make(map[*ssa.BasicBlock]locks)
	if len(fn.Blocks) == 0 {
		r.localIn[fn] = in
		return in
	}
	in[fn.Blocks[0]] = locks{}
	for changed, rounds := true, 0; changed && rounds < 20; rounds++ {
		changed = false
		for _, b := range fn.Blocks {
			cur, ok := in[b]
			if !ok {
				continue
			}
			out := r.step(maps.Clone(cur), b, nil)
			for _, s := range b.Succs {
				prev, seen := in[s]
				if !seen {
					in[s] = maps.Clone(out)
					changed = true
					continue
				}
				for k, m := range prev {
					if om, ok := out[k]; !ok || om != m {
						delete(prev, k)
						changed = true
					}
				}
			}
		}
	}
	r.localIn[fn] = in
	return in
}

// step applies the lock operations of b (up to stop) to held.
func (r *racer) step(held locks, b *ssa.BasicBlock, stop ssa.Instruction) locks {
	for _, instr := range b.Instrs {
		if instr == stop {
			break
		}
		k, mode, lock, ok := r.lockOp(instr)
		if !ok {
			// A helper that returns holding a lock (lockProfiles):
			// its locks are held after the call.
			if c, isCall := instr.(*ssa.Call); isCall {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Pkg == r.prog.Pkg {
					maps.Copy(held, r.returnsHolding(callee))
				}
			}
			continue
		}
		if lock {
			held[k] = mode
		} else {
			delete(held, k)
		}
	}
	return held
}

// heldAt returns the locks held at instr when ctx's goroutine runs it:
// those fn holds there, and those every caller that runs fn for ctx
// holds at the call.
func (r *racer) heldAt(instr ssa.Instruction, ctx *chanflow.Start) locks {
	k := memoKey{instr, ctx, false}
	if h, ok := r.heldMemo[k]; ok {
		return maps.Clone(h)
	}
	h := r.heldAt0(instr, ctx)
	r.heldMemo[k] = h
	return maps.Clone(h)
}

func (r *racer) heldAt0(instr ssa.Instruction, ctx *chanflow.Start) locks {
	fn := instr.Parent()
	b := instr.Block()
	in := r.localHeld(fn)[b]
	out := r.step(maps.Clone(in), b, instr)
	if out == nil {
		out = locks{}
	}
	// What fn itself does to a lock wins over what its callers hold
	// (an RUnlock then Lock of the callers' read lock holds it for
	// writing).
	entry := maps.Clone(r.entryHeld(fn, ctx))
	maps.Copy(entry, out)
	return entry
}

// returnsHolding returns the locks, named by class, that fn holds at
// every return: a lock helper's. A recursion in progress holds none.
func (r *racer) returnsHolding(fn *ssa.Function) locks {
	if h, ok := r.retHeld[fn]; ok {
		return h
	}
	r.retHeld[fn] = nil
	in := r.localHeld(fn)
	var out locks
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		h := r.step(maps.Clone(in[b]), b, ret)
		if out == nil {
			out = locks{}
			for k, m := range h {
				if r.isClassKey(k) {
					out[k] = m
				}
			}
			continue
		}
		for k, m := range out {
			if hm, ok := h[k]; !ok || hm != m {
				delete(out, k)
			}
		}
	}
	r.retHeld[fn] = out
	return out
}

// isClassKey reports whether a lock key names a class (a field of a
// type, a package variable), the same in every function, rather than a
// root local to one function.
func (r *racer) isClassKey(k string) bool { return !strings.HasPrefix(k, "0x") }

func (r *racer) entryHeld(fn *ssa.Function, ctx *chanflow.Start) locks {
	k := heldKey{fn, ctx}
	if h, ok := r.held[k]; ok {
		return h
	}
	r.held[k] = locks{} // a cycle holds nothing
	// The package's callers may call an exported function with nothing
	// held; inside a goroutine, what runs it is the calls it makes.
	if r.isRoot(fn, ctx) || ctx == nil && fn.Parent() == nil && fn.Object() != nil && fn.Object().Exported() {
		return locks{}
	}
	var out locks
	for _, st := range r.calls[fn] {
		if !r.funcs[ctx][st.caller] {
			continue
		}
		var h locks
		if _, isDefer := st.instr.(*ssa.Defer); isDefer {
			// A deferred call runs on the way out, when what the caller
			// took may be released: it holds what the caller is called
			// with (a Once's run, for initConfVal's deferred report).
			h = maps.Clone(r.entryHeld(st.caller, ctx))
		} else {
			h = r.heldAt(st.instr, ctx)
		}
		if k, ok := r.onceKey(st.instr); ok {
			h[k] = model.Exclusive // one run of the function at a time
		}
		if out == nil {
			out = h
			continue
		}
		for l, m := range out {
			if hm, ok := h[l]; !ok || hm != m {
				delete(out, l)
			}
		}
	}
	if out == nil {
		out = locks{}
	}
	r.held[k] = out
	return out
}

// takesLock reports whether fn itself takes the lock k somewhere: a
// must analysis may miss a lock held through a helper that unlocks and
// locks again on some paths; precision first.
func (r *racer) takesLock(fn *ssa.Function, k string) bool { return r.takenBy(fn)[k] }

// takenBy returns the locks fn itself takes, memoized.
func (r *racer) takenBy(fn *ssa.Function) map[string]bool {
	t, ok := r.takes[fn]
	if !ok {
		t = make(map[string]bool)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if key, _, lock, ok := r.lockOp(instr); ok && lock {
					t[key] = true
				}
			}
		}
		r.takes[fn] = t
	}
	return t
}

// commonLock reports whether x and y hold a lock in common, not both in
// shared mode, or one holds a lock the other's function takes.
func (r *racer) commonLock(hx, hy locks, fx, fy *ssa.Function) bool {
	for k, m := range hx {
		if n, ok := hy[k]; ok && (m == model.Exclusive || n == model.Exclusive) {
			return true
		}
		if m == model.Exclusive && r.takesLock(fy, k) {
			return true
		}
	}
	for k, m := range hy {
		if m == model.Exclusive && r.takesLock(fx, k) {
			return true
		}
	}
	return false
}

// onceKey returns the key of the sync value whose method runs a function
// literal at most once at a time (Once.Do): what it runs holds it like a
// lock.
func (r *racer) onceKey(c ssa.CallInstruction) (string, bool) {
	e, ok := r.lookup(c.Common())
	if !ok || !e.Is(model.Syncs) || e.Is(model.Atomic) {
		return "", false
	}
	k, ok := r.syncArg(c.Common(), e)
	if !ok {
		return "", false
	}
	return fmt.Sprint(k), true
}

// ownLock recognizes a lock a package implements itself (internal/poll's
// fdMutex, on atomics and the runtime's semaphores): a method named Lock,
// RLock, RWLock, rwlock and the like whose type also has the matching
// Unlock, RUnlock, RWUnlock, rwunlock. It is taken as exclusive: the
// model does not know what its modes mean. lock is false for the Unlock.
func ownLock(c *ssa.CallCommon) (lock, ok bool) {
	callee := c.StaticCallee()
	if c.IsInvoke() || callee == nil {
		return false, false
	}
	fn, _ := callee.Object().(*types.Func)
	return ownLockFunc(fn)
}

func ownLockFunc(callee *types.Func) (lock, ok bool) {
	if callee == nil || callee.Signature().Recv() == nil {
		return false, false
	}
	name := callee.Name()
	var prefix, counterpart string
	switch {
	case strings.HasSuffix(name, "Unlock"):
		prefix = strings.TrimSuffix(name, "Unlock")
		counterpart = prefix + "Lock"
	case strings.HasSuffix(name, "unlock"):
		prefix = strings.TrimSuffix(name, "unlock")
		counterpart = prefix + "lock"
	case strings.HasSuffix(name, "Lock"):
		prefix = strings.TrimSuffix(name, "Lock")
		lock, counterpart = true, prefix+"Unlock"
	case strings.HasSuffix(name, "lock"):
		prefix = strings.TrimSuffix(name, "lock")
		lock, counterpart = true, prefix+"unlock"
	default:
		return false, false
	}
	switch prefix {
	case "", "R", "W", "RW", "r", "w", "rw":
	default:
		return false, false // Block, Clock
	}
	obj, _, _ := types.LookupFieldOrMethod(callee.Signature().Recv().Type(), true, callee.Pkg(), counterpart)
	if _, isFn := obj.(*types.Func); !isFn {
		return false, false
	}
	return lock, true
}

// wrapsLock reports whether fn takes or releases a lock the model knows
// (a Lock method around a sync.Mutex field): the lock held is that one,
// which step follows through returnsHolding.
func (r *racer) wrapsLock(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if e, ok := r.lookup(c.Common()); ok && (e.Is(model.Locks) || e.Is(model.Unlocks)) {
					return true
				}
			}
		}
	}
	return false
}

// mayHeld returns the locks fn may hold at instr on some path of its own
// (a may analysis: held on any path), its callers' left out.
func (r *racer) mayHeld(instr ssa.Instruction) locks {
	fn, b := instr.Parent(), instr.Block()
	in, ok := r.mayIn[fn]
	if !ok {
		in = make(map[*ssa.BasicBlock]locks)
		if len(fn.Blocks) > 0 {
			in[fn.Blocks[0]] = locks{}
		}
		for changed, rounds := true, 0; changed && rounds < 20; rounds++ {
			changed = false
			for _, blk := range fn.Blocks {
				cur, ok := in[blk]
				if !ok {
					continue
				}
				out := r.step(maps.Clone(cur), blk, nil)
				for _, succ := range blk.Succs {
					prev, seen := in[succ]
					if !seen {
						prev = locks{}
						in[succ] = prev
						changed = true
					}
					for k, m := range out {
						// Exclusive on some path wins over shared.
						if pm, ok := prev[k]; !ok || pm != m && m == model.Exclusive {
							prev[k] = m
							changed = true
						}
					}
				}
			}
		}
		r.mayIn[fn] = in
	}
	out := r.step(maps.Clone(in[b]), b, instr)
	if out == nil {
		out = locks{}
	}
	return out
}

// mayShare reports whether x and y may both hold one lock, not both in
// shared mode, each on some path of its own function: a lock taken
// under a condition (if doLock { s.Lock() }) that the must analysis
// cannot follow. A lock released before the access on every path is not
// held there on any: the unlocked tail of a function still counts.
func (r *racer) mayShare(x, y *ssaaccess.Access) bool {
	mx, my := r.mayHeld(x.Instr), r.mayHeld(y.Instr)
	for k, m := range mx {
		if n, ok := my[k]; ok && r.isClassKey(k) && (m == model.Exclusive || n == model.Exclusive) {
			return true
		}
	}
	return false
}

// mayShareCallers is mayShare with the locks the callers that run each
// access for its goroutine may hold at the call, on some path (Listen
// taking the lock only for unix networks, the only ones whose path
// writes the map).
func (r *racer) mayShareCallers(x, y occ) bool {
	mx, my := r.mayHeldUp(x.a.Instr, x.ctx, 0), r.mayHeldUp(y.a.Instr, y.ctx, 0)
	for k, m := range mx {
		if n, ok := my[k]; ok && r.isClassKey(k) && (m == model.Exclusive || n == model.Exclusive) {
			return true
		}
	}
	return false
}

// mayHeldUp returns the locks instr's function may hold at instr, and
// those the callers that run it for ctx may hold at their calls.
func (r *racer) mayHeldUp(instr ssa.Instruction, ctx *chanflow.Start, depth int) locks {
	k := memoKey{instr, ctx, true}
	if h, ok := r.mayUpMemo[k]; ok {
		return h
	}
	r.mayUpMemo[k] = locks{} // a cycle adds nothing
	out := maps.Clone(r.mayHeld(instr))
	fn := instr.Parent()
	if depth < 6 && !r.isRoot(fn, ctx) {
		for _, st := range r.calls[fn] {
			if !r.funcs[ctx][st.caller] {
				continue
			}
			for l, m := range r.mayHeldUp(st.instr, ctx, depth+1) {
				if pm, ok := out[l]; !ok || pm != m && m == model.Exclusive {
					out[l] = m
				}
			}
		}
	}
	r.mayUpMemo[k] = out
	return out
}
