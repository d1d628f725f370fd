package unsafeshare

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	ssaaccess "github.com/asynclint/asynclint/passes/access"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A goroutine context is a start (the goroutines or tasks it starts) or
// nil: the goroutines of the package's callers, which run its exported
// functions and methods (and main, init, tests) and what they call.

// site is a call of a package function.
type site struct {
	caller *ssa.Function
	instr  ssa.CallInstruction
}

// racer finds pairs of accesses made by two goroutines with no lock in
// common and nothing ordering them, on the package's SSA form.
type racer struct {
	c    *checker
	prog *refs.Program
	flow *chanflow.Result
	acc  *ssaaccess.Result
	m    *model.Model

	starts []*chanflow.Start // the asynchronous ones
	async  map[ssa.CallInstruction]*chanflow.Start
	// edges: the functions a function runs on its own goroutine
	edges map[*ssa.Function][]*ssa.Function
	// calls: where each function is called (synchronously)
	calls   map[*ssa.Function][]site
	entry   map[*ssa.Function]bool
	runs    map[*ssa.Function][]*chanflow.Start // nil: the callers' goroutines
	funcs   map[*chanflow.Start]map[*ssa.Function]bool
	tests   map[*ssa.Function]*ssa.Function // testRoot's, by top-level function
	multi   map[*chanflow.Start]bool
	loops   map[*chanflow.Start]map[*ssa.BasicBlock]bool
	entryOf map[*ssa.Function]*ssa.Function // an entry that reaches it

	reach    map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool
	held     map[heldKey]locks
	localIn  map[*ssa.Function]map[*ssa.BasicBlock]locks
	mayIn    map[*ssa.Function]map[*ssa.BasicBlock]locks
	sum      map[*ssa.Function]*summary
	takes    map[*ssa.Function]map[string]bool
	reported map[string]bool
	// reportedRoot: loop variables reported by loopVars
	reportedRoot map[ssa.Value]bool

	acqMemo   map[memoKey]acqResult
	relMemo   map[memoKey]keySet
	spawnMemo map[memoKey]bool
	toStart   map[*chanflow.Start]map[*ssa.Function]bool
	// beforeEntry: whether a start may come before a function is entered
	beforeEntry map[startFn]bool
	retHeld     map[*ssa.Function]locks
	objects     map[occ]refs.Ref
	events      map[*ssa.Function][]event
	callList    map[*ssa.Function][]ssa.CallInstruction
	leading     map[startFn][]ssa.CallInstruction // leadingCalls' memo
	joined      map[*chanflow.Start]bool          // joinedInStarter's memo
	freshFn     map[*ssa.Function]bool            // returnsFresh's memo
	callees     map[ssa.CallInstruction][]*ssa.Function
	indexOf     map[ssa.Instruction]int
	lockOps     map[ssa.Instruction]lockOpResult
	heldMemo    map[memoKey]locks
	acqOf       map[*chanflow.Start]keySet
	// via: the method that runs a callers' access reported by
	// duringGoroutine
	via      map[*ssaaccess.Access]*ssa.Function
	recvMemo map[occ][]recvRef
	// adapters: the literals converted to each named func type
	adapters map[string][]*ssa.Function
	// adaptedLit: the literals adapters lists; every goroutine that
	// calls the adapter is taken to run each of them, so two such
	// goroutines are not compared with each other on them
	adaptedLit map[*ssa.Function]bool
	// paramStores, gets: the queues' memos (queue.go)
	paramStores map[paramKey]paramStore
	gets        map[*ssa.Function]map[string]bool
	// funcFields: paramFuncFields' answer, computed once
	funcFields map[string][]*ssa.Function
	mayUpMemo  map[memoKey]locks // mayHeldUp's memo
}

