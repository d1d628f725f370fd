package maywait

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/internal/graph"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A lock held across a wait deadlocks when some goroutine that could end
// the wait may take the same lock before it gets to its side: the holder
// waits for it, and it waits for the lock. peers finds those goroutines
// on the package's SSA form:
//
//   - for a channel operation, the counterpart operations on the same
//     channel (passes/chanflow: a receive or range for a send, a send or
//     close for a receive), selects with a default included;
//   - for WaitGroup.Wait and errgroup's Wait, the Done calls on a group
//     of the same class (passes/refs) and the bodies started with its Go;
//   - for sync.Cond.Wait, the Signal and Broadcast calls on a Cond of the
//     same class.
//
// What such a goroutine may take before its side: the locks taken
// (directly, or by the package functions it calls, interface and
// func-valued field calls included: chanflow.CallTargets, when a dynamic
// call has at most three targets) on some path
// from its function's entry to the operation, loops included, and, the
// same way, before each call of that function in the package, up the
// callers. A deferred operation counts everything its function takes.
//
// Locks are named by refs' class ("(example.com/p.T).mu", the type that
// declares the field; lockset's Lock.Order). A read lock taken by a peer
// conflicts with a held write lock, and with a held read lock when the
// package write-locks the same class somewhere (a waiting writer blocks
// new readers): such a class is reported plainly, a read take that
// conflicts only with a write lock as "class (read)" (see Conflicts).
type peers struct {
	prog  *refs.Program
	cf    *chanflow.Result
	m     *model.Model
	locks *lockset.Result

	opsAt    map[token.Pos][]*chanflow.Op // by the op's position
	bySelect map[token.Pos][]*chanflow.Op // by the select keyword
	chanOf   map[*chanflow.Op]*chanflow.Chan
	callers  map[*ssa.Function][]ssa.CallInstruction
	writers  map[string]bool
	// writeSites are the lock calls that write-lock a class.
	writeSites map[string][]ssa.CallInstruction
	takers     map[string]map[*ssa.Function]bool // class -> functions taking it directly
	// Done calls, Signal/Broadcast calls, and Go bodies by the class of
	// their receiver.
	dones   map[string][]ssa.CallInstruction
	signals map[string][]ssa.CallInstruction
	bodies  map[string][]*ssa.Function
	// bound are the classes of the locks a Cond of a class is bound to
	// (sync.NewCond's argument, stored in a field of that class).
	bound map[string][]string

	targets   map[*ssa.Function]bool // what starts run, by started
	takesMemo map[fnFor][]lockTake
	// lockMemo is lockOf's, for the lock calls: a zero take for one
	// whose lock has no class.
	lockMemo   map[ssa.CallInstruction]lockTake
	needsMemo  map[instrFor][]lockTake
	callerMemo map[fnFor][]lockTake
	directMemo map[*ssa.Function][]lockTake
	beforeMemo map[instrFor][]lockTake
	reachMemo  map[*ssa.Function]map[*ssa.Function]bool
	views      map[*ssa.Function]*testView // view's
	// noTests stands for a waiter in the walks that leave the tests'
	// ways out (see ownedNeeds): no function calls it.
	noTests       *ssa.Function
	edgeIx        *edgeIndex
	testReachMemo map[*ssa.Function]bool
	kindMemo      map[*ssa.Function]waitKind
	runsMemo      map[*ssa.Function][]*chanflow.Start // startsRunning's
	heldMemo      map[heldKey][]lockTake              // heldIn's
	lockChans     map[*chanflow.Chan]bool             // lockChan's
	mutexChans    map[*chanflow.Chan]bool             // mutexChan's
	sendsMemo     map[sendKey]bool                    // sendsOn's

	// peerOf names, for a wait (by its position, as the witness chain
	// gives it) and a lock class, one goroutine that could end the wait
	// and may take that lock first, for the message.
	peerOf map[string]map[string]string
	// sleepPeers: for a lock class, the lock call a sleep's message names.
	sleepPeers map[sleepKey]ssa.CallInstruction
	lockCalls  map[string][]ssa.CallInstruction // sleepPeer's, by class
	// sleeps are the positions of the sleeps whose peer is noted;
	// shared, the lock classes another goroutine may take (sleepWakers).
	sleeps map[string]bool
	shared []lockTake

	// skip are lock calls left out of what peers take, while
	// flaggedNeeds walks.
	skip map[ssa.Instruction]bool

	fenceMemo   map[*ssa.Function]map[*ssa.BasicBlock]*ssa.Function // exitFences'
	closers     map[ssa.Value][]*chanflow.Chan                      // sealedBy's: the channels closed off a root
	exitMemo    map[*ssa.Function]*ssa.Function                     // exitOf's
	signalled   map[*chanflow.Chan]*ssa.Function                    // exitSignaller's
	mustRunMemo map[runKey]bool                                     // mustRun's
	heldByMemo  map[heldByKey][]string                              // writeHeldByCallers'
	relayMemo   map[instrFor][]lockTake                             // relayed's
}

// fnFor and instrFor key the memos by the waiting function too: what a
// peer may take is counted without the calls of the waiting function
// itself (see needs).
type fnFor struct{ fn, waiter *ssa.Function }

type instrFor struct {
	instr  ssa.Instruction
	waiter *ssa.Function
}

// lockTake is a lock a goroutine may take: its class and mode, and,
// when it is taken only once a function has returned (exitFence),
// that function.
type lockTake struct {
	class string
	mode  model.LockMode
	after *ssa.Function
	// inst is where the lock lives in the value holding it inline
	// (lockset.ValuePath); "" when not known.
	inst string
	// via is the send through which the goroutine needs the lock: a
	// receiver takes it first (relayTakes).
	via *chanflow.Op
	// join is the WaitGroup Wait through which the goroutine needs the
	// lock: a goroutine that group counts takes it first (joinRelay).
	join *ssa.Call
	// atExit is the peer's function when a call it defers takes the
	// lock: it does so on the way out (see exitDropped).
	atExit *ssa.Function
	// sealed is a channel the same object's code closes before it takes
	// the lock, on every path (see sealedBy).
	sealed *chanflow.Chan
}

func newPeers(cf *chanflow.Result, m *model.Model) *peers {
	p := &peers{
		prog:          cf.Program(),
		cf:            cf,
		m:             m,
		opsAt:         make(map[token.Pos][]*chanflow.Op),
		bySelect:      make(map[token.Pos][]*chanflow.Op),
		chanOf:        make(map[*chanflow.Op]*chanflow.Chan),
		callers:       make(map[*ssa.Function][]ssa.CallInstruction),
		writers:       make(map[string]bool),
		writeSites:    make(map[string][]ssa.CallInstruction),
		takers:        make(map[string]map[*ssa.Function]bool),
		dones:         make(map[string][]ssa.CallInstruction),
		signals:       make(map[string][]ssa.CallInstruction),
		bodies:        make(map[string][]*ssa.Function),
		bound:         make(map[string][]string),
		takesMemo:     make(map[fnFor][]lockTake),
		needsMemo:     make(map[instrFor][]lockTake),
		callerMemo:    make(map[fnFor][]lockTake),
		directMemo:    make(map[*ssa.Function][]lockTake),
		beforeMemo:    make(map[instrFor][]lockTake),
		reachMemo:     make(map[*ssa.Function]map[*ssa.Function]bool),
		views:         make(map[*ssa.Function]*testView),
		noTests:       new(ssa.Function),
		testReachMemo: make(map[*ssa.Function]bool),
		kindMemo:      make(map[*ssa.Function]waitKind),
		fenceMemo:     make(map[*ssa.Function]map[*ssa.BasicBlock]*ssa.Function),
		exitMemo:      make(map[*ssa.Function]*ssa.Function),
		signalled:     make(map[*chanflow.Chan]*ssa.Function),
		mustRunMemo:   make(map[runKey]bool),
		heldByMemo:    make(map[heldByKey][]string),
		runsMemo:      make(map[*ssa.Function][]*chanflow.Start),
		peerOf:        make(map[string]map[string]string),
		heldMemo:      make(map[heldKey][]lockTake),
		lockChans:     make(map[*chanflow.Chan]bool),
		sendsMemo:     make(map[sendKey]bool),
		relayMemo:     make(map[instrFor][]lockTake),
	}
	for _, c := range cf.Chans() {
		for _, op := range c.Ops {
			p.chanOf[op] = c
			if op.Select != nil {
				p.bySelect[op.Select.Pos()] = append(p.bySelect[op.Select.Pos()], op)
			} else {
				p.opsAt[op.Pos] = append(p.opsAt[op.Pos], op)
			}
		}
	}
	for _, fn := range p.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					p.scanCall(fn, c)
				}
			}
		}
	}
	for _, s := range cf.Starts() {
		if s.Kind != model.Goroutine || len(s.Targets) == 0 {
			continue
		}
		if cls := p.recvClass(s.Instr.Common()); cls != "" {
			p.bodies[cls] = append(p.bodies[cls], s.Targets...)
		}
	}
	return p
}

func (p *peers) scanCall(fn *ssa.Function, c ssa.CallInstruction) {
	if _, isGo := c.(*ssa.Go); !isGo {
		for _, g := range p.calleesOf(c) {
			p.callers[g] = append(p.callers[g], c)
		}
	}
	if t, ok := p.lockOf(c); ok {
		if t.mode != model.Shared {
			p.writers[t.class] = true
			p.writeSites[t.class] = append(p.writeSites[t.class], c)
		}
		if p.takers[t.class] == nil {
			p.takers[t.class] = make(map[*ssa.Function]bool)
		}
		p.takers[t.class][fn] = true
		return
	}
	e, ok := p.m.Lookup(calleeObj(c.Common()))
	if !ok {
		return
	}
	if e.Is(model.BindsLock) {
		p.binds(c)
		return
	}
	cls := p.recvClass(c.Common())
	if cls == "" {
		return
	}
	switch {
	case e.Is(model.Wakes):
		p.dones[cls] = append(p.dones[cls], c)
	case e.Is(model.Signals):
		p.signals[cls] = append(p.signals[cls], c)
	}
}

// calleesOf returns the package functions a call may run, as chanflow
// resolves them; a dynamic call with more than maxTargets of them (an
// io.Reader's Read, which a dozen types of net/http implement) is not
// followed: which one runs is not known, and the union of their locks
// would make every reader a peer of every other.
func (p *peers) calleesOf(c ssa.CallInstruction) []*ssa.Function {
	ts := p.cf.CallTargets(c)
	if len(ts) > maxTargets && c.Common().StaticCallee() == nil {
		return nil
	}
	if c.Common().IsInvoke() {
		ts = p.notSelf(c, ts)
	}
	return ts
}

// binds records the lock a sync.NewCond call binds its Cond to, when
// the Cond is stored in a field or package variable.
func (p *peers) binds(c ssa.CallInstruction) {
	call, ok := c.(*ssa.Call)
	if !ok || len(call.Call.Args) == 0 {
		return
	}
	arg := call.Call.Args[0]
	if mi, ok := arg.(*ssa.MakeInterface); ok { // a sync.Locker
		arg = mi.X
	}
	l := p.classOf(call.Call.Args[0])
	if lockset.LocalClass(l) {
		if f := p.storedClass(arg); f != "" {
			l = f
		}
	}
	if l == "" {
		return
	}
	l += embeddedLock(arg.Type())
	for _, ref := range *call.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Val == call {
			if cls := p.classOf(st.Addr); cls != "" && !slices.Contains(p.bound[cls], l) {
				p.bound[cls] = append(p.bound[cls], l)
			}
		}
	}
}

// storedClass returns the class of the one field or package variable
// that a lock made in its function (lock := new(sync.Mutex); p :=
// &Pool{lock: lock, cond: sync.NewCond(lock)}), or handed to it (a
// mutex its owner shares with siblings: f.state.Mutex = mu), is stored
// in, as itself or as a sync.Locker; "" when it is stored in none or in
// more than one.
func (p *peers) storedClass(v ssa.Value) string {
	switch v.(type) {
	case *ssa.Alloc, *ssa.Parameter:
	default:
		return ""
	}
	cls := ""
	store := func(st *ssa.Store) bool {
		c := p.classOf(st.Addr)
		if c == "" || cls != "" && cls != c {
			return false
		}
		cls = c
		return true
	}
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Val == v && !store(r) {
				return ""
			}
		case *ssa.MakeInterface:
			for _, use := range *r.Referrers() {
				if st, ok := use.(*ssa.Store); ok && st.Val == r && !store(st) {
					return ""
				}
			}
		}
	}
	return cls
}

// embeddedLock returns, for the type of a Cond's L that is a struct
// embedding its mutex (sync.NewCond(&s.mu), with mu a struct{
// sync.Mutex; ... }), the path to that mutex (".Mutex"), whose class
// the promoted Lock takes; "" for anything else.
func embeddedLock(t types.Type) string {
	obj, index, _ := types.LookupFieldOrMethod(t, true, nil, "Lock")
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || len(index) < 2 {
		return ""
	}
	path := ""
	for _, i := range index[:len(index)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return ""
		}
		path += "." + st.Field(i).Name()
		t = st.Field(i).Type()
	}
	return path
}

// calleeObj returns the named function or method a call calls, or nil.
func calleeObj(common *ssa.CallCommon) *types.Func {
	if common.IsInvoke() {
		return common.Method
	}
	if fn := common.StaticCallee(); fn != nil {
		if fn.Origin() != nil {
			fn = fn.Origin()
		}
		obj, _ := fn.Object().(*types.Func)
		return obj
	}
	return nil
}

// recvValue returns the receiver a method call operates on.
func recvValue(common *ssa.CallCommon) ssa.Value {
	if common.IsInvoke() {
		return common.Value
	}
	if fn := common.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(common.Args) > 0 {
		return common.Args[0]
	}
	return nil
}

func (p *peers) recvClass(common *ssa.CallCommon) string {
	v := recvValue(common)
	if v == nil {
		return ""
	}
	return p.classOf(v)
}

// classOf names the lock, group or Cond v refers to: its refs class, or
// for a local variable or parameter, its identity in the package
// ("var@" and the position of its declaration, as lockset names it).
func (p *peers) classOf(v ssa.Value) string {
	r := p.prog.Of(v)
	if r.Class != "" || r.Path != "" {
		return r.Class
	}
	switch root := r.Root.(type) {
	case *ssa.Alloc, *ssa.Parameter, *ssa.FreeVar:
		if root.Pos().IsValid() {
			return "var@" + strconv.Itoa(int(root.Pos()))
		}
	case *ssa.Extract:
		// g, ctx := errgroup.WithContext(ctx): the group is the call's.
		if call, ok := root.Tuple.(*ssa.Call); ok && call.Pos().IsValid() {
			return "var@" + strconv.Itoa(int(call.Pos())) + "." + strconv.Itoa(root.Index)
		}
	}
	return ""
}

// lockOf returns the lock a call of a sync lock operation takes (not a
// TryLock, which does not wait).
func (p *peers) lockOf(c ssa.CallInstruction) (lockTake, bool) {
	obj := calleeObj(c.Common())
	e, ok := p.m.Lookup(obj)
	if !ok || !e.Is(model.Locks) || e.Suspending {
		return lockTake{}, false
	}
	if sig, ok := obj.Type().(*types.Signature); ok && sig.Results().Len() > 0 {
		return lockTake{}, false // TryLock
	}
	if t, ok := p.lockMemo[c]; ok {
		return t, t.class != ""
	}
	var t lockTake
	if v := recvValue(c.Common()); v != nil {
		if cls := p.classOf(v); cls != "" {
			t = lockTake{class: cls, mode: e.Lock}
			if r := p.prog.Of(v); r.Root != nil {
				t.inst = lockset.ValuePath(r.Root.Type(), r.Path)
				t.sealed = p.sealedBy(c, r.Root)
			}
		}
	}
	if p.lockMemo == nil {
		p.lockMemo = make(map[ssa.CallInstruction]lockTake)
	}
	p.lockMemo[c] = t
	return t, t.class != ""
}

// takes returns the locks fn may take, itself or through the package
// functions it calls other than waiter.
func (p *peers) takes(fn, waiter *ssa.Function) []lockTake {
	if waiter != nil && !p.reaches(waiter)[fn] {
		waiter = nil // fn does not call it
	}
	k := fnFor{fn, waiter}
	if t, ok := p.takesMemo[k]; ok {
		return t
	}
	p.takesMemo[k] = nil // recursion: what is known so far
	var kind waitKind
	if waiter != nil {
		kind = p.kindOf(waiter)
	}
	var out takeSet
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if kind.held[instr.Pos()] {
				continue // taken to run the waiting code
			}
			out.add(p.instrTakes(instr, waiter, true)...)
		}
	}
	p.takesMemo[k] = out.list
	return out.list
}

// A waitKind is what the goroutines that run a waiting function hold
// for it: the lock calls (by the position of their call's parenthesis,
// as SSA gives it) whose lock is held at a call toward the waiter, in
// the functions that may call it, and their locks.
//
// A peer that takes such a lock only to run the waiting code itself
// (Write locks sendLock and calls write, which waits) contends for it
// as the waiter does, and waits its turn; like a call of the waiter, it
// does not count.
type waitKind struct {
	held  map[token.Pos]bool
	locks []lockTake
}

func (p *peers) kindOf(waiter *ssa.Function) waitKind {
	if k, ok := p.kindMemo[waiter]; ok {
		return k
	}
	var k waitKind
	toward := p.reaches(waiter)
	for g := range toward {
		if g == waiter || g.Syntax() == nil || p.locks == nil {
			continue
		}
		var calls map[token.Pos]*ast.CallExpr // g's, by Lparen
		var heldPos map[token.Pos]bool        // the Lock calls held
		for _, b := range g.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok || !slices.ContainsFunc(p.calleesOf(c), func(h *ssa.Function) bool { return toward[h] }) {
					continue
				}
				if calls == nil {
					calls = callsByLparen(g.Syntax())
					heldPos = make(map[token.Pos]bool)
				}
				for _, l := range p.locks.HeldAt(calls[c.Pos()]) {
					heldPos[l.Pos] = true
				}
			}
		}
		for _, b := range g.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok || len(heldPos) == 0 {
					continue
				}
				if ce := calls[c.Pos()]; ce != nil && heldPos[ce.Pos()] {
					if t, ok := p.lockOf(c); ok {
						if k.held == nil {
							k.held = make(map[token.Pos]bool)
						}
						k.held[c.Pos()] = true
						k.locks = addTakes(k.locks, t)
					}
				}
			}
		}
	}
	p.kindMemo[waiter] = k
	return k
}

// callsByLparen returns the calls under n by the position of their
// opening parenthesis.
func callsByLparen(n ast.Node) map[token.Pos]*ast.CallExpr {
	out := make(map[token.Pos]*ast.CallExpr)
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			out[c.Lparen] = c
		}
		return true
	})
	return out
}

// instrTakes returns the locks an instruction may take: a lock call, or
// a call of package functions that may take one. A deferred call counts
// only with deferred.
func (p *peers) instrTakes(instr ssa.Instruction, waiter *ssa.Function, deferred bool) []lockTake {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	switch c.(type) {
	case *ssa.Go:
		return nil
	case *ssa.Defer:
		if !deferred {
			return nil
		}
	}
	if p.skip[instr] {
		return nil // a section behind the peer (see flaggedNeeds)
	}
	if t, ok := p.lockOf(c); ok {
		return p.fenced1([]lockTake{t}, instr)
	}
	var out takeSet
	callees := p.calleesOf(c)
	for _, g := range callees {
		if g != waiter {
			ts := p.takes(g, waiter)
			if len(ts) > 0 && (p.unpublished(c) || p.handedIn(c)) {
				ts = p.lessRecvOwn(g, ts)
			}
			out.add(ts...)
		}
	}
	if len(callees) == 0 {
		for _, g := range p.calledBack(c) {
			if g != waiter {
				out.add(p.takes(g, waiter)...)
			}
		}
	}
	return p.fenced1(out.list, instr)
}

// calledBack returns the functions code the package does not have may
// call back: a call through an interface the package declares and does
// not implement (a balancing policy's UpdateState(s, w)), passing a
// value of the package as an interface the package declares (w as its
// ClientConn), may call that interface's methods on it (NewSubConn,
// which locks w.mu), and a function it is passed (a shard's
// Scan(ix.add)) it may call: that is what they are handed out for.
func (p *peers) calledBack(c ssa.CallInstruction) []*ssa.Function {
	common := c.Common()
	if !common.IsInvoke() || common.Method.Pkg() != p.prog.Pkg.Pkg {
		return nil
	}
	var out []*ssa.Function
	for _, a := range common.Args {
		// A function handed to it (s.Scan(ix.add)) is for it to call.
		switch f := a.(type) {
		case *ssa.Function:
			if f.Pkg == p.prog.Pkg && f.Blocks != nil {
				out = append(out, f)
			}
			continue
		case *ssa.MakeClosure:
			if g, ok := f.Fn.(*ssa.Function); ok && g.Blocks != nil {
				if g.Synthetic != "" {
					g = chanflow.Wrapped(g, p.prog.Pkg) // ix.add: the method the wrapper calls
				}
				if g != nil && g.Pkg == p.prog.Pkg {
					out = append(out, g)
				}
			}
			continue
		}
		mi, ok := a.(*ssa.MakeInterface)
		if !ok {
			continue
		}
		iface, ok := types.Unalias(mi.Type()).(*types.Named)
		if !ok || iface.Obj().Pkg() != p.prog.Pkg.Pkg || !types.IsInterface(iface) {
			continue
		}
		mset := p.prog.Pkg.Prog.MethodSets.MethodSet(mi.X.Type())
		for m := range iface.Underlying().(*types.Interface).Methods() {
			sel := mset.Lookup(m.Pkg(), m.Name())
			if sel == nil {
				continue
			}
			if fn := p.prog.Pkg.Prog.MethodValue(sel); fn != nil && fn.Pkg == p.prog.Pkg && fn.Blocks != nil {
				out = append(out, fn)
			}
		}
	}
	return out
}

// takenBefore returns the locks fn may take before instr, on some path
// from its entry (loops included).
func (p *peers) takenBefore(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	if waiter != nil && !p.reaches(waiter)[instr.Parent()] {
		waiter = nil // nothing here calls it
	}
	k := instrFor{instr, waiter}
	if t, ok := p.beforeMemo[k]; ok {
		return t
	}
	t := p.takenBefore0(instr, waiter)
	p.beforeMemo[k] = t
	return t
}

// reaches returns the functions of the package that may call fn, itself
// or through others (fn included).
func (p *peers) reaches(fn *ssa.Function) map[*ssa.Function]bool {
	if set, ok := p.reachMemo[fn]; ok {
		return set
	}
	set := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range p.callers[g] {
			if f := c.Parent(); !set[f] {
				set[f] = true
				work = append(work, f)
			}
		}
	}
	p.reachMemo[fn] = set
	return set
}