func newRacer(c *checker, prog *refs.Program, flow *chanflow.Result, acc *ssaaccess.Result) *racer {
	r := &racer{
		c: c, prog: prog, flow: flow, acc: acc, m: c.m,
		edges:    make(map[*ssa.Function][]*ssa.Function),
		calls:    make(map[*ssa.Function][]site),
		entry:    make(map[*ssa.Function]bool),
		runs:     make(map[*ssa.Function][]*chanflow.Start),
		funcs:    make(map[*chanflow.Start]map[*ssa.Function]bool),
		multi:    make(map[*chanflow.Start]bool),
		loops:    make(map[*chanflow.Start]map[*ssa.BasicBlock]bool),
		entryOf:  make(map[*ssa.Function]*ssa.Function),
		reach:    make(map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool),
		held:     make(map[heldKey]locks),
		localIn:  make(map[*ssa.Function]map[*ssa.BasicBlock]locks),
		mayIn:    make(map[*ssa.Function]map[*ssa.BasicBlock]locks),
		sum:      make(map[*ssa.Function]*summary),
		takes:    make(map[*ssa.Function]map[string]bool),
		reported: make(map[string]bool),

		reportedRoot: make(map[ssa.Value]bool),
		acqMemo:      make(map[memoKey]acqResult),
		relMemo:      make(map[memoKey]keySet),
		spawnMemo:    make(map[memoKey]bool),
		toStart:      make(map[*chanflow.Start]map[*ssa.Function]bool),
		beforeEntry:  make(map[startFn]bool),
		retHeld:      make(map[*ssa.Function]locks),
		objects:      make(map[occ]refs.Ref),
		events:       make(map[*ssa.Function][]event),
		callList:     make(map[*ssa.Function][]ssa.CallInstruction),
		leading:      make(map[startFn][]ssa.CallInstruction),
		joined:       make(map[*chanflow.Start]bool),
		freshFn:      make(map[*ssa.Function]bool),
		callees:      make(map[ssa.CallInstruction][]*ssa.Function),
		indexOf:      make(map[ssa.Instruction]int),
		lockOps:      make(map[ssa.Instruction]lockOpResult),
		heldMemo:     make(map[memoKey]locks),
		acqOf:        make(map[*chanflow.Start]keySet),
		via:          make(map[*ssaaccess.Access]*ssa.Function),
		recvMemo:     make(map[occ][]recvRef),
		paramStores:  make(map[paramKey]paramStore),
		gets:         make(map[*ssa.Function]map[string]bool),
		mayUpMemo:    make(map[memoKey]locks),
	}
	r.async = make(map[ssa.CallInstruction]*chanflow.Start)
	for _, s := range flow.Starts() {
		if r.synchronous(s) {
			continue
		}
		r.starts = append(r.starts, s)
		r.async[s.Instr] = s
	}
	for _, fn := range prog.Funcs {
		r.indexFunc(fn)
	}
	r.adapted(nil) // lists the adapted literals
	r.contexts()
	return r
}

// indexFunc records whether fn is an entry (exported, main or init) and its
// synchronous calls: the call graph's edges and each callee's sites.
func (r *racer) indexFunc(fn *ssa.Function) {
	if fn.Parent() == nil && fn.Object() != nil && (fn.Object().Exported() || fn.Name() == "main") {
		r.entry[fn] = true
	}
	if fn.Name() == "init" && fn.Parent() == nil {
		r.entry[fn] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok || r.async[c] != nil {
				continue
			}
			if _, isGo := c.(*ssa.Go); isGo {
				continue
			}
			for _, callee := range r.calleesAt(c) {
				r.calls[callee] = append(r.calls[callee], site{fn, c})
				if !slices.Contains(r.edges[fn], callee) {
					r.edges[fn] = append(r.edges[fn], callee)
				}
			}
		}
	}
}

// synchronous reports whether a start runs its body on the caller's
// goroutine, or waits for it (BlockInPlace, Run, Timeout).
func (r *racer) synchronous(s *chanflow.Start) bool {
	if s.Kind == model.InPlace {
		return true
	}
	if _, ok := s.Instr.(*ssa.Go); ok {
		return false
	}
	if e, ok := r.lookup(s.Instr.Common()); ok && e.Is(model.Joins) {
		return true
	}
	return false
}

func (r *racer) lookup(c *ssa.CallCommon) (model.Entry, bool) {
	var obj *types.Func
	if c.IsInvoke() {
		obj = c.Method
	} else if callee := c.StaticCallee(); callee != nil {
		if callee.Origin() != nil {
			callee = callee.Origin()
		}
		obj, _ = callee.Object().(*types.Func)
	}
	if obj == nil {
		return model.Entry{}, false
	}
	return r.m.Lookup(obj)
}

// calleesAt returns the package functions a call runs on the calling
// goroutine: chanflow's answer, the body of a synchronous spawn, and the
// function literals passed to a function of another package (sort.Slice,
// Once.Do, t.Run call them before they return).
func (r *racer) calleesAt(c ssa.CallInstruction) []*ssa.Function {
	if out, ok := r.callees[c]; ok {
		return out
	}
	out := r.calleesAt0(c)
	r.callees[c] = out
	return out
}