func (p *peers) takenBefore0(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	if d, ok := instr.(*ssa.Defer); ok {
		// A deferred call runs after the function's body and its other
		// deferred calls, not after itself. What the body takes after
		// it made the same call itself (c.writeMu.unlock(); c.close(),
		// with a deferred c.writeMu.unlock() that then finds nothing to
		// release) comes after its side.
		done := sameCalls(p.prog, d)
		var out takeSet
		for _, b := range instr.Parent().Blocks {
			for _, x := range b.Instrs {
				if x != instr && !slices.ContainsFunc(done, func(u *ssa.Call) bool { return blocks.Precedes(u, x) }) {
					out.add(p.instrTakes(x, waiter, true)...)
				}
			}
		}
		return out.list
	}
	blk := instr.Block()
	if blk == nil {
		return nil
	}
	var out takeSet
	for _, x := range blk.Instrs {
		if x == instr {
			break
		}
		out.add(p.instrTakes(x, waiter, false)...)
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := slices.Clone(blk.Preds)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		for _, x := range b.Instrs {
			out.add(p.instrTakes(x, waiter, false)...)
		}
		stack = append(stack, b.Preds...)
	}
	return out.list
}

// sameCalls returns the plain calls of d's function that call what d
// defers, with the same arguments (the same locations, as refs names
// them: c.mu.unlock() and defer c.mu.unlock()).
func sameCalls(prog *refs.Program, d *ssa.Defer) []*ssa.Call {
	g := d.Call.StaticCallee()
	if g == nil || len(d.Call.Args) == 0 {
		return nil
	}
	var out []*ssa.Call
	for _, b := range d.Parent().Blocks {
		for _, x := range b.Instrs {
			u, ok := x.(*ssa.Call)
			if !ok || u.Call.StaticCallee() != g || len(u.Call.Args) != len(d.Call.Args) {
				continue
			}
			same := true
			for i, a := range d.Call.Args {
				same = same && refs.Same(prog.Of(a), prog.Of(u.Call.Args[i]))
			}
			if same {
				out = append(out, u)
			}
		}
	}
	return out
}

// callerTakes returns the locks a goroutine may take before it calls fn:
// before each call of fn in the package, and before the calls of those
// callers, up the chain.
func (p *peers) callerTakes(fn, waiter *ssa.Function) []lockTake {
	k := fnFor{fn, waiter}
	if t, ok := p.callerMemo[k]; ok {
		return t
	}
	p.callerMemo[k] = nil
	var out takeSet
	for _, c := range p.callers[fn] {
		if waiter == p.noTests && isTestFunc(c.Parent()) {
			continue
		}
		if waiter != nil && waiter != p.noTests && isTestFunc(c.Parent()) {
			if ts, ok := p.testTakes(c, waiter); ok {
				out.add(ts...)
				continue
			}
		}
		out.add(p.takenBefore(c, waiter)...)
		out.add(p.callerTakes(c.Parent(), waiter)...)
	}
	p.callerMemo[k] = out.list
	return out.list
}

// isTestFunc reports whether fn is a test function (funcs.IsTest): one
// goroutine runs it, once.
func isTestFunc(fn *ssa.Function) bool {
	obj, _ := fn.Object().(*types.Func)
	return fn.Parent() == nil && obj != nil && funcs.IsTest(fn.Prog.Fset, obj)
}

// A testView is what the test rule (testTakes) needs to know of a
// waiting function, found once for the package: elsewhere, the
// functions that may, on some goroutine, start with go, hand on as a
// value or turn into an interface something that runs it (their own
// goroutine's calls included: a helper that starts a server); runs,
// those that may run it on some goroutine.
type testView struct {
	elsewhere map[*ssa.Function]bool
	runs      map[*ssa.Function]bool
	// recvs are the receiver types of runs' methods; tests, what
	// testTakes found of a test function: whether it is safe, and its
	// go statements that start the waiting code.
	recvs map[*types.TypeName]bool
	tests map[*ssa.Function]testFacts
}

type testFacts struct {
	safe   bool
	starts []*ssa.Go
}

// view returns the testView of waiter.
func (p *peers) view(waiter *ssa.Function) *testView {
	if v, ok := p.views[waiter]; ok {
		return v
	}
	in := p.edgeIndex()
	v := &testView{runs: backward(in.any, []*ssa.Function{waiter}), tests: make(map[*ssa.Function]testFacts)}
	// The receiver types of what runs the waiter: a value of one turned
	// into an interface may be called by code outside the package.
	recvs := make(map[*types.TypeName]bool)
	for g := range v.runs {
		if r := g.Signature.Recv(); r != nil {
			if tn := model.NamedOf(deref(r.Type())); tn != nil {
				recvs[tn] = true
			}
		}
	}
	v.recvs = recvs
	var starters []*ssa.Function
	for h := range v.runs {
		starters = append(starters, in.handers[h]...)
	}
	for tn := range recvs {
		starters = append(starters, in.boxers[tn]...)
	}
	v.elsewhere = backward(in.any, starters)
	p.views[waiter] = v
	return v
}

// An edgeIndex inverts the package's edges (see edges): any, for each
// function, those that call, start or use it as a value; handers, those
// that start it or use it as a value; boxers, for a named type, the
// functions that turn a value of it into an interface.
type edgeIndex struct {
	any, handers map[*ssa.Function][]*ssa.Function
	boxers       map[*types.TypeName][]*ssa.Function
}

func (p *peers) edgeIndex() *edgeIndex {
	if p.edgeIx != nil {
		return p.edgeIx
	}
	in := &edgeIndex{
		any:     make(map[*ssa.Function][]*ssa.Function),
		handers: make(map[*ssa.Function][]*ssa.Function),
		boxers:  make(map[*types.TypeName][]*ssa.Function),
	}
	for _, g := range p.prog.Funcs {
		p.edges(g, func(_ ssa.Instruction, h *ssa.Function, call bool) {
			in.any[h] = append(in.any[h], g)
			if !call {
				in.handers[h] = append(in.handers[h], g)
			}
		})
		for _, b := range g.Blocks {
			for _, x := range b.Instrs {
				if mi, ok := x.(*ssa.MakeInterface); ok {
					if tn := model.NamedOf(deref(mi.X.Type())); tn != nil {
						in.boxers[tn] = append(in.boxers[tn], g)
					}
				}
			}
		}
	}
	p.edgeIx = in
	return in
}

// backward returns the functions from which, through the edges that in
// inverts, one of roots may be reached (roots included).
func backward(in map[*ssa.Function][]*ssa.Function, roots []*ssa.Function) map[*ssa.Function]bool {
	return graph.Closure(roots, func(g *ssa.Function) []*ssa.Function { return in[g] })
}

// edges calls f for each function of the package that g calls (call is
// true), starts with go, or uses as a value, with the instruction.
func (p *peers) edges(g *ssa.Function, f func(x ssa.Instruction, h *ssa.Function, call bool)) {
	for _, b := range g.Blocks {
		for _, x := range b.Instrs {
			c, isCall := x.(ssa.CallInstruction)
			for _, v := range x.Operands(nil) {
				if v == nil || *v == nil {
					continue
				}
				switch fv := (*v).(type) {
				case *ssa.MakeClosure:
					if h, ok := fv.Fn.(*ssa.Function); ok {
						f(x, h, false)
					}
				case *ssa.Function:
					if !isCall || c.Common().Value != fv {
						f(x, fv, false) // used as a value
					}
				}
			}
			if !isCall {
				continue
			}
			_, isGo := c.(*ssa.Go)
			for _, h := range append(p.cf.CallTargets(c), p.cf.CalleesAt(c)...) {
				f(x, h, !isGo)
			}
		}
	}
}

// testTakes returns, for a call c in a test function on the way to a
// peer, the locks that count: none when no goroutine of the test's world
// but its own may run the waiting code (the test cannot both wait and be
// at c; it publishes and waits, then closes), and those taken since each
// of its go statements that start the waiting code, when only those do
// (what it took before it started the waiter is behind it). ok is false
// when neither holds: something the test runs starts the waiting code
// another way, or hands on a value whose methods run it.
func (p *peers) testTakes(c ssa.Instruction, waiter *ssa.Function) (ts []lockTake, ok bool) {
	v := p.view(waiter)
	fn := c.Parent()
	f, ok := v.tests[fn]
	if !ok {
		f = v.testFacts(p, fn)
		v.tests[fn] = f
	}
	if !f.safe {
		return nil, false
	}
	var out takeSet
	for _, st := range f.starts {
		if st.Block() == c.Block() && slices.Index(st.Block().Instrs, ssa.Instruction(st)) > slices.Index(c.Block().Instrs, ssa.Instruction(c)) &&
			!blocks.Reachable(st.Block(), blocks.Succs)[st.Block()] {
			continue // started after c
		}
		if st.Block() != c.Block() && !blocks.Reachable(st.Block(), blocks.Succs)[c.Block()] {
			continue // never before c
		}
		out.add(p.takenSince(st, c, waiter)...)
	}
	return out.list, true
}

// testFacts finds whether the test function fn is safe for the
// waiting code (see testTakes), and its go statements that start it.
func (v *testView) testFacts(p *peers, fn *ssa.Function) testFacts {
	f := testFacts{safe: true}
	p.edges(fn, func(x ssa.Instruction, h *ssa.Function, call bool) {
		st, isGo := x.(*ssa.Go)
		switch {
		case v.elsewhere[h]:
			f.safe = false
		case isGo && v.runs[h]:
			if !slices.Contains(f.starts, st) {
				f.starts = append(f.starts, st)
			}
		case !call && !isGo && v.runs[h]:
			f.safe = false // handed on as a value
		}
	})
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			// A value whose methods run the waiting code, boxed.
			if mi, ok := x.(*ssa.MakeInterface); ok && v.recvs[model.NamedOf(deref(mi.X.Type()))] {
				f.safe = false
			}
		}
	}
	return f
}

// needs returns the locks a goroutine may take before it gets to instr:
// taken before it in its function and its callers, or by a call its
// function defers (a goroutine that leaves instead, as on a stop case,
// takes them on its way out, before the waiter can get its side).
//
// A call of waiter, the function that waits, does not count: a peer
// that takes the lock only by running the waiting code itself (a second
// writer of a pipe, which writes and then closes it) contends for the
// lock as the waiter's own kind does, and waits its turn; the peers that
// end the wait without it (the pipe's reader) are still there.
func (p *peers) needs(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	ts := p.needsDirect(instr, waiter)
	if r := p.relayed(instr, waiter); len(r) > 0 {
		ts = append(slices.Clip(ts), r...)
	}
	return ts
}

// needsDirect is needs without the locks a send before instr waits for
// (relayed).
func (p *peers) needsDirect(instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	k := instrFor{instr, waiter}
	if t, ok := p.needsMemo[k]; ok {
		return t
	}
	var out takeSet
	if mk := madeHere(instr); mk != nil {
		// A channel this very call of the function makes: no goroutine
		// can wait on it before it is made, and what the peer took
		// before (or its callers did) is behind it.
		out.add(p.testOwn(instr, waiter, p.takenSince(mk, instr, waiter))...)
	} else if mk := p.madeThrough(chanOfOp(instr), instr.Parent()); mk != nil {
		// Or one it makes and gets back from the call that registers
		// it (<-ch.NotifyClose(make(chan *Error))).
		out.add(p.takenSince(mk, instr, waiter)...)
	} else if reg := p.capturedRegistration(chanOfOp(instr), instr.Parent()); reg != nil {
		// Or one its enclosing function made for it, which it registers.
		out.add(p.takenSince(reg, instr, waiter)...)
	} else if call, mk := madeByCall(p.prog, instr); mk != nil {
		// Or one a constructor it calls makes, in the object it
		// returns (w := h.Watch(); range w.ch): what the constructor
		// takes after the make, and the function after the call.
		out.add(p.takenSince(mk, nil, waiter)...)
		out.add(p.takenSince(call, instr, waiter)...)
	} else {
		out.add(p.takenBefore(instr, waiter)...)
		out.add(p.callerTakes(instr.Parent(), waiter)...)
	}
	for _, b := range instr.Parent().Blocks {
		for _, x := range b.Instrs {
			if d, ok := x.(*ssa.Defer); ok {
				for _, t := range p.instrTakes(d, waiter, true) {
					if t.atExit == nil {
						t.atExit = instr.Parent()
					}
					out.add(t)
				}
			}
		}
	}
	p.needsMemo[k] = out.list
	return out.list
}

// chanOfOp returns the channel a send, receive or close uses, or nil.
func chanOfOp(instr ssa.Instruction) ssa.Value {
	switch x := instr.(type) {
	case *ssa.Send:
		return x.Chan
	case *ssa.UnOp:
		return x.X
	case *ssa.Call:
		if len(x.Call.Args) == 1 {
			return x.Call.Args[0]
		}
	}
	return nil
}

// madeHere returns the make of the channel a send, receive or close uses,
// when it is made by the same function (a local channel, not a phi, or
// one kept in a field of an object the function allocates: see
// madeInField), or nil.
func madeHere(instr ssa.Instruction) *ssa.MakeChan {
	ch := chanOfOp(instr)
	if ld, ok := ch.(*ssa.UnOp); ok {
		if v := capturedMake(ld); v != nil {
			ch = v
		} else {
			ch = madeInField(ld, instr)
		}
	}
	mk, _ := ch.(*ssa.MakeChan)
	if mk == nil || mk.Parent() != instr.Parent() {
		return nil
	}
	return mk
}

// capturedMake returns the channel a load of a local variable gives,
// when the variable lives on the heap because a function literal
// captures it (ch := make(chan T); go func() { ...; close(ch) }()) and
// is only ever set to that one make: capturing it comes after the make.
func capturedMake(ld *ssa.UnOp) *ssa.MakeChan {
	a, ok := ld.X.(*ssa.Alloc)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	return setOnceToMake(a)
}

// setOnceToMake returns the make a local variable a is set to, when it
// is set once, to that, and otherwise only loaded or captured.
func setOnceToMake(a *ssa.Alloc) *ssa.MakeChan {
	var mk *ssa.MakeChan
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			m, ok := r.Val.(*ssa.MakeChan)
			if !ok || mk != nil || r.Addr != a {
				return nil
			}
			mk = m
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return mk
}

// madeByCall returns, when the channel a send, receive or close uses is
// a field of the object a call in the same function returns, a package
// function that returns one object it allocates, with a channel it
// makes in that field: the call and the make.
func madeByCall(prog *refs.Program, instr ssa.Instruction) (*ssa.Call, *ssa.MakeChan) {
	ld, ok := chanOfOp(instr).(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil, nil
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	call, ok := fa.X.(*ssa.Call)
	if !ok || call.Parent() != instr.Parent() {
		return nil, nil
	}
	g := chanflow.Origin(call.Call.StaticCallee())
	if g == nil || g.Blocks == nil || g.Pkg != instr.Parent().Pkg {
		return nil, nil
	}
	var obj *ssa.Alloc
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		// refs follows the result's local slot of a function with
		// deferred calls (return *t0, where only *t0 = w is stored).
		r := prog.Of(ret.Results[0])
		a, ok := r.Root.(*ssa.Alloc)
		if !ok || r.Path != "" || !a.Heap || obj != nil && a != obj {
			return nil, nil
		}
		obj = a
	}
	if obj == nil {
		return nil, nil
	}
	var mk *ssa.MakeChan
	for _, r := range *obj.Referrers() {
		if f, ok := r.(*ssa.FieldAddr); ok && f.Field == fa.Field {
			for _, r := range *f.Referrers() {
				if st, ok := r.(*ssa.Store); ok {
					m, ok := st.Val.(*ssa.MakeChan)
					if !ok || mk != nil {
						return nil, nil
					}
					mk = m
				}
			}
		}
	}
	return call, mk
}

// storedIn returns where a local channel is kept, when its one use
// other than sends, receives and closes is a store in a field of a
// value-typed field path (mp.longest.notifyCh = ch): the object holding
// the field (Root mp, Path ".longest"). Goroutines find the channel
// there, and the lock they hold with it is that object's.
func (p *peers) storedIn(v ssa.Instruction) refs.Ref {
	mk, ok := v.(*ssa.MakeChan)
	if !ok {
		return refs.Ref{}
	}
	var st *ssa.Store
	vals := []ssa.Value{mk}
	for len(vals) > 0 {
		v := vals[0]
		vals = vals[1:]
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Val == v {
					if st != nil {
						return refs.Ref{}
					}
					st = r
				}
			case *ssa.ChangeType: // to a send- or receive-only channel
				vals = append(vals, r)
			}
		}
	}
	if st == nil {
		return refs.Ref{}
	}
	r := p.prog.Of(st.Addr)
	i := strings.LastIndex(r.Path, ".")
	if r.Root == nil || i <= 0 || strings.Contains(r.Path, "[]") {
		return refs.Ref{}
	}
	return refs.Ref{Root: r.Root, Path: r.Path[:i]}
}

// otherInstance reports whether x is a call of a method that locks only
// its receiver's own locks, on a receiver that is another object than
// owner: a sibling field of the same value (mp.unfinished against
// mp.longest), which is distinct memory.
func (p *peers) otherInstance(x ssa.Instruction, owner refs.Ref) bool {
	c, ok := x.(*ssa.Call)
	if !ok || owner.Root == nil || len(c.Call.Args) == 0 {
		return false
	}
	g := c.Call.StaticCallee()
	if g == nil || g.Signature.Recv() == nil || len(g.Params) == 0 || !p.locksOnlyRecv(g) {
		return false
	}
	r := p.prog.Of(c.Call.Args[0])
	if r.Root != owner.Root || r.Path == "" || strings.Contains(r.Path, "[]") {
		return false
	}
	return !strings.HasPrefix(r.Path+".", owner.Path+".") && !strings.HasPrefix(owner.Path+".", r.Path+".")
}

// locksOnlyRecv reports whether every lock g takes, itself or through
// calls, is its own lock call on a field of its receiver.
func (p *peers) locksOnlyRecv(g *ssa.Function) bool {
	own, other := p.recvLockCalls(g)
	return len(other) == 0 && len(own) > 0 && len(p.takes(g, nil)) == len(p.directTakes(g))
}

// recvLockCalls returns the locks of g's own lock calls: on a field of
// its receiver, and the others.
func (p *peers) recvLockCalls(g *ssa.Function) (own, other []lockTake) {
	var o, x takeSet
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if t, ok := p.lockOf(c); ok {
				if p.prog.Of(recvValue(c.Common())).Root == g.Params[0] {
					o.add(t)
				} else {
					x.add(t)
				}
			}
		}
	}
	return o.list, x.list
}

// takenSince returns the locks instr's function may take on a path from
// start to instr (to the function's end, for a nil instr).
func (p *peers) takenSince(start, instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	if instr == nil {
		var out takeSet
		for b := range blocks.Reachable(start.Block(), blocks.Succs) {
			if b != start.Block() {
				for _, x := range b.Instrs {
					out.add(p.instrTakes(x, waiter, true)...)
				}
			}
		}
		on := false
		for _, x := range start.Block().Instrs {
			if on {
				out.add(p.instrTakes(x, waiter, true)...)
			}
			on = on || x == start
		}
		return out.list
	}
	mk := start
	from, to := mk.Block(), instr.Block()
	after := blocks.Reachable(from, blocks.Succs)
	before := blocks.Reachable(to, blocks.Preds)
	var out takeSet
	owner := p.storedIn(mk)
	scan := func(b *ssa.BasicBlock, start, end ssa.Instruction) {
		on := start == nil
		for _, x := range b.Instrs {
			if x == end {
				return
			}
			if on && !p.otherInstance(x, owner) && !p.publishes(x, mk) {
				out.add(p.instrTakes(x, waiter, false)...)
			}
			on = on || x == start
		}
	}
	switch {
	case after[from] || blocks.Reachable(to, blocks.Succs)[to]:
		// A loop around one of them: any of its code may come between.
		for b := range after {
			if before[b] || b == to {
				scan(b, nil, nil)
			}
		}
		scan(from, mk, nil)
	case from == to:
		scan(from, mk, instr)
	default:
		scan(from, mk, nil)
		for b := range after {
			if before[b] && b != to {
				scan(b, nil, nil)
			}
		}
		scan(to, nil, instr)
	}
	return out.list
}

// madeCaseNeeds narrows needs, what a peer's select case needs, as
// needs does for a bare operation, when the case's channel is made by
// the select's own function: what it takes after the make.
func (p *peers) madeCaseNeeds(peer *chanflow.Op, waited string, needs []lockTake) []lockTake {
	var start ssa.Instruction
	if mk, ok := peer.Chan.(*ssa.MakeChan); ok {
		start = mk
	} else if mk := p.madeThrough(peer.Chan, peer.Fn); mk != nil {
		start = mk
	} else if reg := p.capturedRegistration(peer.Chan, peer.Fn); reg != nil {
		start = reg
	}
	if start == nil || start.Parent() != peer.Fn {
		return needs
	}
	var out takeSet
	out.add(p.takenSince(start, peer.Instr, nil)...)
	for _, b := range peer.Fn.Blocks {
		for _, x := range b.Instrs {
			if d, ok := x.(*ssa.Defer); ok {
				out.add(p.instrTakes(d, nil, true)...)
			}
		}
	}
	return p.owned(waited, out.list)
}

// publishes reports whether x is the call that makes the channel mk
// makes reachable to other goroutines, and takes its locks only up to
// that: mk is one of its arguments, and its one use other than x and
// the function's own operations on it; each function of the package the
// call may run stores it in a field and takes no lock after the store
// (sess.Signals(ch): lock, sess.sigCh = ch, unlock). No goroutine can
// wait on the channel, with a lock or not, before the store, and after
// it the registering goroutine takes no more locks before its side.
func (p *peers) publishes(x, mk ssa.Instruction) bool {
	v, isMake := mk.(*ssa.MakeChan)
	return isMake && onlyPassedTo(v, x) && p.registers(x, v)
}

// registers reports whether x is a call that takes v, a channel, as an
// argument, and each function of the package it may run takes no lock
// once it has used it (takesFirst).
func (p *peers) registers(x ssa.Instruction, vs ...ssa.Value) bool {
	c, ok := x.(*ssa.Call)
	if !ok {
		return false
	}
	i := slices.IndexFunc(c.Call.Args, func(a ssa.Value) bool {
		if ct, ok := a.(*ssa.ChangeType); ok { // a chan<- string parameter
			a = ct.X
		}
		return slices.Contains(vs, a)
	})
	if i < 0 {
		return false
	}
	if c.Call.IsInvoke() {
		i++ // the receiver is the callee's first parameter
	}
	gs := p.calleesOf(c)
	if len(gs) == 0 {
		return false
	}
	for _, g := range gs {
		if i >= len(g.Params) || !p.takesFirst(g, g.Params[i]) {
			return false
		}
	}
	return true
}