func (r *racer) calleesAt0(c ssa.CallInstruction) []*ssa.Function {
	if r.async[c] != nil {
		return nil // the body runs on its own goroutine
	}
	if common := c.Common(); common.IsInvoke() && common.Method.Pkg() != r.prog.Pkg.Pkg {
		// A method of another package's interface (io.Writer,
		// net.Conn): the package's own implementations (a test's mock)
		// are rarely what runs there.
		return nil
	}
	out := slices.Clone(r.flow.CalleesAt(c))
	common := c.Common()
	callee := common.StaticCallee()
	if len(out) == 0 && !common.IsInvoke() && callee == nil {
		// f(req) in a method of a func type (HandlerFunc.Serve): the
		// literals the package converts to that type.
		if p, ok := common.Value.(*ssa.Parameter); ok && isRecv(p) {
			out = append(out, r.adapted(p.Type())...)
		}
		if ref := r.prog.Of(common.Value); ref.Class != "" {
			out = append(out, r.paramFuncFields()[ref.Class]...)
		}
		return out
	}
	if common.IsInvoke() || callee == nil {
		return out
	}
	if callee.Pkg == r.prog.Pkg {
		// A literal passed to a function of the package that calls
		// its parameter, itself or through the same helper
		// (useStackAndCall(n, func() { ready <- x })): chanflow
		// resolves a parameter only when every caller passes a
		// function of the package.
		if _, isCall := c.(*ssa.Call); !isCall {
			return out
		}
		for i, a := range common.Args {
			if fn := literal(a); fn != nil && fn.Pkg == r.prog.Pkg && !slices.Contains(out, fn) && r.callsParam(callee, i, 0) {
				out = append(out, fn)
			}
		}
		return out
	}
	for _, a := range common.Args {
		if fn := literal(a); fn != nil && fn.Pkg == r.prog.Pkg && !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}

// testRoot returns the test, benchmark or fuzz function of a _test.go
// file that fn is, or is a literal of, or nil.
func (r *racer) testRoot(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if t, ok := r.tests[fn]; ok {
		return t
	}
	t := testFunc(r.c.pass.Fset, fn)
	if r.tests == nil {
		r.tests = make(map[*ssa.Function]*ssa.Function)
	}
	r.tests[fn] = t
	return t
}

// testFunc returns fn when it is a test, benchmark or fuzz function.
func testFunc(fset *token.FileSet, fn *ssa.Function) *ssa.Function {
	obj, _ := fn.Object().(*types.Func)
	if fn.Parent() != nil || obj == nil {
		return nil
	}
	switch funcs.TestKind(fset, obj) {
	case "Test", "Benchmark", "Fuzz":
		return fn
	}
	return nil
}

func literal(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	case *ssa.Function:
		if v.Parent() != nil {
			return v
		}
	case *ssa.ChangeType:
		return literal(v.X)
	case *ssa.MakeInterface:
		return literal(v.X)
	}
	return nil
}

// contexts computes which goroutine contexts run each function, and
// which starts run several instances of their body at once.
func (r *racer) contexts() {
	visit := func(s *chanflow.Start, roots []*ssa.Function, tag func(fn, root *ssa.Function)) {
		set := make(map[*ssa.Function]bool)
		var own *ssa.Function // the test the start is in
		if s != nil && s.In != nil {
			own = r.testRoot(s.In)
		}
		var walk func(fn, root *ssa.Function)
		walk = func(fn, root *ssa.Function) {
			if set[fn] {
				return
			}
			if own != nil && fn.Parent() != nil {
				// A literal of another test (stored in a field of an
				// object that test made) is not what this test's
				// goroutines run: tests have no callers, and one
				// test's objects do not reach another's.
				if t := r.testRoot(fn); t != nil && t != own {
					return
				}
			}
			set[fn] = true
			r.runs[fn] = append(r.runs[fn], s)
			if tag != nil {
				tag(fn, root)
			}
			for _, c := range r.edges[fn] {
				walk(c, root)
			}
		}
		for _, fn := range roots {
			walk(fn, fn)
		}
		r.funcs[s] = set
	}
	var entries []*ssa.Function
	for _, fn := range r.prog.Funcs {
		if r.entry[fn] {
			entries = append(entries, fn)
		}
	}
	visit(nil, entries, func(fn, root *ssa.Function) {
		if r.entryOf[fn] == nil {
			r.entryOf[fn] = root
		}
	})
	for _, s := range r.starts {
		visit(s, s.Targets, nil)
		r.loops[s] = r.loopOf(s.Instr)
		r.multi[s] = len(r.loops[s]) > 0 && !r.serialLoop(s)
	}
}