// capturedRegistration returns the call by which fn, a function literal,
// registers a channel it captures, ch, that its enclosing function made
// for it alone: the make's one use other than the enclosing function's
// own operations is the literal's closure, and the literal's one use of
// it other than its own operations is that call, which registers it
// (the handler of a test: breakCh := make(chan bool); ...
// Handler: func(s Session) { s.Break(breakCh); ...; <-breakCh }).
// Nobody can send on ch or close it before the call, so what fn and its
// callers took before is behind; or nil.
func (p *peers) capturedRegistration(ch ssa.Value, fn *ssa.Function) ssa.Instruction {
	// The literal reads the variable it captures (*breakCh), or, when
	// the compiler copies it, has the value itself.
	ch = unconvert(ch)
	byRef := false
	if ld, ok := ch.(*ssa.UnOp); ok && ld.Op == token.MUL {
		ch, byRef = ld.X, true
	}
	fv, ok := ch.(*ssa.FreeVar)
	if !ok || fn.Parent() == nil || !madeForLiteral(p.boundTo(fn, fv), fn, byRef) {
		return nil
	}
	// In the literal: its own operations, and one call.
	uses := []ssa.Value{fv}
	if byRef {
		uses = nil
		for _, r := range *fv.Referrers() {
			if _, dbg := r.(*ssa.DebugRef); dbg {
				continue
			}
			ld, ok := r.(*ssa.UnOp)
			if !ok || ld.Op != token.MUL {
				return nil
			}
			uses = append(uses, ld)
		}
	}
	var reg ssa.Instruction
	for _, u := range uses {
		ok, r := ownOpsBut(u)
		if !ok || r != nil && reg != nil {
			return nil
		}
		if r != nil {
			reg = r
		}
	}
	if reg == nil || !p.registers(reg, uses...) {
		return nil
	}
	return reg
}

// boundTo returns the value the enclosing function binds to the free
// variable fv of the literal fn (refs knows the literal's one closure),
// or nil.
func (p *peers) boundTo(fn *ssa.Function, fv *ssa.FreeVar) ssa.Value {
	mc := p.prog.Closure(fn)
	if i := slices.Index(fn.FreeVars, fv); mc != nil && i >= 0 && i < len(mc.Bindings) {
		return mc.Bindings[i]
	}
	return nil
}

// madeForLiteral reports whether bound, what the enclosing function
// binds to a free variable of the literal fn, is a channel it made for
// the literal alone: a make (or, byRef, a variable set once, to a make)
// used only by the enclosing function's own operations and fn's
// closures.
func madeForLiteral(bound ssa.Value, fn *ssa.Function, byRef bool) bool {
	if !byRef {
		mk, ok := bound.(*ssa.MakeChan)
		return ok && usedByOpsAnd(mk, fn)
	}
	a, ok := bound.(*ssa.Alloc)
	if !ok {
		return false
	}
	mk := setOnceToMake(a)
	if mk == nil || len(*mk.Referrers()) != 1 {
		return false
	}
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.MakeClosure:
			if r.Fn != fn {
				return false
			}
		case *ssa.UnOp:
			if ok, reg := ownOpsBut(r); !ok || reg != nil {
				return false
			}
		}
	}
	return true
}

// usedByOpsAnd reports whether the channel v is used only by channel
// operations and the closures of fn.
func usedByOpsAnd(v ssa.Value, fn *ssa.Function) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Send, *ssa.Select, *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			if r.Fn != fn {
				return false
			}
		case *ssa.Call:
			if !isBuiltin(r, "close", "len", "cap") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ownOpsBut reports whether the channel v is used only by channel
// operations (sends, receives, selects, close, len and cap) but for at
// most one call, which it returns.
func ownOpsBut(v ssa.Value) (ok bool, call ssa.Instruction) {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Send, *ssa.Select, *ssa.UnOp, *ssa.DebugRef:
		case *ssa.ChangeType:
			refs := *r.Referrers()
			if len(refs) != 1 || call != nil {
				return false, nil
			}
			call = refs[0]
		case *ssa.Call:
			if isBuiltin(r, "close", "len", "cap") {
				continue
			}
			if call != nil {
				return false, nil
			}
			call = r
		default:
			return false, nil
		}
	}
	return true, call
}

// takesFirst reports whether g takes no lock once it has used its
// parameter prm: after each use (a store into a field, an append to a
// slice that is, a close, a return), and in its deferred calls, it takes
// none. Whatever g does with the channel to publish it, it is done with
// the locks it takes by then (ch.NotifyClose(c): lock, closes =
// append(closes, c), unlock).
func (p *peers) takesFirst(g *ssa.Function, prm *ssa.Parameter) bool {
	if g.Blocks == nil {
		return false
	}
	used := false
	for _, r := range *prm.Referrers() {
		if _, dbg := r.(*ssa.DebugRef); dbg {
			continue
		}
		used = true
		if len(p.takenSince(r, nil, nil)) > 0 {
			return false
		}
	}
	for _, b := range g.Blocks {
		for _, x := range b.Instrs {
			if d, ok := x.(*ssa.Defer); ok && len(p.instrTakes(d, nil, true)) > 0 {
				return false
			}
		}
	}
	return used
}

// madeThrough returns the channel fn makes and passes to a call of a
// package function whose result, v, it then uses: a function that
// returns that argument on every path (NotifyClose(c chan *Error) chan
// *Error { ...; return c }), or nil.
func (p *peers) madeThrough(v ssa.Value, fn *ssa.Function) *ssa.MakeChan {
	call, ok := unconvert(v).(*ssa.Call)
	if !ok || call.Parent() != fn {
		return nil
	}
	g := call.Call.StaticCallee()
	if g == nil || g.Blocks == nil || g.Pkg != fn.Pkg || g.Signature.Results().Len() != 1 {
		return nil
	}
	idx := -1
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		// refs follows the result's slot in a function with deferred
		// calls (return *t0, where *t0 = c).
		r := p.prog.Of(ret.Results[0])
		prm, ok := r.Root.(*ssa.Parameter)
		i := slices.Index(g.Params, prm)
		if !ok || r.Path != "" || i < 0 || idx >= 0 && i != idx {
			return nil
		}
		idx = i
	}
	if idx < 0 || idx >= len(call.Call.Args) {
		return nil
	}
	mk, _ := unconvert(call.Call.Args[idx]).(*ssa.MakeChan)
	if mk == nil || mk.Parent() != fn {
		return nil
	}
	return mk
}

// testOwn narrows ts, what a test takes before it waits on a channel it
// makes, when no goroutine of the test's world but its own may run the
// waiting code (testTakes): the test cannot both wait for the lock and
// be the waiter, which it is, before its own side, when it calls it.
// What it takes after the go statements that start the waiting code
// still counts.
func (p *peers) testOwn(instr ssa.Instruction, waiter *ssa.Function, ts []lockTake) []lockTake {
	if len(ts) == 0 || waiter == nil || waiter == p.noTests || !isTestFunc(instr.Parent()) {
		return ts
	}
	own, ok := p.testTakes(instr, waiter)
	if !ok {
		return ts
	}
	return slices.DeleteFunc(slices.Clone(ts), func(t lockTake) bool { return !slices.Contains(own, t) })
}

// onlyPassedTo reports whether the channel v is used only by x and by
// the operations of its own function (sends, receives, selects, close,
// len and cap).
func onlyPassedTo(v *ssa.MakeChan, x ssa.Instruction) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Send, *ssa.Select, *ssa.UnOp, *ssa.DebugRef:
		case *ssa.ChangeType:
			if refs := *r.Referrers(); len(refs) != 1 || refs[0] != x {
				return false
			}
		case *ssa.Call:
			if r != x && !isBuiltin(r, "close", "len", "cap") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// isBuiltin reports whether c calls one of the named builtins.
func isBuiltin(c *ssa.Call, names ...string) bool {
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && slices.Contains(names, b.Name())
}

// ownedNeeds returns owned(waited, needs(instr, waiter)). Most peers need
// no lock at all: that is found once for every waiter (the memo without
// a waiter), before the walk that leaves the waiter's calls out.
//
// Leaving the waiter out changes the answer only for a lock the waiter
// takes itself (the pipe's write takes wrMu): for the others, the walk
// without a waiter is the answer, and is shared by every waiter.
func (p *peers) ownedNeeds(waited string, instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	ts := p.owned(waited, p.needs(instr, nil))
	if len(ts) == 0 || waiter == nil {
		return ts
	}
	own := append(slices.Clone(p.directTakes(waiter)), p.kindOf(waiter).locks...)
	if !slices.ContainsFunc(ts, func(t lockTake) bool {
		return slices.ContainsFunc(own, func(u lockTake) bool {
			t.via, t.join, t.atExit, u.sealed, t.sealed = nil, nil, nil, nil, nil
			return u == t
		})
	}) {
		// The waiter changes the answer only through the tests on the
		// way (testTakes): the walk that leaves them out, shared by
		// every waiter too, tells whether they add anything.
		if !p.testReached(instr.Parent()) || sameTakes(ts, p.owned(waited, p.needs(instr, p.noTests))) {
			return ts
		}
	}
	return p.owned(waited, p.needs(instr, waiter))
}

// sameTakes reports whether a and b hold the same lock takes.
func sameTakes(a, b []lockTake) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(t lockTake) bool { return !slices.Contains(b, t) })
}

// testReached reports whether a test function may call fn: the way
// there then depends on the waiter too (see testTakes).
func (p *peers) testReached(fn *ssa.Function) bool {
	if r, ok := p.testReachMemo[fn]; ok {
		return r
	}
	r := false
	for g := range p.reaches(fn) {
		if isTestFunc(g) {
			r = true
			break
		}
	}
	p.testReachMemo[fn] = r
	return r
}

// directTakes returns the locks fn takes with its own lock calls.
func (p *peers) directTakes(fn *ssa.Function) []lockTake {
	if t, ok := p.directMemo[fn]; ok {
		return t
	}
	var out takeSet
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if t, ok := p.lockOf(c); ok {
					out.add(t)
				}
			}
		}
	}
	p.directMemo[fn] = out.list
	return out.list
}

// owned keeps the locks that are the same lock for every goroutine that
// uses a channel, group or Cond of class waited: a package variable (one
// lock), a local variable when the waited value is local too, or a field
// of the type that holds the waited value, or of a type that holds that
// type in a field (a Pipeline with its queue): the object that owns the
// waited value owns the lock; any lock for a local waited value. A lock of any other type (every msgBlock's
// mu, against one disk semaphore shared by all) is another object's for
// most goroutines that use the value, and does not count.
func (p *peers) owned(waited string, ts []lockTake) []lockTake {
	var out []lockTake
	for _, t := range ts {
		switch {
		case !strings.HasPrefix(t.class, "(") && !strings.HasPrefix(t.class, "var@"):
			out = append(out, t) // a package variable
		case strings.HasPrefix(waited, "var@"):
			// A local channel or group: the goroutines that use it are
			// the function's, on the function's objects.
			out = append(out, t)
		case strings.HasPrefix(t.class, "var@"):
		default:
			if owner := ownerType(p.prog, t.class); owner != nil && owns(owner, ownerType(p.prog, waited), 1) {
				out = append(out, t)
			}
		}
	}
	return out
}

// chanClass names a channel for owned: the class of a field or package
// variable some operation or make reaches it by, or "var@" for one made
// in the package and reached only through locals.
func (p *peers) chanClass(c *chanflow.Chan) string {
	for _, op := range c.Ops {
		if k := p.prog.Of(op.Chan).Class; k != "" {
			return k
		}
	}
	if strings.HasPrefix(c.Name, "(") {
		return c.Name
	}
	if len(c.Makes) > 0 {
		return "var@"
	}
	return ""
}

// ownerType returns the named type that declares the field of a class
// "(path.T).f", among the package's types and its imports'.
func ownerType(prog *refs.Program, class string) *types.TypeName {
	if !strings.HasPrefix(class, "(") {
		return nil
	}
	end := strings.Index(class, ")")
	if end < 0 {
		return nil
	}
	qual := class[1:end]
	dot := strings.LastIndex(qual, ".")
	if dot < 0 {
		return nil
	}
	path, name := qual[:dot], qual[dot+1:]
	pkg := prog.Pkg.Pkg
	if pkg.Path() != path {
		pkg = nil
		for _, imp := range prog.Pkg.Pkg.Imports() {
			if imp.Path() == path {
				pkg = imp
			}
		}
	}
	if pkg == nil {
		return nil
	}
	tn, _ := pkg.Scope().Lookup(name).(*types.TypeName)
	return tn
}

// owns reports whether owner is target or holds it in a field (through
// pointers), up to depth levels down.
func owns(owner, target *types.TypeName, depth int) bool {
	if owner == nil || target == nil {
		return false
	}
	if owner == target {
		return true
	}
	if depth == 0 {
		return false
	}
	st, ok := owner.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		t := st.Field(i).Type()
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		if tn := model.NamedOf(t); tn != nil && owns(tn, target, depth-1) {
			return true
		}
	}
	return false
}

// takeSet collects takes without repeats, in the order first added; a
// set of many classes (a large package's) is kept in a map too.
type takeSet struct {
	list []lockTake
	seen map[lockTake]bool
}

func (s *takeSet) add(ts ...lockTake) {
	for _, t := range ts {
		if s.seen != nil {
			if s.seen[t] {
				continue
			}
			s.seen[t] = true
		} else if slices.Contains(s.list, t) {
			continue
		} else if len(s.list) >= 16 {
			s.seen = make(map[lockTake]bool, 2*len(s.list))
			for _, u := range s.list {
				s.seen[u] = true
			}
			s.seen[t] = true
		}
		s.list = append(s.list, t)
	}
}

func addTakes(out []lockTake, ts ...lockTake) []lockTake {
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// encode names the takes as Witness.Wakers does (see Conflicts).
func (p *peers) encode(ts []lockTake) []string { return p.encodeFor(ts, nil) }

// encodeFor is encode for a wait that receives from own: a read take
// of a class counts as one (conflicting only with a held write lock)
// also when every write lock of the class comes after a close of one of
// own on every path in its function (a Close that closes done, and only
// then locks mu to retire the channel). Such a writer waits for the
// lock only once the wait is ready: it cannot stand between the wait's
// read lock and a reader's.
func (p *peers) encodeFor(ts []lockTake, own []*chanflow.Chan) []string {
	return p.encodeCond(ts, own, nil)
}

// encodeCond is encodeFor, with the conditions w has for the locks.
func (p *peers) encodeCond(ts []lockTake, own []*chanflow.Chan, w *wakerSet) []string {
	var out []string
	for _, t := range ts {
		k := t.class
		if t.mode == model.Shared && (!p.writers[k] || p.fenced(k, own)) {
			k += readSuffix
		}
		if t.inst != "" {
			k += instSep + t.inst
		}
		if w != nil {
			k += w.condOf(t).String()
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// fenced reports whether every write lock of class comes after a close
// of one of own, on every path in its function.
func (p *peers) fenced(class string, own []*chanflow.Chan) bool {
	sites := p.writeSites[class]
	if len(own) == 0 || len(sites) == 0 {
		return false
	}
	for _, c := range sites {
		if !slices.ContainsFunc(own, func(ch *chanflow.Chan) bool { return p.closedEarlier(c, ch) }) && !p.writeAfterClose(c, own) {
			return false
		}
	}
	return true
}

const readSuffix = " (read)"

// instSep separates a waker's class from where its lock lives in the
// value holding it inline (lockset.ValuePath), when that is known:
// "(p.commonStore).RWMutex|(p.FileStore).genericStore(...)...".
const instSep = "|"

// splitWaker returns a waker's class (with readSuffix, if any) and the
// value path of its lock ("" when not known).
func splitWaker(w string) (string, string) {
	w = stripCond(w)
	if i := strings.Index(w, instSep); i >= 0 {
		return w[:i], w[i+len(instSep):]
	}
	return w, ""
}

// Conflicts reports whether a lock of class (lockset's Lock.Order) held
// in mode, living at value path inst (lockset's Result.ValuePath; "" if
// not known), is one a waker needs, given a witness's Wakers: a waker
// that write-locks it, or read-locks it when it is held for writing,
// and whose lock may be the same (a lock in another type's embedded
// value is not).
func Conflicts(wakers []string, class, inst string, mode model.LockMode) bool {
	if class == "" {
		return false
	}
	for _, w := range wakers {
		c, wi := splitWaker(w)
		if (c == class || mode != model.Shared && c == class+readSuffix) && lockset.SameValuePath(inst, wi) {
			return true
		}
	}
	return false
}

// findsRoom reports whether a send, or a select with a send case, finds
// room in its channel's buffer (chanflow's Room): it does not wait for a
// receiver.
func (p *peers) findsRoom(n ast.Node) bool {
	if _, recv := n.(*ast.UnaryExpr); recv {
		return false
	}
	return slices.ContainsFunc(p.opsOf(n), p.cf.Room)
}

// opsOf returns the channel-flow operations of a send, a receive, or a
// select's cases.
func (p *peers) opsOf(n ast.Node) []*chanflow.Op {
	switch n := n.(type) {
	case *ast.SendStmt:
		return p.opsAt[n.Arrow]
	case *ast.UnaryExpr:
		return p.opsAt[n.OpPos]
	case *ast.SelectStmt:
		return p.bySelect[n.Select]
	}
	return nil
}

// drained reports whether n is a send that finds room because its
// sender makes it: every send on the channel (it has a buffer, and no
// code outside the package uses it) comes right after a receive from the
// same channel in a select with a default (the stale value dropped),
// with a lock held that every sender holds, so no other send comes in
// between (a status channel that keeps only the latest value).
func (p *peers) drained(n ast.Node) bool {
	send := p.lockedSend(n)
	if send == nil {
		return false
	}
	return p.everySend(p.chanOf[send], func(op *chanflow.Op) bool {
		return op.Select == nil && (p.drainedBefore(op) || p.cf.Room(op))
	})
}

// lockedSend returns the channel-flow operation of a send statement, its
// only one, when the package takes locks; nil otherwise.
func (p *peers) lockedSend(n ast.Node) *chanflow.Op {
	send, ok := n.(*ast.SendStmt)
	if !ok || p.locks == nil {
		return nil
	}
	ops := p.opsAt[send.Arrow]
	if len(ops) != 1 || ops[0].Kind != chanflow.Send {
		return nil
	}
	return ops[0]
}

// everySend reports whether c has a buffer, no code outside the package
// uses it, it has a send, and every send on it is ok with a write lock
// held that every other send holds too (heldAtOp).
func (p *peers) everySend(c *chanflow.Chan, ok func(*chanflow.Op) bool) bool {
	if capacity, known := c.Cap(); !known || capacity < 1 || c.Open {
		return false
	}
	return p.commonLock(c, func(op *chanflow.Op) bool { return op.Kind == chanflow.Send }, ok)
}

// commonLock reports whether c has an operation of the kind which picks,
// and every such operation is ok with a write lock held that every other
// one holds too (heldAtOp). A test's poke at the channel does not count.
func (p *peers) commonLock(c *chanflow.Chan, which, ok func(*chanflow.Op) bool) bool {
	var common []string
	first := true
	for _, op := range c.Ops {
		if !which(op) || pokeOp(op) {
			continue
		}
		if !ok(op) {
			return false
		}
		if held := p.heldAtOp(op); first {
			common, first = held, false
		} else {
			common = intersect(common, held)
		}
		if len(common) == 0 {
			return false
		}
	}
	return !first
}

// syntaxAt is refs.SyntaxAt as an ast.Node, nil when there is none.
func syntaxAt[T ast.Node](fn *ssa.Function, pos token.Pos) ast.Node {
	var zero T
	if n := refs.SyntaxAt[T](fn, pos); ast.Node(n) != ast.Node(zero) {
		return n
	}
	return nil
}

// heldAtOp returns the classes of the write locks held at a channel
// operation: in its function, or, when it takes none, held at every
// call of it (a helper named for being called with the lock held).
func (p *peers) heldAtOp(op *chanflow.Op) []string {
	var st ast.Node
	switch {
	case op.Select != nil:
		st = syntaxAt[*ast.SelectStmt](op.Fn, op.Select.Pos())
	case op.Kind == chanflow.Send:
		st = syntaxAt[*ast.SendStmt](op.Fn, op.Pos)
	case op.Kind == chanflow.Recv:
		st = syntaxAt[*ast.UnaryExpr](op.Fn, op.Pos)
	case op.Kind == chanflow.Range:
		st = syntaxAt[*ast.RangeStmt](op.Fn, op.Pos)
	}
	if st == nil {
		return nil
	}
	if held := writeLocks(p.locks.HeldAt(st)); len(held) > 0 {
		return held
	}
	return p.writeHeldByCallers(op.Fn, 0)
}

// writeHeldByCallers returns the write locks held at every call of fn in the
// package: at the call, or, for an unexported caller, by every call of
// that one (set, a helper that says "call with c.mu held", called from
// Set and Get, which lock it), up to depth calls up.
func (p *peers) writeHeldByCallers(fn *ssa.Function, depth int) []string {
	k := heldByKey{fn, depth}
	if h, ok := p.heldByMemo[k]; ok {
		return h
	}
	h := p.writeHeldByCallers0(fn, depth)
	p.heldByMemo[k] = h
	return h
}

// heldByKey keys writeHeldByCallers' memo.
type heldByKey struct {
	fn    *ssa.Function
	depth int
}

func (p *peers) writeHeldByCallers0(fn *ssa.Function, depth int) []string {
	var common []string
	calls := slices.DeleteFunc(slices.Clone(p.callers[fn]), func(c ssa.CallInstruction) bool { return pokeCall(c, fn) })
	for i, c := range calls {
		call := refs.SyntaxAt[*ast.CallExpr](c.Parent(), c.Common().Pos())
		if call == nil {
			return nil
		}
		held := writeLocks(p.locks.HeldAt(call))
		if classes, i := p.heldIf(c); len(classes) > 0 && depth < 3 && c.Parent() != fn {
			for _, k := range p.heldIfAsked(c.Parent(), i, classes) {
				if !slices.Contains(held, k) {
					held = append(held, k)
				}
			}
		}
		if g := c.Parent(); depth < 3 && g.Parent() == nil && g.Object() != nil && !g.Object().Exported() && g != fn {
			for _, k := range p.writeHeldByCallers(g, depth+1) {
				if !slices.Contains(held, k) {
					held = append(held, k)
				}
			}
		}
		if i == 0 {
			common = held
		} else {
			common = slices.DeleteFunc(common, func(k string) bool { return !slices.Contains(held, k) })
		}
	}
	return common
}

func writeLocks(ls []lockset.Lock) []string {
	var out []string
	for _, l := range ls {
		if l.Mode != model.Shared && l.Order != "" {
			out = append(out, l.Order)
		}
	}
	return out
}

// drainedBefore reports whether a select with a default that receives
// from op's channel comes before op on every path to it: in its block,
// or in a block that dominates it.
func (p *peers) drainedBefore(op *chanflow.Op) bool {
	ch := p.prog.Of(op.Chan)
	blk := op.Instr.Block()
	for _, b := range op.Fn.Blocks {
		if !b.Dominates(blk) {
			continue
		}
		for _, instr := range b.Instrs {
			if instr == op.Instr {
				break
			}
			if iff, ok := instr.(*ssa.If); ok && p.lenPositive(iff.Cond, op.Chan, ch) && p.drains(iff.Block().Succs[0], op.Chan, ch) {
				// if len(ch) > 0 { select { case <-ch: default: } }: on
				// the other way, the buffer was found empty under the
				// lock every sender holds.
				return true
			}
			if p.drainsAt(instr, op.Chan, ch) {
				return true
			}
		}
	}
	return false
}

// drainsAt reports whether instr is a select with a default that
// receives from the channel c (ch its ref).
func (p *peers) drainsAt(instr ssa.Instruction, c ssa.Value, ch refs.Ref) bool {
	sel, ok := instr.(*ssa.Select)
	if !ok || sel.Blocking {
		return false
	}
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && (st.Chan == c || refs.Same(ch, p.prog.Of(st.Chan))) {
			return true
		}
	}
	return false
}

// drains reports whether b has such a select.
func (p *peers) drains(b *ssa.BasicBlock, c ssa.Value, ch refs.Ref) bool {
	return slices.ContainsFunc(b.Instrs, func(instr ssa.Instruction) bool { return p.drainsAt(instr, c, ch) })
}

// lenPositive reports whether cond is len(c) > 0 or len(c) != 0.
func (p *peers) lenPositive(cond ssa.Value, c ssa.Value, ch refs.Ref) bool {
	b, ok := cond.(*ssa.BinOp)
	if !ok || b.Op != token.GTR && b.Op != token.NEQ {
		return false
	}
	if k, ok := b.Y.(*ssa.Const); !ok || k.Value == nil || k.Value.Kind() != constant.Int || constant.Sign(k.Value) != 0 {
		return false // not 0: a string or float compared, too
	}
	call, ok := b.X.(*ssa.Call)
	if !ok {
		return false
	}
	if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "len" || len(call.Call.Args) != 1 {
		return false
	}
	a := call.Call.Args[0]
	return a == c || refs.Same(ch, p.prog.Of(a))
}

// chanWakers returns the wakers of a channel operation or select (an AST
// node of a wait site), and false when chanflow does not know it.
func (p *peers) chanWakers(n ast.Node) ([]string, bool) {
	var ops []*chanflow.Op
	var at token.Pos
	switch n := n.(type) {
	case *ast.SendStmt:
		ops, at = p.opsAt[n.Arrow], n.Arrow
	case *ast.UnaryExpr:
		ops, at = p.opsAt[n.OpPos], n.OpPos
	case *ast.RangeStmt:
		ops, at = p.opsAt[n.For], n.For
	case *ast.SelectStmt:
		ops, at = p.bySelect[n.Select], n.Select
	}
	if len(ops) == 0 {
		return nil, false
	}
	// The channels the wait receives from: a peer that leaves only
	// when one of them is closed or sent on leaves the wait ready.
	var own []*chanflow.Chan
	for _, op := range ops {
		if op.Kind == chanflow.Recv {
			own = append(own, p.chanOf[op])
		}
	}
	var w wakerSet
	for _, op := range ops {
		if p.chanOf[op].Tokens() || p.ownRelease(op) {
			// A semaphore: any holder of a token ends an acquire, so
			// one peer that needs the lock proves nothing; a release
			// has room for the token it returns, and takes back the
			// one its goroutine put in.
			continue
		}
		p.opWakers(&w, op, own, at)
	}
	if w.anySteady {
		// A peer that stays until the wait is ready ends it unless it
		// needs the lock: only the locks every such peer needs count.
		return p.encodeCond(w.steady, own, &w), true
	}
	return p.encodeCond(w.needs, own, &w), true
}

// wakerSet gathers the locks the peers of a wait may take first: needs,
// those of all of them; steady, those every peer that certainly comes
// needs (when there is one: anySteady).
type wakerSet struct {
	needs, steady []lockTake
	anySteady     bool
	// conds are the conditions the locks are needed under, by class and
	// instance (see instance.go).
	conds map[string]wakerCond
}

func (w *wakerSet) addSteady(ts []lockTake) {
	if !w.anySteady {
		w.steady, w.anySteady = ts, true
	} else {
		w.steady = slices.DeleteFunc(w.steady, func(t lockTake) bool { return !slices.Contains(ts, t) })
	}
}

// opWakers adds to w the peers of op, one operation of the wait at at;
// own are the channels the wait receives from.
func (p *peers) opWakers(w *wakerSet, op *chanflow.Op, own []*chanflow.Chan, at token.Pos) {
	// A reply to this very call: whoever sends it comes (see
	// freshReply); the locks any of them needs count.
	reply := op.Kind == chanflow.Recv && p.freshReply(op)
	q := p.request(op) // a reply to the request sent just before
	var replyNeeds []lockTake
	replies := 0
	for _, peer := range p.chanOf[op].Ops {
		// A counterpart in the waiting function itself (or in a
		// closure of it, as a deferred put-back) is the same code on
		// another goroutine, which keeps the channel's invariant (a
		// token taken and put back under the lock).
		if p.notPeer(op, peer) {
			continue
		}
		if slices.ContainsFunc(own, func(c *chanflow.Chan) bool { return p.closedEarlier(peer.Instr, c) }) {
			// The peer has closed another channel the wait receives
			// from on its way here (a read loop's cleanup closes the
			// write side first): the wait is over by then.
			continue
		}
		waited := p.chanClass(p.chanOf[op])
		var needs []lockTake
		if q != nil {
			// The server of the request this function just sent.
			served, ok := p.servedNeeds(op, peer, q)
			if !ok {
				continue
			}
			needs = p.owned(waited, served)
		} else {
			needs = p.ownedNeeds(waited, peer.Instr, op.Fn)
		}
		needs = p.refineNeeds(op, peer, waited, needs)
		// A lock taken only once the waiting function's run is over
		// (an exit fence) does not stand in its way.
		ts := p.exitDropped(p.unfenced(addTakes(needs, p.hubTakes(waited, peer, op.Fn)...), op.Fn), own)
		if peer.Kind == chanflow.Close {
			// A close when a counter drops to zero is a Done.
			if cnt := p.countedClose(peer.Instr.Block()); cnt != "" {
				ts = p.uncounted(cnt, peer.Instr.(ssa.CallInstruction), ts, op.Fn)
			}
		}
		w.needs = addTakes(w.needs, ts...)
		p.note(at, ts, peerWhat(peer), peer.Instr)
		stays := p.steadfast(peer, own)
		if s, at := p.starter(peer, op.Fn, own); s != nil && !stays {
			// It started the waiter and comes for sure: what it took
			// before the start is behind it.
			since := p.takenSince(s, at, op.Fn)
			if at != peer.Instr {
				since = addTakes(slices.Clip(since), p.takenBefore(peer.Instr, op.Fn)...)
			}
			stays, ts = true, p.unfenced(p.owned(waited, since), op.Fn)
		}
		for i, c := range p.peerConds(op, peer, ts) {
			w.addCond(ts[i], c)
		}
		if reply {
			replyNeeds, replies = addTakes(replyNeeds, ts...), replies+1
		} else if stays {
			w.addSteady(ts)
		}
	}
	if replies > 0 {
		w.addSteady(replyNeeds)
	}
}

// refineNeeds narrows needs, the locks peer may take before its side
// of op, by what the peer's operation proves: a case of a select on a
// channel it made, a release of what the waiter holds, a hand-off, a
// flag the waiter set (see each).
func (p *peers) refineNeeds(op, peer *chanflow.Op, waited string, needs []lockTake) []lockTake {
	if len(needs) > 0 && peer.Select != nil {
		needs = p.madeCaseNeeds(peer, waited, needs)
	}
	if len(needs) > 0 {
		if held, ok := p.releaseNeeds(op, peer, op.Fn); ok {
			needs = p.owned(waited, held)
		}
	}
	if len(needs) > 0 {
		if h := p.handOff(peer, op); h != nil {
			needs = p.handedNeeds(h, peer.Instr, waited, op.Fn)
		}
	}
	if len(needs) > 0 {
		needs = p.flaggedNeeds(op, peer.Instr, waited, needs)
	}
	return needs
}

// notPeer reports whether peer, an operation on op's channel, cannot
// end op's wait on its own account: not its counterpart; the same code
// on another goroutine, or its deferred exit (sameCode, ownExit); one it
// gets to only through the wait (behindWait); or a test driving the
// object with a channel it poked into it, for a wait of the package's
// own code (pokeOp).
func (p *peers) notPeer(op, peer *chanflow.Op) bool {
	return !counterpart(op.Kind, peer.Kind) || p.sameCode(peer.Fn, op.Fn) || p.ownExit(peer.Fn, op.Fn) ||
		p.behindWait(peer.Instr, op.Instr) || pokeOp(peer) && !pokeOp(op)
}

// steadfast reports whether peer, a counterpart of a wait, stays at its
// operation until the wait is ready anyway: a range over the channel
// (it ends when the channel is closed), or an operation in a loop whose
// every exit follows a receive from one of own, the channels the wait
// itself receives from (a worker that leaves on the stop channel the
// waiting select also watches).
func (p *peers) steadfast(peer *chanflow.Op, own []*chanflow.Chan) bool {
	if peer.Kind == chanflow.Range {
		return true
	}
	if peer.Kind == chanflow.Close || len(own) == 0 {
		return false
	}
	loop := blocks.Loop(peer.Instr.Block())
	if loop == nil {
		return false
	}
	// The blocks that run a receive case on one of own, and those that
	// run only when a receive finds closed a channel nothing closes (if
	// !ok { return } after a receive from a queue never closed).
	var stops []*ssa.BasicBlock
	for b := range loop {
		for _, instr := range b.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok {
				continue
			}
			cases := blocks.CaseBlocks(sel)
			for i, st := range sel.States {
				if st.Dir != types.RecvOnly || cases[i] == nil {
					continue
				}
				if c := p.cf.ChanOf(st.Chan); slices.Contains(own, c) {
					stops = append(stops, cases[i])
				} else if c != nil && !c.Open && !c.Has(chanflow.Close, func(*chanflow.Op) bool { return true }) {
					stops = append(stops, closedBranches(sel, cases[i])...)
				}
			}
		}
	}
	dominated := func(b *ssa.BasicBlock) bool {
		return slices.ContainsFunc(stops, func(s *ssa.BasicBlock) bool { return s.Dominates(b) })
	}
	// Every return the peer can get to comes after such a case (a panic,
	// a blocking select's "matched no case" among them, ends the
	// program, not the wait).
	for b := range blocks.Reachable(peer.Instr.Block(), blocks.Succs) {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Return); ok && !dominated(b) {
				return false
			}
		}
	}
	return true
}