// loopOf returns the blocks of the loop around instr in its function
// (those on a cycle through its block), or nil.
func (r *racer) loopOf(instr ssa.Instruction) map[*ssa.BasicBlock]bool {
	b := instr.Block()
	if b == nil || !r.reaches(b, b) {
		return nil
	}
	out := map[*ssa.BasicBlock]bool{b: true}
	for _, x := range b.Parent().Blocks {
		if r.reaches(b, x) && r.reaches(x, b) {
			out[x] = true
		}
	}
	return out
}

// serialLoop reports whether the loop around a start waits in each
// iteration (a join, a receive the body may send on): its bodies do not
// all run at once.
func (r *racer) serialLoop(s *chanflow.Start) bool {
	rel := r.releases(s)
	for b := range r.loops[s] {
		for _, instr := range b.Instrs {
			for _, p := range r.pointsAt(instr) {
				if p.always || rel.any(p.keys) {
					return true
				}
			}
		}
	}
	return false
}

// reaches reports whether block to can run after block from (a path of
// one edge or more).
func (r *racer) reaches(from, to *ssa.BasicBlock) bool {
	set, ok := r.reach[from]
	if !ok {
		set = blocks.Reachable(from, blocks.Succs)
		r.reach[from] = set
	}
	return set[to]
}

// after reports whether instr y can run after instr x in their function.
func (r *racer) after(x, y ssa.Instruction) bool {
	bx, by := x.Block(), y.Block()
	if bx == nil || by == nil || bx.Parent() != by.Parent() {
		return false
	}
	if bx == by {
		if r.index(x) < r.index(y) {
			return true
		}
		return r.reaches(bx, by)
	}
	return r.reaches(bx, by)
}

// afterBlock reports whether y can run once block b is entered.
func (r *racer) afterBlock(b *ssa.BasicBlock, y ssa.Instruction) bool {
	return y.Block() == b || r.reaches(b, y.Block())
}

func index(b *ssa.BasicBlock, x ssa.Instruction) int { return slices.Index(b.Instrs, x) }

// index returns x's index in its block (computed once per block).
func (r *racer) index(x ssa.Instruction) int {
	if i, ok := r.indexOf[x]; ok {
		return i
	}
	for i, y := range x.Block().Instrs {
		r.indexOf[y] = i
	}
	return r.indexOf[x]
}

// callsParam reports whether fn calls its i-th parameter on the calling
// goroutine, directly or by passing it on to a function of the package
// that does, and does nothing else with it (no go, defer or store).
func (r *racer) callsParam(fn *ssa.Function, i, depth int) bool {
	if depth > 4 || i >= len(fn.Params) || len(fn.Blocks) == 0 {
		return false
	}
	p := fn.Params[i]
	called := false
	for _, ref := range *p.Referrers() {
		c, ok := ref.(*ssa.Call)
		if !ok {
			if _, dbg := ref.(*ssa.DebugRef); dbg {
				continue
			}
			return false
		}
		if c.Call.Value == ssa.Value(p) {
			called = true
			continue
		}
		next := c.Call.StaticCallee()
		j := slices.Index(c.Call.Args, ssa.Value(p))
		if next == nil || next.Pkg != r.prog.Pkg || j < 0 {
			return false
		}
		if next == fn && j == i {
			continue // passed on to itself (a recursion)
		}
		if !r.callsParam(next, j, depth+1) {
			return false
		}
		called = true
	}
	return called
}

// adapted returns the function literals of the package converted to the
// named func type t (ListenerFunc(func(e Event) {...})): what a method of
// t runs when it calls its receiver.
func (r *racer) adapted(t types.Type) []*ssa.Function {
	if r.adapters == nil {
		r.adapters = make(map[string][]*ssa.Function)
		r.adaptedLit = make(map[*ssa.Function]bool)
		for _, fn := range r.prog.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					ct, ok := instr.(*ssa.ChangeType)
					if !ok {
						continue
					}
					if lit := literal(ct.X); lit != nil && lit.Pkg == r.prog.Pkg {
						k := types.TypeString(ct.Type(), nil)
						r.adapters[k] = append(r.adapters[k], lit)
						r.adaptedLit[lit] = true
					}
				}
			}
		}
	}
	if t == nil {
		return nil
	}
	if _, ok := t.Underlying().(*types.Signature); !ok {
		return nil
	}
	if _, named := t.(*types.Named); !named {
		return nil
	}
	return r.adapters[types.TypeString(t, nil)]
}