// closedBranches returns the blocks a select's case block cb branches to
// when the select's receive found its channel closed: if !ok, for the
// ok of a case v, ok := <-ch.
func closedBranches(sel *ssa.Select, cb *ssa.BasicBlock) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, use := range *sel.Referrers() {
		ok, isExtract := use.(*ssa.Extract)
		if !isExtract || ok.Index != 1 {
			continue // the recvOk of the select's tuple
		}
		iff, isIf := cb.Instrs[len(cb.Instrs)-1].(*ssa.If)
		if !isIf || len(cb.Succs) != 2 {
			continue
		}
		switch cond := iff.Cond.(type) {
		case *ssa.Extract:
			if cond == ok {
				out = append(out, cb.Succs[1])
			}
		case *ssa.UnOp:
			if cond.Op == token.NOT && cond.X == ok {
				out = append(out, cb.Succs[0])
			}
		}
	}
	return out
}

// note records, for the wait at pos, the peer at instr (what, "the
// receive") as the one that may take each of ts first, unless one is
// known already.
func (p *peers) note(pos token.Pos, ts []lockTake, what string, instr ssa.Instruction) {
	p.noteAt(pos, ts, what, instr.Pos(), instr.Parent())
}

// noteAt is note for a peer at position at in fn.
func (p *peers) noteAt(pos token.Pos, ts []lockTake, what string, at0 token.Pos, fn *ssa.Function) {
	if len(ts) == 0 {
		return
	}
	fset := p.prog.Pkg.Prog.Fset
	at := reach.PosString(fset, pos)
	m := p.peerOf[at]
	if m == nil {
		m = make(map[string]string)
		p.peerOf[at] = m
	}
	desc := ""
	for _, t := range ts {
		k := t.class
		if t.inst != "" {
			k += instSep + t.inst
		}
		if _, ok := m[k]; ok {
			continue
		}
		if desc == "" {
			desc = fmt.Sprintf("%s at %s in %s", what, reach.PosString(fset, at0), p.funcDesc(fn))
		}
		switch {
		case t.join != nil:
			m[k] = p.joinDesc(desc, t.join)
			continue
		case t.via != nil:
			m[k] = p.relayDesc(desc, t.via)
			continue
		}
		m[k] = desc
	}
}

// funcDesc names fn for a message, with the goroutine that runs it:
// "(*Conn).loop, run by the goroutine started at conn.go:40," (the
// comma closes the clause before what the message says it does).
func (p *peers) funcDesc(fn *ssa.Function) string {
	name := fn.RelString(p.prog.Pkg.Pkg)
	for outer := fn; outer.Parent() != nil; outer = outer.Parent() {
		name = "a func literal in " + outer.Parent().RelString(p.prog.Pkg.Pkg)
	}
	if starts := p.cf.RunBy(fn); len(starts) > 0 {
		name += ", run by the goroutine started at " + reach.PosString(p.prog.Pkg.Prog.Fset, starts[0].Instr.Pos()) + ","
	}
	return name
}

// started reports whether fn is what a goroutine or task start runs.
func (p *peers) started(fn *ssa.Function) bool {
	if p.targets == nil {
		p.targets = make(map[*ssa.Function]bool)
		for _, st := range p.cf.Starts() {
			for _, t := range st.Targets {
				p.targets[t] = true
			}
		}
	}
	return p.targets[fn]
}

// sameCode reports whether fn runs as part of outer on its goroutine:
// outer itself, or a function literal inside it that no goroutine or
// task start runs (a deferred put-back).
func (p *peers) sameCode(fn, outer *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == outer {
			return true
		}
		if p.started(fn) {
			return false
		}
	}
	return false
}

func counterpart(wait, peer chanflow.OpKind) bool {
	if wait == chanflow.Send {
		return peer == chanflow.Recv || peer == chanflow.Range
	}
	return peer == chanflow.Send || peer == chanflow.Close
}

// callAt returns the call instruction of a call expression.
func (p *peers) callAt(call *ast.CallExpr) ssa.CallInstruction {
	return p.prog.CallAt(call.Lparen)
}

// joinWakers returns the wakers of a WaitGroup or errgroup Wait: what
// the goroutines calling Done on the same group may take before the Done
// (anything, for a deferred one), and what the bodies its Go starts may
// take.
func (p *peers) joinWakers(call *ast.CallExpr) []string {
	c := p.callAt(call)
	if c == nil {
		return nil
	}
	cls := p.recvClass(c.Common())
	if cls == "" {
		return nil
	}
	var needs []lockTake
	for _, d := range p.dones[cls] {
		ts := p.uncounted(cls, d, p.ownedNeeds(cls, d, c.Parent()), c.Parent())
		needs = addTakes(needs, ts...)
		p.note(call.Lparen, ts, "the Done", d)
	}
	for _, body := range p.bodies[cls] {
		ts := p.owned(cls, p.takes(body, nil))
		if own := p.directTakes(c.Parent()); slices.ContainsFunc(ts, func(t lockTake) bool { return slices.Contains(own, t) }) {
			ts = p.owned(cls, p.takes(body, c.Parent()))
		}
		needs = addTakes(needs, ts...)
		p.noteAt(call.Lparen, ts, "the body", body.Pos(), body)
	}
	return p.encode(needs)
}

// condWakers returns the wakers of a sync.Cond.Wait: what the goroutines
// that Signal or Broadcast a Cond of the same class may take before it,
// less the Cond's own lock, which the Wait releases. The second result
// is false when the lock the Cond is bound to is not known.
func (p *peers) condWakers(call *ast.CallExpr) ([]string, bool) {
	c := p.callAt(call)
	if c == nil {
		return nil, false
	}
	cls := p.recvClass(c.Common())
	bound := p.bound[cls]
	if cls == "" || len(bound) == 0 {
		return nil, false
	}
	var needs []lockTake
	for _, s := range p.signals[cls] {
		ts := p.ownedNeeds(cls, s, c.Parent())
		needs = addTakes(needs, ts...)
		p.note(call.Lparen, ts, "the "+calleeObj(s.Common()).Name(), s)
	}
	needs = slices.DeleteFunc(needs, func(t lockTake) bool { return slices.Contains(bound, t.class) })
	return p.encode(needs), true
}

// retriesIO reports whether the sleep at call is a pause between two
// tries of an I/O call: it runs only once a call the model says blocks
// (os.RemoveAll, a dial) returned an error, as the branch on that error
// that leads to it says. It waits for the operating system, not for
// another goroutine, as the I/O itself does (mayblock's, not maywait's).
func (p *peers) retriesIO(call *ast.CallExpr) bool {
	c := p.callAt(call)
	if c == nil {
		return false
	}
	b := c.Block()
	for d := b.Idom(); d != nil; d = d.Idom() {
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		cond, ok := iff.Cond.(*ssa.BinOp)
		if !ok || (cond.Op != token.EQL && cond.Op != token.NEQ) {
			continue
		}
		x, y := cond.X, cond.Y
		if isNilConst(x) {
			x, y = y, x
		}
		if !isNilConst(y) || !p.ioError(x) {
			continue
		}
		// The side where the error is not nil.
		failed := d.Succs[0]
		if cond.Op == token.EQL {
			failed = d.Succs[1]
		}
		if failed.Dominates(b) {
			return true
		}
	}
	return false
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

// ioError reports whether v is the error result of a call the model
// says blocks (file, network or process I/O).
func (p *peers) ioError(v ssa.Value) bool {
	if ex, ok := v.(*ssa.Extract); ok {
		v = ex.Tuple
	}
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	e, ok := p.m.Lookup(calleeObj(&c.Call))
	return ok && e.Is(model.Blocks)
}

// sleepWakers returns the locks another goroutine may take: those taken
// in more than one function of the package, or in a function a
// goroutine of the package runs. For the message, the sleep at call
// names one such lock call, on a goroutine the package starts when there
// is one.
func (p *peers) sleepWakers(call *ast.CallExpr) []string {
	if call != nil && p.retriesIO(call) {
		return nil
	}
	if p.shared == nil {
		p.shared = []lockTake{} // the same for every sleep: found once
		for cls, fns := range p.takers {
			shared := len(fns) > 1
			for fn := range fns {
				shared = shared || len(p.cf.RunBy(fn)) > 0
			}
			if !shared {
				continue
			}
			// A read lock held while sleeping stalls only a writer.
			mode := model.Shared
			if len(p.writeSites[cls]) > 0 {
				mode = model.Exclusive
			}
			// One take for each value path the lock calls name, when
			// the calls that may take that lock are in two functions,
			// or one a goroutine runs: a sleep under a SQLStore's
			// embedded store's lock stalls no FileStore.
			calls := p.classCalls(cls)
			for _, c := range calls {
				t, _ := p.lockOf(c)
				if t.inst != "" && !p.sharedAt(calls, t.inst) {
					continue
				}
				p.shared = addTakes(p.shared, lockTake{class: cls, mode: mode, inst: t.inst})
			}
		}
	}
	if call != nil {
		var self *ssa.Function
		if c := p.callAt(call); c != nil {
			self = c.Parent()
		}
		for _, t := range p.shared {
			instr := p.sleepPeer(t, self)
			if instr == nil {
				continue
			}
			p.note(call.Lparen, []lockTake{t}, "the "+calleeObj(instr.Common()).Name(), instr)
			if p.sleeps == nil {
				p.sleeps = make(map[string]bool)
			}
			p.sleeps[reach.PosString(p.prog.Pkg.Prog.Fset, call.Lparen)] = true
		}
	}
	needs := p.shared
	return p.encode(needs)
}

// sharedAt reports whether the lock calls of a class that may take the
// lock at value path inst are in two functions, or in one a goroutine
// of the package runs.
func (p *peers) sharedAt(calls []ssa.CallInstruction, inst string) bool {
	var first *ssa.Function
	for _, c := range calls {
		if t, _ := p.lockOf(c); !lockset.SameValuePath(t.inst, inst) {
			continue
		}
		fn := c.Parent()
		if len(p.cf.RunBy(fn)) > 0 || first != nil && fn != first {
			return true
		}
		first = fn
	}
	return false
}

// classCalls returns the lock calls of class cls in the functions that
// take it, found once for every sleep.
func (p *peers) classCalls(cls string) []ssa.CallInstruction {
	if p.lockCalls == nil {
		p.lockCalls = make(map[string][]ssa.CallInstruction)
	}
	calls, ok := p.lockCalls[cls]
	if !ok {
		for fn := range p.takers[cls] {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if c, ok := instr.(ssa.CallInstruction); ok {
						if t, ok := p.lockOf(c); ok && t.class == cls {
							calls = append(calls, c)
						}
					}
				}
			}
		}
		slices.SortFunc(calls, func(a, b ssa.CallInstruction) int { return int(a.Pos() - b.Pos()) })
		p.lockCalls[cls] = calls
	}
	return calls
}

// sleepPeer returns a call that takes the lock of t (its class, at its
// value path), in a function a goroutine of the package runs if there
// is one, else in any.
func (p *peers) sleepPeer(t lockTake, self *ssa.Function) ssa.CallInstruction {
	cls := t.class
	k := sleepKey{cls, t.inst, self}
	if c, ok := p.sleepPeers[k]; ok {
		return c
	}
	calls := slices.DeleteFunc(slices.Clone(p.classCalls(cls)), func(c ssa.CallInstruction) bool {
		u, _ := p.lockOf(c)
		return !lockset.SameValuePath(u.inst, t.inst)
	})
	// A writer, when there is one: it is stalled whether the sleep
	// holds the lock for reading or writing.
	writes := func(c ssa.CallInstruction) bool { t, _ := p.lockOf(c); return t.mode != model.Shared }
	anyWrite := slices.ContainsFunc(calls, func(c ssa.CallInstruction) bool { return c.Parent() != self && writes(c) })
	var best ssa.CallInstruction
	for _, c := range calls {
		fn := c.Parent()
		if fn == self && len(p.takers[cls]) > 1 || anyWrite && !writes(c) {
			continue // another function's lock: the goroutine the sleep stalls
		}
		if self != nil && p.cf.BoundAfter(self, c) {
			continue // taken before self can run on that object
		}
		// Rank: run by a goroutine of the package, then a method (a
		// constructor's lock is on an object no one else has yet),
		// then the first.
		rank := func(c ssa.CallInstruction) int {
			r := 0
			if len(p.cf.RunBy(c.Parent())) > 0 {
				r += 2
			}
			if c.Parent().Signature.Recv() != nil {
				r++
			}
			return r
		}
		if best == nil || rank(c) > rank(best) || rank(c) == rank(best) && c.Pos() < best.Pos() {
			best = c
		}
	}
	if p.sleepPeers == nil {
		p.sleepPeers = make(map[sleepKey]ssa.CallInstruction)
	}
	p.sleepPeers[k] = best
	return best
}

// sleepKey is sleepPeer's memo key: a lock class, and the function of
// the sleep, whose own lock calls are named only when no other takes it.
type sleepKey struct {
	class, inst string
	self        *ssa.Function
}

// peerWhat names what a peer does to the channel, as messages say it:
// "the send", "the close", or, for the call of a context's cancel
// function, which closes its Done channel (chanflow's context pairs),
// "the cancel of its context".
func peerWhat(peer *chanflow.Op) string {
	if c, ok := peer.Instr.(ssa.CallInstruction); ok && peer.Kind == chanflow.Close {
		if _, builtin := c.Common().Value.(*ssa.Builtin); !builtin {
			return "the cancel of its context"
		}
	}
	return "the " + peer.Kind.String()
}