// paramFuncFields returns, by the class of a func-valued field, the
// functions of the package stored there through a parameter: a
// constructor that takes a handler (newWriter(..., t.onClose)) and
// stores it in the object it makes. Every call of the constructor must
// pass a function of the package (a method value, a literal) for the
// field to be resolved.
func (r *racer) paramFuncFields() map[string][]*ssa.Function {
	if r.funcFields != nil {
		return r.funcFields
	}
	r.funcFields = map[string][]*ssa.Function{}
	type param struct {
		fn *ssa.Function
		i  int
	}
	stored := map[param][]string{}
	for _, fn := range r.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				p, ok := st.Val.(*ssa.Parameter)
				if !ok || p.Parent() != fn {
					continue
				}
				if _, ok := p.Type().Underlying().(*types.Signature); !ok {
					continue
				}
				if ref := r.prog.Of(st.Addr); ref.Class != "" {
					k := param{fn, slices.Index(fn.Params, p)}
					stored[k] = append(stored[k], ref.Class)
				}
			}
		}
	}
	if len(stored) == 0 {
		return r.funcFields
	}
	targets := map[param][]*ssa.Function{}
	unknown := map[param]bool{}
	for _, fn := range r.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := c.Common().StaticCallee()
				if callee == nil {
					continue
				}
				for i, a := range c.Common().Args {
					k := param{callee, i}
					if _, ok := stored[k]; !ok {
						continue
					}
					t := funcValue(a, r.prog.Pkg)
					if t == nil {
						unknown[k] = true
						continue
					}
					if !slices.Contains(targets[k], t) {
						targets[k] = append(targets[k], t)
					}
				}
			}
		}
	}
	for k, classes := range stored {
		if unknown[k] || k.fn.Object() != nil && k.fn.Object().Exported() {
			continue // the package's callers may pass anything
		}
		for _, c := range classes {
			for _, t := range targets[k] {
				if !slices.Contains(r.funcFields[c], t) {
					r.funcFields[c] = append(r.funcFields[c], t)
				}
			}
		}
	}
	return r.funcFields
}

// funcValue returns the function of pkg a function value runs: a
// function, a literal, the method a bound method value calls.
func funcValue(v ssa.Value, pkg *ssa.Package) *ssa.Function {
	var fn *ssa.Function
	switch v := v.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	case *ssa.ChangeType:
		return funcValue(v.X, pkg)
	}
	if fn != nil && fn.Synthetic != "" {
		// A wrapper: the method it calls.
		for _, c := range fn.Blocks {
			for _, instr := range c.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if callee := call.Common().StaticCallee(); callee != nil && callee.Pkg == pkg && callee.Blocks != nil {
						return callee
					}
				}
			}
		}
		return nil
	}
	if fn == nil || fn.Pkg != pkg {
		return nil
	}
	return fn
}

// translate is refs' Translate for a call that runs fn: a method run
// through a func value (a field that holds a bound method value) gets
// its receiver from the binding, not from the call's arguments, which
// are its other parameters.
//
// A function literal passed to the function a call runs (db.Update(func(txn
// *Txn) error {...})) gets its arguments from that function, not from the
// call: its parameters are not the call's arguments.
func (r *racer) translate(ref refs.Ref, fn *ssa.Function, call *ssa.CallCommon) refs.Ref {
	if callee := call.StaticCallee(); callee != nil && callee != fn && callee.Synthetic == "" && fn.Parent() != nil {
		if p, ok := ref.Root.(*ssa.Parameter); ok && p.Parent() == fn {
			return refs.Ref{Class: ref.Class}
		}
	}
	if call.IsInvoke() || call.StaticCallee() != nil || fn.Signature.Recv() == nil {
		return r.prog.Translate(ref, fn, call)
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == 1 {
		return r.prog.Translate(ref, fn, call)
	}
	if p, ok := ref.Root.(*ssa.Parameter); !ok || p.Parent() != fn || len(fn.Params) == 0 || fn.Params[0] == p {
		return refs.Ref{Class: ref.Class}
	}
	shifted := *call
	shifted.Args = append([]ssa.Value{call.Value}, call.Args...)
	return r.prog.Translate(ref, fn, &shifted)
}
