// Package lockacq computes, for each function, the sync locks it may
// take, itself or through any chain of calls, and exports them as facts
// (MayLock), so that a caller holding one of them can be told it would
// take it again (doublelock), or in which order it takes two locks
// (lockorder).
//
// # What a function may take
//
// The locks of its own lock operations (Lock, RLock; not TryLock, which
// never waits; passes/lockset lists them), and those of the functions it
// calls: static calls of functions and methods of this package or of
// another (through the facts), calls of closures, deferred calls. Besides
// those:
//
//   - a call through an interface declared in this package, when one to
//     three types of the package implement it: the locks every one of
//     their methods takes (a lock only some of them take is not counted);
//   - a call the model says Formats (fmt.Sprintf, fmt.Errorf, log.Printf,
//     t.Logf, ...): the locks the Error or String method of each argument
//     takes, when the argument's static type has one (fmt calls it);
//   - a call the model says Runs (sync.Once.Do(f)): the locks f takes on
//     the caller's variables (a literal's captured ones) and package
//     variables.
//
// Not followed: go statements, function values, interfaces declared in
// other packages or with more implementations, the standard library's
// bodies (the model describes it; facts are not exported from it).
//
// A lock reached through a back-pointer the package keeps (z.topo.mu,
// for z an element of t.zones whose topo is always t) is named by its
// owner's path (t.mu: lockset's Canon) at each call.
//
// A lock is named relative to the function (its receiver, a parameter, a
// package variable: lockset.LockRef) and mapped onto the arguments at
// each call; a lock the function reaches otherwise (x := lookup();
// x.mu.Lock()), or through a receiver or parameter the function assigns
// (n = n.parent; n.mu.Lock()), is kept only by its order class (lockset's
// OrderClass), which is all that lock-order questions need. A lock of a
// local variable is not part of the set.
//
// Each lock comes with the chain of calls that reaches it, the locks the
// path released before taking it (a caller's lock released and taken
// again is not taken twice), and whether it is taken only under a
// condition on a bool parameter of a function of the chain (a "locked"
// flag: func get(locked bool) { if !locked { mu.Lock() } }). A lock
// taken only when a parameter compares to a constant (if path !=
// "/version" { c.checkVersion() }) is not taken by a call that passes a
// constant failing the comparison.
package lockacq

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/internal/graph"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// Step is one link of the chain to a lock operation: a call of Name at
// Pos ("file.go:line"), or, for the last, the lock operation on the lock
// named Name.
type Step struct {
	Name string
	Pos  string
	Lock bool
	Mode model.LockMode
	// Once: the last step is a sync.Once's Do (see Acq.Once).
	Once bool
}

// Acq is a lock a function may take.
type Acq struct {
	// Ref names the lock relative to the function; Root is "" for a
	// lock known only by its Class.
	Ref lockset.LockRef
	// Class is the lock's order class (lockset.Result.OrderClass).
	Class string
	// Chain leads from the function to the lock operation.
	Chain []Step
	// Released are the locks (relative to the function) the path may
	// have released before taking this one.
	Released []lockset.LockRef
	// Guarded: taken only under a condition on a bool parameter.
	Guarded bool
	// Once: not a lock but a sync.Once whose Do the function may call.
	// Do holds the Once while its function runs, the first time: a Do
	// that function calls on the same Once waits for itself. Kept apart
	// from the locks (Of and At leave them out; OnceAt gives them).
	Once bool
	// cond: taken only when a parameter compares to a constant as it
	// says (paramGuard); a call passing a constant that fails it does
	// not take the lock.
	cond *paramCond
	// lazy: taken only when a field of a package variable is nil (see
	// LazyInit). Kept in the package: facts do not carry it.
	lazy *LazyInit

	key lockset.Key // a variable a function literal captures (Ref.Root "")
	// released are the locks of captured variables the path may have
	// released first (a deferred literal's fs.mu.Unlock(); cb();
	// fs.mu.Lock()), as keys: Released cannot name them.
	released []lockset.KeyMode
}

// MayLock is the fact on a function that may take locks.
type MayLock struct{ Locks []Acq }

func (*MayLock) AFact() {}

func (m *MayLock) String() string {
	s := make([]string, len(m.Locks))
	for i, a := range m.Locks {
		if a.Ref.Root != "" {
			s[i] = a.Ref.String()
		} else {
			s[i] = a.Class
			if a.Ref.Mode == model.Shared {
				s[i] += " (read)"
			}
		}
		if a.Guarded {
			s[i] += " guarded"
		}
		if a.Once {
			s[i] += " (once)"
		}
	}
	return "may lock " + strings.Join(s, ", ")
}

// Site is a lock a call may take, in the caller's terms.
type Site struct {
	// Key is the lock in the caller's terms; zero for a lock known only
	// by its class.
	Key   lockset.Key
	Mode  model.LockMode
	Name  string
	Class string
	// Chain starts with the call itself.
	Chain []Step
	// Released are the caller's locks the callee may release before
	// taking this one.
	Released []lockset.KeyMode
	Guarded  bool
	Once     bool
	// Lazy: taken only to set a field that was found nil (see LazyInit).
	Lazy *LazyInit
}

// Result holds the locks each function of the package may take.
type Result struct {
	acqs  map[*funcs.Func][]Acq
	pass  *analysis.Pass
	ix    *funcs.Index
	locks *lockset.Result
	m     *model.Model
	impls map[*types.Interface][]*types.Named
	// implsMu guards impls: the checks of a package call At at once.
	implsMu sync.Mutex
	evs     *reach.Events
	// cf serves SelfLocks (selflock.go), on SSA.
	cf       *chanflow.Result
	selfMemo map[*ssa.Function][]ssaLock
	msets    typeutil.MethodSetCache
	elems    map[*types.Var][]elemStore // elemStores's
	owned    *ownedVars                 // FreshHeld's and FreshTaken's memo
	// heldAcc memoizes lockset's HeldAtAccesses for lessPublished.
	heldAcc map[*funcs.Func]map[ast.Node][]lockset.Lock
	// callees inverts the call graph for Reachable.
	callees map[*funcs.Func][]*funcs.Func
	// forwarders are the package's printf wrappers (formats.go).
	forwarders map[*funcs.Func]bool
	// litHolds are the locks held around calls in literals passed to a
	// function that calls them holding locks (noteLitHolds); the checks
	// ask at the same time.
	litMu    sync.Mutex
	litHolds map[*ast.CallExpr][]lockset.Lock
}

// Calls returns the calls fn makes (its own, not those of the function
// literals in it; deferred calls included, go statements not), in
// source order; calls of function values included.
// callName names the function a call calls, as the chain of a message
// shows it: "step (m.Inc)" for a method value held in a variable.
func (r *Result) callName(call *ast.CallExpr) string {
	name := types.ExprString(call.Fun)
	if sel := r.ix.Bound(call); sel != nil {
		name += " (" + types.ExprString(sel) + ")"
	}
	return name
}

func (r *Result) Calls(fn *funcs.Func) []*ast.CallExpr {
	if r.evs == nil {
		return nil
	}
	var out []*ast.CallExpr
	for _, ev := range r.evs.Of(fn) {
		if ev.Call != nil {
			out = append(out, ev.Call)
		}
	}
	// Calls of function values: SelfLocks may know what they run.
	for _, ev := range r.evs.Dynamic(fn) {
		out = append(out, ev.Call)
	}
	slices.SortFunc(out, func(a, b *ast.CallExpr) int { return int(a.Pos() - b.Pos()) })
	return out
}

// Pos renders a position as messages do: "file.go:line".
func Pos(fset *token.FileSet, p token.Pos) string { return reach.PosString(fset, p) }

var Analyzer = &analysis.Analyzer{
	Name:       "lockacq",
	Doc:        "compute the sync locks each function may take, through calls, and export them as facts",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, lockset.Analyzer, model.Analyzer, reach.Analyzer, chanflow.Analyzer},
	FactTypes:  []analysis.Fact{new(MayLock)},
	ResultType: reflect.TypeFor[*Result](),
}

// maxAcqs bounds the locks kept per function.
const maxAcqs = 32

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		acqs:  make(map[*funcs.Func][]Acq),
		pass:  pass,
		ix:    pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		locks: pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		m:     pass.ResultOf[model.Analyzer].(*model.Model),
		evs:   pass.ResultOf[reach.Analyzer].(*reach.Events),
		cf:    pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
	}
	if model.Describes(pass.Pkg.Path()) {
		return r, nil
	}
	facts := len(pass.AllObjectFacts()) > 0 // MayLock, the only fact type
	// The cheap gate: no lock taken here, and none in a dependency.
	if !r.locks.TakesAny() && !facts && !r.callsOnce() {
		return r, nil
	}
	r.direct()
	r.forwarders = findForwarders(pass.TypesInfo, r.ix, r.m)
	g := r.callGraph(facts, false)
	changed := make(map[*funcs.Func]bool)
	for _, e := range append(g.remote, g.each...) {
		if r.addAll(e.caller, e.call) {
			changed[e.caller] = true
		}
	}
	for fn := range r.acqs {
		changed[fn] = true
	}
	// Calls of function values are resolved on SSA (valueTargets): only
	// when some function of the package takes a lock once the direct
	// locks and the other packages' are in, since otherwise nothing
	// propagates. The edges are then collected again, in the same order.
	callers := g.callers
	if g.hasDynamic && r.valueLocks(g.callers) {
		callers = r.callGraph(facts, true).callers
	}
	r.propagate(callers, changed)
	if !model.DescribesPass(pass) {
		r.export()
	}
	return r, nil
}

// valueLocks reports whether a function that can be called as a value
// may take a lock through the static calls (callers): a literal, or a
// function of the package used other than by calling it. Only such a
// function is a call target of a function value, and a function gets
// locks only from what it calls: when none of them can lock, the calls
// of function values add nothing (and SSA need not be built for them).
func (r *Result) valueLocks(callers map[*funcs.Func][]callEdge) bool {
	locking := make(map[*funcs.Func]bool)
	var queue []*funcs.Func
	for fn, acqs := range r.acqs {
		if len(acqs) > 0 {
			locking[fn] = true
			queue = append(queue, fn)
		}
	}
	for len(queue) > 0 {
		fn := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, e := range callers[fn] {
			if !locking[e.caller] {
				locking[e.caller] = true
				queue = append(queue, e.caller)
			}
		}
	}
	var values map[*types.Func]bool
	for fn := range locking {
		if _, lit := fn.Node.(*ast.FuncLit); lit || fn.Obj == nil {
			return true
		}
		if values == nil {
			var open bool
			values, open = usedAsValues(r.pass)
			if open {
				return true
			}
		}
		if values[fn.Obj] {
			return true
		}
	}
	return false
}

// usedAsValues returns the functions and methods of the package used
// other than as the callee of a call (a method value, a function passed
// or stored); open is true when a method of an interface is used as a
// value, which may run any of its implementations.
func usedAsValues(pass *analysis.Pass) (values map[*types.Func]bool, open bool) {
	called := make(map[*ast.Ident]bool)
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				fun := astutil.Unparen(call.Fun)
				if ix, ok := fun.(*ast.IndexExpr); ok {
					fun = ix.X
				} else if ix, ok := fun.(*ast.IndexListExpr); ok {
					fun = ix.X
				}
				switch fun := fun.(type) {
				case *ast.Ident:
					called[fun] = true
				case *ast.SelectorExpr:
					called[fun.Sel] = true
				}
			}
			return true
		})
	}
	values = make(map[*types.Func]bool)
	for id, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || called[id] {
			continue
		}
		if funcs.IsInterfaceMethod(fn) {
			open = true
		}
		if fn.Pkg() == pass.Pkg {
			values[fn.Origin()] = true
		}
	}
	return values, open
}

// direct adds the locks of each function's own lock operations.
func (r *Result) direct() {
	for _, fn := range r.ix.Funcs {
		r.directOnce(fn)
		for _, op := range r.locks.LockOps(fn) {
			if op.Try || op.Iface && !r.lockerParam(fn, op.Lock.Key) || r.FreshTaken(fn, op.Lock.Key, op.Call.Pos()) {
				continue
			}
			a, ok := r.own(fn, op.Lock.Key, op.Lock.Mode, op.Lock.Order)
			if !ok {
				continue
			}
			if op.Iface && a.Class == "" {
				a.Class = lockerClass // named by the call's argument (LockerArg)
			}
			a.Chain = []Step{{Name: op.Lock.Name, Pos: r.pos(op.Call.Pos()), Lock: true, Mode: op.Lock.Mode}}
			a.Released, a.released = r.relatives(fn, op.Released)
			a.Guarded = r.guarded(fn, op.Call)
			a.cond = r.paramGuard(fn, op.Call)
			r.add(fn, a)
		}
	}
}

// lockerClass stands for the class of a sync.Locker parameter's lock,
// which only a call's argument (&s.mu, s.mu.RLocker()) names.
const lockerClass = "(sync.Locker)"

// lockerParam reports whether k is a sync.Locker parameter of fn itself
// (func locked(l sync.Locker, f func()) { l.Lock() ... }): a call that
// passes &s.mu or s.mu.RLocker() locks s.mu.
func (r *Result) lockerParam(fn *funcs.Func, k lockset.Key) bool {
	v := k.Root()
	if v == nil || k != lockset.VarKey(v) || r.ix.Reassigned(v) {
		return false
	}
	named, ok := types.Unalias(v.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "sync" || named.Obj().Name() != "Locker" {
		return false
	}
	ref, ok := r.locks.Relative(fn, k, model.Exclusive)
	return ok && ref.Root != "" && ref.Root[0] >= '0' && ref.Root[0] <= '9'
}

// callsOnce reports whether a function of the package calls a Runs
// method (sync.Once.Do).
func (r *Result) callsOnce() bool {
	for _, fn := range r.ix.Funcs {
		for _, ev := range r.evs.Of(fn) {
			if _, ok := r.onceCall(ev); ok {
				return true
			}
		}
	}
	return false
}

// onceCall returns the model's entry of a call of a Runs method with a
// receiver (once.Do(f)).
func (r *Result) onceCall(ev reach.Event) (model.Entry, bool) {
	if ev.Call == nil || ev.Obj == nil || ev.Obj.Signature().Recv() == nil {
		return model.Entry{}, false
	}
	e, ok := r.m.Lookup(ev.Obj)
	return e, ok && e.Is(model.Runs)
}

// directOnce adds the Onces whose Do fn calls itself.
func (r *Result) directOnce(fn *funcs.Func) {
	for _, ev := range r.evs.Of(fn) {
		if _, ok := r.onceCall(ev); !ok {
			continue
		}
		k, ok := r.locks.RecvPathOf(ev.Call)
		if !ok {
			continue
		}
		class, _ := r.locks.RecvClass(ev.Call)
		a, ok := r.own(fn, k, model.Exclusive, class)
		if !ok {
			continue
		}
		a.Once = true
		a.Chain = []Step{{Name: types.ExprString(ev.Call.Fun), Pos: r.pos(ev.Call.Pos()), Lock: true, Once: true}}
		r.add(fn, a)
	}
}

// OnceAt returns, for a call of a sync.Once's Do, the Once (in the
// caller's terms) and the Do calls of Onces its function may make, in
// the caller's terms.
func (r *Result) OnceAt(fn *funcs.Func, call *ast.CallExpr) (lockset.Key, []Site) {
	_, obj := r.ix.Callee(call)
	e, ok := r.onceCall(reach.Event{Call: call, Obj: obj})
	if !ok {
		return lockset.Key{}, nil
	}
	k, ok := r.locks.RecvPathOf(call)
	if !ok {
		return lockset.Key{}, nil
	}
	var out []Site
	for _, a := range r.runs(call, e) {
		if !a.Once {
			continue
		}
		if s, ok := r.mapAcq(fn, call, a); ok {
			out = append(out, s)
		}
	}
	return r.locks.Canon(k), out
}

// locksOnly drops the Onces of a set.
func locksOnly[T any](xs []T, once func(*T) bool) []T {
	for i := range xs {
		if once(&xs[i]) {
			out := slices.Clone(xs[:i])
			for j := i + 1; j < len(xs); j++ {
				if !once(&xs[j]) {
					out = append(out, xs[j])
				}
			}
			return out
		}
	}
	return xs
}

// A callEdge is a call through which a caller may take its callee's
// locks.
type callEdge struct {
	caller *funcs.Func
	call   *ast.CallExpr
	// callee is set for a plain call of a package function: its set
	// only grows by appending, so the edge maps only the locks it has
	// not seen yet (done counts those it has).
	callee *funcs.Func
	done   int
}

// A callGraph holds the calls through which locks propagate.
type callGraph struct {
	// callers lists, by function of the package, the calls whose locks
	// depend on its set.
	callers map[*funcs.Func][]callEdge
	// remote: calls of other packages' functions: their sets are known.
	remote []callEdge
	// each: fmt and interface calls: they depend on this package's sets.
	each       []callEdge
	hasDynamic bool // a function of the package calls a function value
}

// callGraph collects the edges of the package's calls, in source order;
// calls of function values only when dynamic is set.
func (r *Result) callGraph(facts, dynamic bool) *callGraph {
	g := &callGraph{callers: make(map[*funcs.Func][]callEdge)}
	for _, fn := range r.ix.Funcs {
		for _, ev := range r.evs.Of(fn) {
			if ev.Call != nil {
				r.callEdges(g, fn, ev, facts)
			}
		}
		for _, ev := range r.evs.Dynamic(fn) {
			g.hasDynamic = true
			if !dynamic {
				break
			}
			for _, dep := range r.valueTargets(ev.Call) {
				g.callers[dep] = append(g.callers[dep], callEdge{caller: fn, call: ev.Call})
			}
		}
	}
	return g
}

// callEdges adds to g the edges of one call fn makes.
func (r *Result) callEdges(g *callGraph, fn *funcs.Func, ev reach.Event, facts bool) {
	if ev.Local != nil {
		if _, known := r.m.Lookup(ev.Obj); !known {
			g.callers[ev.Local] = append(g.callers[ev.Local], callEdge{caller: fn, call: ev.Call, callee: ev.Local})
			for _, body := range r.calledArgs(ev.Call, ev.Local) {
				g.callers[body] = append(g.callers[body], callEdge{caller: fn, call: ev.Call})
			}
			if r.forwarders[ev.Local] {
				r.formatEdges(g, fn, ev.Call)
			}
			return
		}
	}
	if ev.Obj == nil {
		return
	}
	if e, ok := r.m.Lookup(ev.Obj); ok {
		if body := r.runsBody(ev.Call, e); body != nil {
			g.callers[body] = append(g.callers[body], callEdge{caller: fn, call: ev.Call})
		}
		if e.Is(model.Formats) {
			r.formatEdges(g, fn, ev.Call)
		}
		if e.Is(model.CallsMethods) {
			g.each = append(g.each, callEdge{caller: fn, call: ev.Call})
			for _, m := range r.argMethodFuncs(ev.Call, e) {
				if d := r.ix.Decl(m); d != nil && m.Pkg() == r.pass.Pkg {
					g.callers[d] = append(g.callers[d], callEdge{caller: fn, call: ev.Call})
				}
			}
		}
		return
	}
	if funcs.IsInterfaceMethod(ev.Obj) {
		if ev.Obj.Pkg() == r.pass.Pkg {
			g.each = append(g.each, callEdge{caller: fn, call: ev.Call})
			for _, dep := range r.dispatchDeps(ev.Call, ev.Obj) {
				g.callers[dep] = append(g.callers[dep], callEdge{caller: fn, call: ev.Call})
			}
		}
		return
	}
	if facts && ev.Obj.Pkg() != r.pass.Pkg {
		g.remote = append(g.remote, callEdge{caller: fn, call: ev.Call})
	}
}

// propagate carries the sets from callees to callers until nothing
// changes, one round per call depth, so that chains are shortest. A
// Formats call depends on the sets of the String and Error methods of
// the package it formats, an interface call on its implementations':
// they are their callers.
func (r *Result) propagate(callers map[*funcs.Func][]callEdge, changed map[*funcs.Func]bool) {
	for round := 0; round < reach.MaxChain && len(changed) > 0; round++ {
		next := make(map[*funcs.Func]bool)
		for _, fn := range r.ix.Funcs { // source order: deterministic chains
			if !changed[fn] {
				continue
			}
			edges := callers[fn]
			for i := range edges {
				e := &edges[i]
				grew := false
				if e.callee != nil {
					e.done, grew = r.addTail(e.caller, e.call, e.callee, e.done)
				} else {
					grew = r.addAll(e.caller, e.call)
				}
				if grew {
					next[e.caller] = true
				}
			}
		}
		changed = next
	}
}

// export exports the MayLock fact of each function of the package that
// may take a lock another package can name.
func (r *Result) export() {
	for _, fn := range r.ix.Funcs {
		if fn.Obj == nil || len(r.acqs[fn]) == 0 {
			continue
		}
		exported := func(a *Acq) bool { return a.Ref.Root != "" || !lockset.LocalClass(a.Class) }
		n := 0
		for i := range r.acqs[fn] {
			if exported(&r.acqs[fn][i]) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		out := make([]Acq, 0, n)
		for _, a := range r.acqs[fn] {
			if exported(&a) {
				a.key = lockset.Key{}
				out = append(out, a)
			}
		}
		r.pass.ExportObjectFact(fn.Obj, &MayLock{Locks: out})
	}
}

// Canon returns the path k denotes with the back-pointers it goes
// through resolved to their owners (lockset's Canon): the keys of At's
// sites are canonical.
func (r *Result) Canon(k lockset.Key) lockset.Key { return r.locks.Canon(k) }

// Of returns the locks fn may take, named relative to fn.
func (r *Result) Of(fn *funcs.Func) []Acq {
	return locksOnly(r.acqs[fn], func(a *Acq) bool { return a.Once })
}

// Any reports whether a function of the package may take a lock.
func (r *Result) Any() bool { return len(r.acqs) > 0 }

// At returns the locks a call of fn may take, in the caller's terms.
func (r *Result) At(fn *funcs.Func, call *ast.CallExpr) []Site {
	return locksOnly(r.at(fn, call), func(s *Site) bool { return s.Once })
}

// at is At with the Onces.
func (r *Result) at(fn *funcs.Func, call *ast.CallExpr) []Site {
	var out []Site
	for _, a := range r.callee(call) {
		s, ok := r.mapAcq(fn, call, a)
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// addAll adds to fn the locks call may take; it reports whether fn's set
// grew.
func (r *Result) addAll(fn *funcs.Func, call *ast.CallExpr) bool {
	grew := false
	for _, s := range r.at(fn, call) {
		a, ok := r.acqOf(fn, s)
		if !ok || !r.room(fn, a) || r.FreshTaken(fn, s.Key, call.Pos()) {
			continue
		}
		a.Chain = s.Chain
		a.Released, a.released = r.relatives(fn, s.Released)
		a.cond = r.paramGuard(fn, call)
		r.acqs[fn] = append(r.acqs[fn], a)
		grew = true
	}
	return grew
}

// addTail adds to fn the locks that call, a plain call of the package
// function callee, may take through callee's locks from index from on,
// and returns the length of callee's set it has seen. It is addAll for
// the locks the call has not mapped yet: a lock mapped before gave the
// same Acq then, which add took (a duplicate now) or refused (as it
// would again: sets only grow). Chains and released locks are built
// only for the locks that are added.
func (r *Result) addTail(fn *funcs.Func, call *ast.CallExpr, callee *funcs.Func, from int) (int, bool) {
	src := r.acqs[callee] // fn may be callee: what it adds now waits for the next round, as At's did
	n := len(src)
	grew := false
	var step Step
	for _, c := range src[from:n] {
		if len(r.acqs[fn]) >= maxAcqs {
			break
		}
		if len(c.Chain) >= reach.MaxChain {
			continue // prefix's bound
		}
		s, ok := r.mapLock(call, c)
		if !ok {
			continue
		}
		a, ok := r.acqOf(fn, s)
		if !ok || !r.room(fn, a) || r.freshTaken(fn, s.Key, call.Pos(), r.locksFirst(callee, c)) {
			continue
		}
		if step.Pos == "" {
			step = Step{Name: r.callName(call), Pos: r.pos(call.Pos())}
		}
		chain := make([]Step, 0, len(c.Chain)+1)
		a.Chain = append(append(chain, step), c.Chain...)
		lockerName(a.Chain, r.locks, call, c.Ref, s.Name)
		a.Released, a.released = r.relatives(fn, r.mapReleased(call, c))
		a.cond = r.paramGuard(fn, call)
		if a.cond == nil {
			a.cond = r.passedCond(fn, call, c.cond)
		}
		if lz := r.lazyGuard(fn, call); lz != nil {
			a.lazy = lz
		}
		r.acqs[fn] = append(r.acqs[fn], a)
		grew = true
	}
	return n, grew
}

// acqOf names a site of a call fn makes relative to fn, without its
// chain and released locks; false for a lock fn does not count (a local
// one).
func (r *Result) acqOf(fn *funcs.Func, s Site) (Acq, bool) {
	var a Acq
	if v := s.Key.Root(); v != nil && r.ix.Reassigned(v) {
		if lockset.LocalClass(s.Class) {
			return Acq{}, false
		}
		a.Ref.Mode = s.Mode // known by its class only
	} else if !s.Key.IsZero() {
		if ref, ok := r.locks.Relative(fn, s.Key, s.Mode); ok {
			a.Ref = ref
		} else if r.captured(fn, s.Key) {
			a.Ref.Mode, a.key = s.Mode, s.Key
		} else if lockset.LocalClass(s.Class) {
			return Acq{}, false
		} else {
			a.Ref.Mode = s.Mode
		}
	} else {
		a.Ref.Mode = s.Mode
	}
	a.Class, a.Guarded, a.Once, a.lazy = s.Class, s.Guarded, s.Once, s.Lazy
	return a, true
}

// add adds a to fn's set, unless a lock of the same identity is there.
func (r *Result) add(fn *funcs.Func, a Acq) bool {
	if !r.room(fn, a) {
		return false
	}
	r.acqs[fn] = append(r.acqs[fn], a)
	return true
}

// room reports whether add would add a to fn's set: the set is not full
// and has no lock of the same identity.
func (r *Result) room(fn *funcs.Func, a Acq) bool {
	list := r.acqs[fn]
	if len(list) >= maxAcqs {
		return false
	}
	for i := range list {
		b := &list[i]
		if b.Ref == a.Ref && b.key == a.key && (a.Ref.Root != "" || !a.key.IsZero() || b.Class == a.Class) {
			if a.lazy == nil {
				b.lazy = nil // taken on another way too, whatever the field
			}
			return false
		}
	}
	return true
}

// own names a lock fn takes: relative to fn, a variable captured by a
// literal, or by its class alone (false for a local lock).
func (r *Result) own(fn *funcs.Func, k lockset.Key, mode model.LockMode, class string) (Acq, bool) {
	if v := k.Root(); v != nil && r.ix.Reassigned(v) {
		// s = s.parent; s.mu.Lock(): not the parameter's lock.
		if lockset.LocalClass(class) {
			return Acq{}, false
		}
		return Acq{Ref: lockset.LockRef{Mode: mode}, Class: class}, true
	}
	if ref, ok := r.locks.Relative(fn, k, mode); ok {
		return Acq{Ref: ref, Class: class}, true
	}
	if r.captured(fn, k) {
		return Acq{Ref: lockset.LockRef{Mode: mode}, key: k, Class: class}, true
	}
	if lockset.LocalClass(class) {
		return Acq{}, false
	}
	return Acq{Ref: lockset.LockRef{Mode: mode}, Class: class}, true
}

// captured reports whether k starts at a variable a literal captures.
func (r *Result) captured(fn *funcs.Func, k lockset.Key) bool {
	lit, ok := fn.Node.(*ast.FuncLit)
	v := k.Root()
	return ok && v != nil && !(lit.Pos() <= v.Pos() && v.Pos() < lit.End())
}

// relatives names the locks kms relative to fn; those of variables a
// literal captures stay keys.
func (r *Result) relatives(fn *funcs.Func, kms []lockset.KeyMode) (refs []lockset.LockRef, keys []lockset.KeyMode) {
	for _, km := range kms {
		if ref, ok := r.locks.Relative(fn, km.Key, km.Mode); ok {
			refs = append(refs, ref)
		} else if r.captured(fn, km.Key) {
			keys = append(keys, km)
		}
	}
	return refs, keys
}

// guarded reports whether call is under an if whose condition reads a
// bool parameter of fn.
func (r *Result) guarded(fn *funcs.Func, call *ast.CallExpr) bool {
	if fn.Type == nil || fn.Type.Params == nil {
		return false
	}
	params := make(map[types.Object]bool)
	for _, f := range fn.Type.Params.List {
		for _, n := range f.Names {
			if v, ok := r.pass.TypesInfo.Defs[n].(*types.Var); ok {
				if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
					params[v] = true
				}
			}
		}
	}
	if len(params) == 0 {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(fn.File, call.Pos(), call.End())
	for _, n := range path {
		if n == fn.Node {
			break
		}
		if is, ok := n.(*ast.IfStmt); ok {
			found := false
			ast.Inspect(is.Cond, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && params[r.pass.TypesInfo.Uses[id]] {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// callee returns the locks the callee of call may take, named relative
// to it, each chain starting with the call. A Formats call's locks are
// the formatted arguments' methods', named relative to the call with
// the argument's index as root.
func (r *Result) callee(call *ast.CallExpr) []Acq {
	local, obj := r.ix.Callee(call)
	if local != nil {
		if _, known := r.m.Lookup(obj); !known {
			out := append(r.prefix(call, r.acqs[local], ""), r.argBodies(call, local)...)
			if r.forwarders[local] {
				out = append(out, r.formatted(call)...)
			}
			return out
		}
	}
	if local == nil && obj == nil {
		return r.valueCall(call)
	}
	if obj == nil {
		return nil
	}
	if e, ok := r.m.Lookup(obj); ok {
		if e.Is(model.Formats) {
			return r.formatted(call)
		}
		if e.Is(model.CallsMethods) {
			return r.argMethods(call, e)
		}
		if e.Is(model.Runs) {
			return r.runs(call, e)
		}
		return nil
	}
	if funcs.IsInterfaceMethod(obj) {
		return r.dispatch(call, obj)
	}
	return r.prefix(call, r.remote(obj), "")
}

// A function literal passed to a package function that calls it, not
// with go, runs on the calling goroutine during the call: the call takes
// its locks (t.each(func(r string) { t.count(r) }) takes t.mu when count
// does). As for a Runs body, only the locks of the literal's captured
// variables and package variables count.

// argBodies returns the locks the function literals that call passes to
// callee, and that callee calls, take.
func (r *Result) argBodies(call *ast.CallExpr, callee *funcs.Func) []Acq {
	var out []Acq
	for _, body := range r.calledArgs(call, callee) {
		out = append(out, r.prefix(call, capturedOnly(r.acqs[body]), types.ExprString(call.Fun)+"(func literal)")...)
	}
	return out
}

// capturedOnly keeps the locks of a literal's captured variables and of
// package variables: not those of its receiver or parameters, which the
// call does not pass.
func capturedOnly(acqs []Acq) []Acq {
	var out []Acq
	for _, a := range acqs {
		if a.Ref.Root == "recv" || (a.Ref.Root != "" && a.Ref.Root[0] >= '0' && a.Ref.Root[0] <= '9') {
			continue
		}
		out = append(out, a)
	}
	return out
}

// argShift is 1 for a method expression's call ((*T).m(t, ...)), whose
// first argument is the receiver, and 0 otherwise.
func (r *Result) argShift(call *ast.CallExpr) int {
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := r.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return 1
		}
	}
	return 0
}

// calledArgs returns the function literals call passes to callee for a
// parameter that callee calls itself.
func (r *Result) calledArgs(call *ast.CallExpr, callee *funcs.Func) []*funcs.Func {
	shift := r.argShift(call)
	var out []*funcs.Func
	for i, arg := range call.Args {
		lit, ok := astutil.Unparen(arg).(*ast.FuncLit)
		if !ok || i < shift {
			continue
		}
		if body := r.ix.Of(lit); body != nil && body != callee && r.callsParam(callee, i-shift) {
			out = append(out, body)
		}
	}
	return out
}

// A CallbackHold is a function literal that a call passes to a package
// function that calls it while holding locks (c.withLock(func() { ... })
// holds c.mu while the literal runs): Held are those locks and Sites the
// locks the literal takes, both in the caller's terms.
type CallbackHold struct {
	Held  []lockset.Lock
	Sites []Site
}

// CallbackHolds returns the functions call passes to a package function
// that calls them holding locks of the caller's: function literals, and
// functions passed by name, method expression or method value
// (s.List((*Container).isRunning)), whose locks are known by their
// class only (they take them on the callee's arguments). A method value
// x.m is bound to x: m's locks of its receiver are x's
// (s.locked(s.flush), where flush locks s.mu and locked holds it when it
// calls its argument). The callee may call it itself, or through a
// function literal it makes (a decorator: s.wrap(s.stats) returns a
// literal that holds s.mu and calls next), and through an interface
// method of a function type that calls its receiver
// (s.track(HandlerFunc(s.route)), whose literal calls next.Serve).
func (r *Result) CallbackHolds(fn *funcs.Func, call *ast.CallExpr) []CallbackHold {
	local, obj := r.ix.Callee(call)
	if local == nil {
		return nil
	}
	if _, known := r.m.Lookup(obj); known {
		return nil
	}
	var out []CallbackHold
	for _, arg := range r.callbackArgs(call, local) {
		var held []lockset.Lock
		holder := types.ExprString(call.Fun)
		if arg.nested {
			holder = "a func literal of " + holder
		}
		for _, h := range r.heldAt(arg.calls) {
			if h, ok := r.callersLock(local, call, h, holder); ok {
				held = append(held, h)
			}
		}
		if len(held) == 0 {
			continue
		}
		shift := r.argShift(call)
		acqs, via := capturedOnly(r.acqs[arg.body]), types.ExprString(call.Fun)+"(func literal)"
		switch {
		case arg.bound:
			acqs, via = boundAcqs(r.acqs[arg.body], arg.index+shift), types.ExprString(call.Fun)+"("+types.ExprString(call.Args[arg.index+shift])+")"
		case !arg.lit:
			acqs, via = classOnly(r.acqs[arg.body]), types.ExprString(call.Fun)+"("+types.ExprString(call.Args[arg.index+shift])+")"
		}
		var sites []Site
		for _, a := range r.prefix(call, acqs, via) {
			if a.Once {
				continue
			}
			if s, ok := r.mapAcq(fn, call, a); ok {
				sites = append(sites, s)
			}
		}
		out = append(out, CallbackHold{Held: held, Sites: sites})
	}
	return out
}

// callersLock returns h, a lock held in callee (or a literal of it),
// named in the terms of call's caller, with via as the way it is held.
func (r *Result) callersLock(callee *funcs.Func, call *ast.CallExpr, h lockset.Lock, via string) (lockset.Lock, bool) {
	ref, ok := r.locks.Relative(callee, h.Key, h.Mode)
	if !ok {
		return h, false
	}
	k, name, ok := r.locks.MapRef(call, ref)
	if !ok {
		return h, false
	}
	h.Key, h.Name, h.Via = r.locks.Canon(k), name, via
	if _, mode, ok := r.locks.LockerArg(call, ref); ok {
		// A Locker given &s.mu or s.mu.RLocker(): s.mu's class, in
		// the Locker's mode.
		h.Mode, h.Order, h.Class = mode, r.locks.OrderClass(h.Key), h.Key.Class()
	}
	return h, true
}

// A callbackArg is a function a call passes for a parameter its callee
// calls: its body, the parameter's index, whether it is a literal or a
// method value (bound to its receiver), and the callee's calls of it.
type callbackArg struct {
	body  *funcs.Func
	index int
	lit   bool
	bound bool
	calls []*ast.CallExpr
	// nested: some of calls are in a function literal the callee makes.
	nested bool
}

// callbackArgs returns the package functions call passes to callee for
// a parameter that callee calls itself: literals, and functions named,
// method expressions and method values, also converted to a function
// type of the package (HandlerFunc(s.route)). A method value is also
// followed into the literals callee makes.
func (r *Result) callbackArgs(call *ast.CallExpr, callee *funcs.Func) []callbackArg {
	shift := r.argShift(call)
	var out []callbackArg
	for i, arg := range call.Args {
		if i < shift {
			continue
		}
		f, methods := r.adapted(arg)
		if _, isSig := r.pass.TypesInfo.TypeOf(f).Underlying().(*types.Signature); !isSig {
			continue
		}
		_, lit := astutil.Unparen(f).(*ast.FuncLit)
		bound := r.methodValueRecv(f) != nil
		body, _ := r.ix.Resolve(f)
		if body == nil || body == callee {
			continue
		}
		if !bound {
			methods = nil
		}
		calls := r.paramCalls(callee, i-shift, methods, false)
		nested := false
		if len(calls) == 0 {
			// Called only in literals the callee makes: a decorator's,
			// or one it runs under a lock (locked(&s.mu, func() {
			// ... f() ... })).
			calls = r.paramCalls(callee, i-shift, methods, true)
			nested = len(calls) > 0
		}
		if len(calls) > 0 {
			out = append(out, callbackArg{body: body, index: i - shift, lit: lit, bound: bound, calls: calls, nested: nested})
		}
	}
	return out
}

// adapted returns the function an argument passes, through a conversion
// to a function type of the package (HandlerFunc(s.route)), with the
// methods of that type that call their receiver (Serve, whose body is
// f(r)): a call of the parameter's Serve runs the function.
func (r *Result) adapted(arg ast.Expr) (ast.Expr, []string) {
	conv, ok := astutil.Unparen(arg).(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 {
		return arg, nil
	}
	tv, ok := r.pass.TypesInfo.Types[conv.Fun]
	if !ok || !tv.IsType() {
		return arg, nil
	}
	named, ok := types.Unalias(tv.Type).(*types.Named)
	if !ok || named.Obj().Pkg() != r.pass.Pkg {
		return arg, nil
	}
	if _, isSig := named.Underlying().(*types.Signature); !isSig {
		return arg, nil
	}
	var methods []string
	for m := range named.Methods() {
		if mf := r.ix.Decl(m); mf != nil && len(r.recvCalls(mf)) > 0 {
			methods = append(methods, m.Name())
		}
	}
	return conv.Args[0], methods
}

// recvCalls returns the calls of a method of a function type that call
// its receiver: f(r) in func (f HandlerFunc) Serve(r *Request).
func (r *Result) recvCalls(mf *funcs.Func) []*ast.CallExpr {
	fd, ok := mf.Node.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 || fd.Body == nil {
		return nil
	}
	recv := r.pass.TypesInfo.Defs[fd.Recv.List[0].Names[0]]
	var out []*ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if id, ok := astutil.Unparen(n.Fun).(*ast.Ident); ok && recv != nil && r.pass.TypesInfo.Uses[id] == recv {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// methodValueRecv returns x of a method value x.m of a concrete type, or
// nil.
func (r *Result) methodValueRecv(e ast.Expr) ast.Expr {
	sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := r.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.MethodVal || types.IsInterface(s.Recv()) {
		return nil
	}
	return sel.X
}

// boundAcqs returns the locks of a method value's method: those of its
// receiver rooted at the call's argument i (boundRoot+i, which mapRef
// maps onto x of the argument x.m), the others known by their class only.
func boundAcqs(acqs []Acq, i int) []Acq {
	root := boundRoot + itoa(i)
	var out []Acq
	for _, a := range acqs {
		if a.Once || a.cond != nil || a.Class == "" || lockset.LocalClass(a.Class) {
			continue
		}
		if a.Ref.Root != "recv" {
			out = append(out, classOnly([]Acq{a})...)
			continue
		}
		a.Ref.Root = root
		var rel []lockset.LockRef
		for _, l := range a.Released {
			if l.Root == "recv" {
				l.Root = root
				rel = append(rel, l)
			}
		}
		a.Released, a.released = rel, nil
		out = append(out, a)
	}
	return out
}

// classOnly returns the locks of a function passed by name, method
// expression or method value, known by their class only: they are taken
// on what the callee hands it, which the caller cannot name. Package
// variables' locks keep their names.
func classOnly(acqs []Acq) []Acq {
	var out []Acq
	for _, a := range acqs {
		if a.Once || a.Class == "" || lockset.LocalClass(a.Class) {
			continue
		}
		if a.Ref.Root == "recv" || (a.Ref.Root != "" && a.Ref.Root[0] >= '0' && a.Ref.Root[0] <= '9') {
			a.Ref = lockset.LockRef{Mode: a.Ref.Mode}
			a.Released, a.released, a.key = nil, nil, lockset.Key{}
		}
		out = append(out, a)
	}
	return out
}

// heldAtCalls returns the locks callee holds at every call of its i'th
// parameter.
func (r *Result) heldAtCalls(callee *funcs.Func, i int) []lockset.Lock {
	return r.heldAt(r.paramCalls(callee, i, nil, false))
}

// heldAt returns the locks held at every one of calls: for a call in a
// function literal passed to a package function that calls it holding
// locks, those too.
func (r *Result) heldAt(calls []*ast.CallExpr) []lockset.Lock {
	var held []lockset.Lock
	for j, c := range calls {
		at := r.locks.HeldAt(c)
		r.litMu.Lock()
		via := r.litHolds[c]
		r.litMu.Unlock()
		if len(via) > 0 {
			at = append(slices.Clip(at), via...)
		}
		if j == 0 {
			held = slices.Clone(at)
			continue
		}
		held = slices.DeleteFunc(held, func(h lockset.Lock) bool {
			return !slices.ContainsFunc(at, func(o lockset.Lock) bool { return o.Key == h.Key })
		})
	}
	return held
}

// callsParam reports whether fn calls its i'th parameter itself: a call
// of it in fn's body, not in a go statement or a function literal.
func (r *Result) callsParam(fn *funcs.Func, i int) bool {
	return len(r.paramCalls(fn, i, nil, false)) > 0
}

// paramCalls returns the calls of fn's i'th parameter in fn's body (p(),
// or p.M() for M among methods), not in a go statement, nor in a
// function literal unless lits.
func (r *Result) paramCalls(fn *funcs.Func, i int, methods []string, lits bool) []*ast.CallExpr {
	var ft *ast.FuncType
	var body *ast.BlockStmt
	switch n := fn.Node.(type) {
	case *ast.FuncDecl:
		ft, body = n.Type, n.Body
	case *ast.FuncLit:
		ft, body = n.Type, n.Body
	}
	if ft == nil || body == nil || ft.Params == nil {
		return nil
	}
	var param types.Object
	k := 0
	for _, f := range ft.Params.List {
		for _, name := range f.Names {
			if k == i {
				param = r.pass.TypesInfo.Defs[name]
			}
			k++
		}
		if len(f.Names) == 0 {
			k++
		}
	}
	if param == nil {
		return nil
	}
	var out []*ast.CallExpr
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			if !lits {
				return false
			}
		case *ast.CallExpr:
			fun := astutil.Unparen(n.Fun)
			if sel, ok := fun.(*ast.SelectorExpr); ok && slices.Contains(methods, sel.Sel.Name) {
				fun = astutil.Unparen(sel.X)
			}
			if id, ok := fun.(*ast.Ident); ok && r.pass.TypesInfo.Uses[id] == param {
				out = append(out, n)
				if lits {
					r.noteLitHolds(fn, n, stack)
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	return out
}

// noteLitHolds records, for a call in a function literal that fn passes
// to a package function of its own (locked(&s.mu, func() { ... })), the
// locks that function holds at every call of the literal, in fn's terms.
func (r *Result) noteLitHolds(fn *funcs.Func, call *ast.CallExpr, stack []ast.Node) {
	r.litMu.Lock()
	_, ok := r.litHolds[call]
	r.litMu.Unlock()
	if ok {
		return
	}
	held := r.litHeld(fn, stack)
	r.litMu.Lock()
	if r.litHolds == nil {
		r.litHolds = make(map[*ast.CallExpr][]lockset.Lock)
	}
	r.litHolds[call] = held
	r.litMu.Unlock()
}

// litHeld returns the locks held around the innermost literal of stack
// by the function it is passed to.
func (r *Result) litHeld(fn *funcs.Func, stack []ast.Node) []lockset.Lock {
	for i := len(stack) - 1; i >= 1; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		outer, ok := stack[i-1].(*ast.CallExpr)
		if !ok || !slices.Contains(outer.Args, ast.Expr(lit)) {
			return nil // the innermost literal is not an argument
		}
		local, obj := r.ix.Callee(outer)
		if local == nil || local == fn {
			return nil
		}
		if _, known := r.m.Lookup(obj); known {
			return nil
		}
		idx := slices.Index(outer.Args, ast.Expr(lit)) - r.argShift(outer)
		var held []lockset.Lock
		for _, h := range r.heldAtCalls(local, idx) {
			if h, ok := r.callersLock(local, outer, h, types.ExprString(outer.Fun)); ok {
				held = append(held, h)
			}
		}
		return held
	}
	return nil
}

// runsBody returns the package function a Runs call (once.Do(f)) runs
// on the calling goroutine, or nil.
func (r *Result) runsBody(call *ast.CallExpr, e model.Entry) *funcs.Func {
	if !e.Is(model.Runs) || e.Body < 0 || e.Body >= len(call.Args) {
		return nil
	}
	body, _ := r.ix.Resolve(call.Args[e.Body])
	return body
}

// runs returns the locks the body a Runs call runs takes (once.Do(func()
// { s.load() })): those of a literal's captured variables and package
// variables (the body has no receiver or arguments of the call's).
func (r *Result) runs(call *ast.CallExpr, e model.Entry) []Acq {
	body := r.runsBody(call, e)
	if body == nil {
		return nil
	}
	out := capturedOnly(r.acqs[body])
	name := types.ExprString(call.Fun)
	if _, ok := astutil.Unparen(call.Args[e.Body]).(*ast.FuncLit); ok {
		name += "(func literal)"
	}
	if r.boundRecv(call, "") != nil {
		// A method value (once.Do(p.load)): its receiver is p.
		name += "(" + types.ExprString(call.Args[e.Body]) + ")"
		for _, a := range r.acqs[body] {
			if a.Ref.Root == "recv" {
				a.Ref.Root = boundRoot
				a.Released, a.released = nil, nil
				out = append(out, a)
			}
		}
	}
	return r.prefix(call, out, name)
}

// boundRoot roots a lock of the receiver a Runs call's method value is
// bound to (see boundRecv).
const boundRoot = "(bound)"

// boundRecv returns p of the method value p.load a Runs call runs
// (once.Do(p.load)), or, with an argument index, the one the call passes
// there (s.locked(s.flush), s.track(HandlerFunc(s.route))); else nil.
func (r *Result) boundRecv(call *ast.CallExpr, index string) ast.Expr {
	if index != "" {
		i, err := strconv.Atoi(index)
		if err != nil || i >= len(call.Args) {
			return nil
		}
		f, _ := r.adapted(call.Args[i])
		return r.methodValueRecv(f)
	}
	_, obj := r.ix.Callee(call)
	e, ok := r.m.Lookup(obj)
	if !ok || !e.Is(model.Runs) || e.Body < 0 || e.Body >= len(call.Args) {
		return nil
	}
	sel, ok := astutil.Unparen(call.Args[e.Body]).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := r.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
		return nil
	}
	return sel.X
}

// remote returns the set of a function of another package, or of this
// package by object.
func (r *Result) remote(obj *types.Func) []Acq {
	obj = obj.Origin()
	if obj.Pkg() == r.pass.Pkg {
		return r.acqs[r.ix.Decl(obj)]
	}
	var f MayLock
	if r.pass.ImportObjectFact(obj, &f) {
		return f.Locks
	}
	return nil
}

func (r *Result) prefix(call *ast.CallExpr, acqs []Acq, name string) []Acq {
	if len(acqs) == 0 {
		return nil
	}
	if _, lit := astutil.Unparen(call.Fun).(*ast.FuncLit); lit && name == "" {
		name = "the func literal" // func() { ... }() or a deferred one
	} else if name == "" {
		name = r.callName(call)
	}
	step := Step{Name: name, Pos: r.pos(call.Pos())}
	out := make([]Acq, 0, len(acqs))
	for _, a := range acqs {
		if len(a.Chain) >= reach.MaxChain {
			continue
		}
		a.Chain = append([]Step{step}, a.Chain...)
		out = append(out, a)
	}
	return out
}

// formatted returns the locks the String or Error methods of a Formats
// call's arguments take, with Root the argument's index.
func (r *Result) formatted(call *ast.CallExpr) []Acq {
	if call.Ellipsis.IsValid() {
		return nil // f(format, args...): the values are not seen
	}
	var out []Acq
	for i, arg := range call.Args {
		t := r.pass.TypesInfo.TypeOf(arg)
		if t == nil || types.IsInterface(t) {
			continue
		}
		m := r.stringer(t)
		if m == nil {
			continue
		}
		for _, a := range r.remote(m) {
			if a.Ref.Root == "recv" {
				a.Ref.Root = itoa(i) // the argument is the receiver
			}
			if len(a.Chain) >= reach.MaxChain-1 {
				continue
			}
			a.Chain = append([]Step{{Name: types.ExprString(call.Fun), Pos: r.pos(call.Pos())},
				{Name: model.Name(m, r.pass.Pkg) + " on " + types.ExprString(arg)}}, a.Chain...)
			a.Released, a.released = nil, nil
			out = append(out, a)
		}
	}
	return out
}

// formattedDeps returns the functions of the package whose sets a
// Formats call's depend on: the String and Error methods of its
// arguments.
func (r *Result) formattedDeps(call *ast.CallExpr) []*funcs.Func {
	var deps []*funcs.Func
	for _, arg := range call.Args {
		t := r.pass.TypesInfo.TypeOf(arg)
		if t == nil || types.IsInterface(t) {
			continue
		}
		if m := r.stringer(t); m != nil && m.Pkg() == r.pass.Pkg {
			if d := r.ix.Decl(m); d != nil {
				deps = append(deps, d)
			}
		}
	}
	return deps
}

// dispatchDeps returns the implementations of an interface method of
// the package, when dispatch follows them.
func (r *Result) dispatchDeps(call *ast.CallExpr, m *types.Func) []*funcs.Func {
	var deps []*funcs.Func
	for _, n := range r.dispatchImpls(call, m) {
		if fn := implMethod(r.pass.Pkg, n, m); fn != nil {
			if d := r.ix.Decl(fn); d != nil {
				deps = append(deps, d)
			}
		}
	}
	return deps
}

// dispatchImpls returns the package's implementations of the interface
// a call of m is made on: none when m is not an interface method or more
// than maxImpls implement it. That interface, not the one declaring m:
// a checksum's Write may be io.Writer's method, which more types
// implement than checksums.
func (r *Result) dispatchImpls(call *ast.CallExpr, m *types.Func) []*types.Named {
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	iface, ok := recv.Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if t := r.pass.TypesInfo.TypeOf(sel.X); t != nil {
			if i, ok := t.Underlying().(*types.Interface); ok {
				iface = i
			}
		}
	}
	impls := r.implementations(iface)
	if len(impls) > 1 && r.anyLocks(impls, m) {
		// Which of them the call can reach is asked on SSA, and only
		// when it matters: some implementation locks.
		if stored, ok := r.storedTypes(call); ok {
			impls = slices.DeleteFunc(slices.Clone(impls), func(n *types.Named) bool { return !stored[n] })
		}
	}
	if len(impls) > maxImpls {
		return nil
	}
	return impls
}

// anyLocks reports whether the method m of some of the types takes a
// lock, as far as is known yet.
func (r *Result) anyLocks(impls []*types.Named, m *types.Func) bool {
	for _, n := range impls {
		if fn := implMethod(r.pass.Pkg, n, m); fn != nil && len(r.remote(fn)) > 0 {
			return true
		}
	}
	return false
}

// storedTypes returns, for a call through an unexported interface field
// of the package (s.owner.remove(s)), the named types of the values the
// package stores in that field: nothing else can be in it, whatever
// else implements the interface (a test's fake, another owner).
func (r *Result) storedTypes(call *ast.CallExpr) (map[*types.Named]bool, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || r.cf == nil {
		return nil, false
	}
	inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fsel := r.pass.TypesInfo.Selections[inner]
	if fsel == nil || fsel.Kind() != types.FieldVal || fsel.Obj().Exported() || fsel.Obj().Pkg() != r.pass.Pkg {
		return nil, false
	}
	prog := r.cf.Program()
	c := prog.CallAt(call.Lparen)
	if c == nil || !c.Common().IsInvoke() {
		return nil, false
	}
	fa := loadedField(c.Common().Value)
	if fa == nil {
		return nil, false
	}
	class := prog.Of(fa).Class
	if class == "" {
		return nil, false
	}
	out := make(map[*types.Named]bool)
	for _, st := range prog.FieldStores(class) {
		if k, ok := st.Val.(*ssa.Const); ok && k.IsNil() {
			continue
		}
		mi, ok := st.Val.(*ssa.MakeInterface)
		if !ok {
			return nil, false
		}
		n, ok := types.Unalias(derefType(mi.X.Type())).(*types.Named)
		if !ok {
			return nil, false
		}
		out[n.Origin()] = true
	}
	return out, len(out) > 0
}

// implMethod returns n's method m (through a pointer), or nil.
func implMethod(pkg *types.Package, n *types.Named, m *types.Func) *types.Func {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, pkg, m.Name())
	fn, _ := obj.(*types.Func)
	return fn
}

// stringer returns the method fmt calls on a value of type t: Error,
// else String, if t's method set has it with the right signature.
// argMethods returns the locks a CallsMethods call (heap.Push(q, x))
// takes through the methods it calls on its argument, named relative to
// the call with the argument's index as root, as for a Formats call.
func (r *Result) argMethods(call *ast.CallExpr, e model.Entry) []Acq {
	var out []Acq
	for _, m := range r.argMethodFuncs(call, e) {
		for _, a := range r.remote(m) {
			if a.Ref.Root == "recv" {
				a.Ref.Root = itoa(e.Body) // the argument is the receiver
			}
			if len(a.Chain) >= reach.MaxChain-1 {
				continue
			}
			a.Chain = append([]Step{{Name: types.ExprString(call.Fun), Pos: r.pos(call.Pos())},
				{Name: model.Name(m, r.pass.Pkg) + " on " + types.ExprString(call.Args[e.Body])}}, a.Chain...)
			a.Released, a.released = nil, nil
			out = append(out, a)
		}
	}
	return out
}

// argMethodFuncs returns the methods a CallsMethods call calls on its
// argument, for the argument's static type (not an interface).
func (r *Result) argMethodFuncs(call *ast.CallExpr, e model.Entry) []*types.Func {
	if e.Body < 0 || e.Body >= len(call.Args) || e.Methods == "" {
		return nil
	}
	t := r.pass.TypesInfo.TypeOf(call.Args[e.Body])
	if t == nil || types.IsInterface(t) {
		return nil
	}
	ms := r.msets.MethodSet(t)
	var out []*types.Func
	for _, name := range strings.Split(e.Methods, ",") {
		if sel := ms.Lookup(r.pass.Pkg, name); sel != nil {
			if fn, ok := sel.Obj().(*types.Func); ok {
				out = append(out, fn)
			}
		}
	}
	return out
}

func (r *Result) stringer(t types.Type) *types.Func {
	if _, ok := types.Unalias(t).(*types.Basic); ok {
		return nil // fast path: the common argument, without methods
	}
	ms := r.msets.MethodSet(t)
	for _, name := range []string{"Error", "String"} {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			continue
		}
		fn, ok := sel.Obj().(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 {
			if b, ok := sig.Results().At(0).Type().(*types.Basic); ok && b.Kind() == types.String {
				return fn
			}
		}
	}
	return nil
}

// maxImpls bounds the implementations a call through an interface is
// followed into.
const maxImpls = 3

// dispatch returns the locks that every implementation in the package
// of an interface method declared in the package takes.
func (r *Result) dispatch(call *ast.CallExpr, m *types.Func) []Acq {
	if m.Pkg() != r.pass.Pkg {
		return nil
	}
	impls := r.dispatchImpls(call, m)
	if len(impls) == 0 {
		return nil
	}
	var common []Acq
	var via string
	for i, n := range impls {
		fn := implMethod(r.pass.Pkg, n, m)
		if fn == nil {
			return nil
		}
		acqs := r.remote(fn)
		if i == 0 {
			common = slices.Clone(acqs)
			via = model.Name(fn, r.pass.Pkg)
			continue
		}
		common = slices.DeleteFunc(common, func(a Acq) bool {
			return !slices.ContainsFunc(acqs, func(b Acq) bool { return b.Ref == a.Ref && b.Class == a.Class })
		})
	}
	name := types.ExprString(call.Fun)
	if len(impls) == 1 {
		name += " (implemented by " + via + ")"
	} else {
		name += fmt.Sprintf(" (implemented by %s and %d more)", via, len(impls)-1)
	}
	return r.prefix(call, common, name)
}

// implementations returns the named non-interface types of the package
// whose values or pointers implement iface.
func (r *Result) implementations(iface *types.Interface) []*types.Named {
	r.implsMu.Lock()
	defer r.implsMu.Unlock()
	if r.impls == nil {
		r.impls = make(map[*types.Interface][]*types.Named)
	}
	if impls, ok := r.impls[iface]; ok {
		return impls
	}
	var impls []*types.Named
	for _, n := range model.DeclaredTypes(r.pass.Pkg) {
		if types.IsInterface(n) {
			continue
		}
		if types.Implements(n, iface) || types.Implements(types.NewPointer(n), iface) {
			impls = append(impls, n)
		}
	}
	r.impls[iface] = impls
	return impls
}

// mapAcq maps a callee's lock (relative to the callee, or to a Formats
// call's arguments) onto the caller.
func (r *Result) mapAcq(fn *funcs.Func, call *ast.CallExpr, a Acq) (Site, bool) {
	s, ok := r.mapLock(call, a)
	if !ok {
		return Site{}, false
	}
	s.Chain = a.Chain
	if _, _, ok := r.locks.LockerArg(call, a.Ref); ok && len(s.Chain) > 0 {
		s.Chain = slices.Clone(s.Chain)
		lockerName(s.Chain, r.locks, call, a.Ref, s.Name)
	}
	s.Released = r.mapReleased(call, a)
	return s, true
}

// lockerName renames the lock operation that ends chain, when it locks a
// sync.Locker parameter the call passes a lock for (l.Lock() in
// withLock(&s.mu, f)), after that lock: name.
func lockerName(chain []Step, locks *lockset.Result, call *ast.CallExpr, ref lockset.LockRef, name string) {
	if _, mode, ok := locks.LockerArg(call, ref); ok && len(chain) > 0 && chain[len(chain)-1].Lock {
		chain[len(chain)-1].Name = name
		chain[len(chain)-1].Mode = mode
	}
}

// mapLock is mapAcq without the chain and the released locks.
func (r *Result) mapLock(call *ast.CallExpr, a Acq) (Site, bool) {
	if r.failsAt(call, a.cond) {
		return Site{}, false
	}
	s := Site{Mode: a.Ref.Mode, Class: a.Class, Guarded: a.Guarded, Once: a.Once, Lazy: a.lazy}
	switch {
	case a.Ref.Root != "":
		k, name, ok := r.mapRef(call, a.Ref)
		if ok {
			// z.topo.mu, z a child of t whose topo is t: t.mu.
			s.Key, s.Name = r.locks.Canon(k), name
			if _, mode, ok := r.locks.LockerArg(call, a.Ref); ok {
				s.Mode = mode // a Locker given s.mu.RLocker()
			}
		} else if lockset.LocalClass(a.Class) {
			return Site{}, false
		}
	case !a.key.IsZero():
		s.Key = a.key
	}
	if s.Name == "" {
		s.Name = a.Chain[len(a.Chain)-1].Name
	}
	if !s.Key.IsZero() && !lockset.LocalClass(r.locks.OrderClass(s.Key)) {
		// The caller's path names the lock, unless it goes through an
		// interface (c.out.q.mu, with out an interface): then the order
		// class falls back to the whole path, and the callee's own class
		// ("(T).mu") is the better name.
		// Nor does a path that selects the lock of an interface value
		// (o.Changed() implemented by (*Cache).Changed, which locks
		// c.mu: o.mu names no field).
		if oc := r.locks.OrderClass(s.Key); s.Class == "" || !wholePath(oc) && !r.locks.ThroughInterface(s.Key) {
			s.Class = oc
		}
	}
	if s.Class == "" {
		return Site{}, false
	}
	return s, true
}

// mapReleased maps the locks a callee's lock a is taken after releasing
// onto the call, with those the caller releases for the call.
func (r *Result) mapReleased(call *ast.CallExpr, a Acq) []lockset.KeyMode {
	var out []lockset.KeyMode
	for _, ref := range a.Released {
		if k, _, ok := r.mapRef(call, ref); ok {
			out = append(out, lockset.KeyMode{Key: k, Mode: ref.Mode})
		}
	}
	out = append(out, a.released...)
	return append(out, r.locks.ReleasedAt(call)...)
}

// mapRef maps a reference onto the call: a Formats call's argument
// index names the argument itself, not the callee's parameter.
func (r *Result) mapRef(call *ast.CallExpr, ref lockset.LockRef) (lockset.Key, string, bool) {
	if strings.HasPrefix(ref.Root, boundRoot) {
		x := r.boundRecv(call, ref.Root[len(boundRoot):])
		if x == nil {
			return lockset.Key{}, "", false
		}
		k, name, ok := r.locks.Path(x)
		if !ok {
			return lockset.Key{}, "", false
		}
		return k.Extend(ref.Fields), name + ref.Fields, true
	}
	if r.formats(call) {
		if ref.Root != "" && ref.Root[0] >= '0' && ref.Root[0] <= '9' {
			i := 0
			for _, c := range ref.Root {
				if c < '0' || c > '9' {
					return lockset.Key{}, "", false
				}
				i = i*10 + int(c-'0')
			}
			if i >= len(call.Args) {
				return lockset.Key{}, "", false
			}
			k, name, ok := r.locks.Path(call.Args[i])
			if !ok {
				return lockset.Key{}, "", false
			}
			return k.Extend(ref.Fields), name + ref.Fields, true
		}
	}
	return r.locks.MapRef(call, ref)
}

func (r *Result) pos(p token.Pos) string { return reach.PosString(r.pass.Fset, p) }

func itoa(i int) string { return fmt.Sprint(i) }

// Describe renders a chain after its first call: "by calling s.get,
// which locks s.mu at b.go:30".
func Describe(chain []Step) string {
	var sb strings.Builder
	for i, s := range chain {
		if i == 0 {
			if s.Lock {
				return ""
			}
			sb.WriteString("by calling " + s.Name)
			continue
		}
		sb.WriteString(", which ")
		switch {
		case s.Once:
			sb.WriteString("calls " + s.Name)
		case s.Lock && s.Mode == model.Shared:
			sb.WriteString("read-locks " + s.Name)
		case s.Lock:
			sb.WriteString("locks " + s.Name)
		case s.Pos == "":
			sb.WriteString("calls " + s.Name)
		default:
			sb.WriteString("calls " + s.Name)
		}
		if s.Pos != "" {
			sb.WriteString(" at " + s.Pos)
		}
	}
	return sb.String()
}

// wholePath reports whether an order class is a path of several fields
// from a type ("(T).a.b.mu"), OrderClass's fallback, rather than a field
// of the type that declares it ("(T).mu").
func wholePath(class string) bool {
	i := strings.Index(class, ").")
	return i >= 0 && strings.Contains(class[i+2:], ".")
}

// Reachable returns the functions of the package that roots may call,
// roots included: through the calls locks propagate through (plain
// calls, interface calls the package implements, fmt's String and Error
// calls, calls of function values). Go statements are not calls.
func (r *Result) Reachable(roots []*funcs.Func) map[*funcs.Func]bool {
	if r.callees == nil {
		r.callees = make(map[*funcs.Func][]*funcs.Func)
		for callee, edges := range r.callGraph(false, true).callers {
			for _, e := range edges {
				r.callees[e.caller] = append(r.callees[e.caller], callee)
			}
		}
	}
	return graph.Closure(roots, func(fn *funcs.Func) []*funcs.Func { return r.callees[fn] })
}

// A LazyInit is a field of a package variable that a function sets
// lazily: it takes a lock only when it found the field nil (w :=
// writer.Load(); if w == nil { w = writer.StoreIfNil(newConsoleWriter())
// }, where Load returns writer.writer under a read lock, and StoreIfNil
// takes the write lock). A caller that has set the field, with no
// goroutine that may set it again meanwhile, does not take the lock.
type LazyInit struct {
	Var   *types.Var // the package variable
	Field *types.Var // its field
}

// lazyGuard returns the lazily set field under whose nil test fn makes
// call, or nil: call is in the body of an if whose condition is x ==
// nil, x a local variable fn sets once, to v.F or to v.M() for a method
// of the package that returns v's F, v a package variable.
func (r *Result) lazyGuard(fn *funcs.Func, call *ast.CallExpr) *LazyInit {
	info := r.pass.TypesInfo
	path, _ := astutil.PathEnclosingInterval(fn.File, call.Pos(), call.End())
	for i, n := range path {
		if n == fn.Node {
			break
		}
		is, ok := n.(*ast.IfStmt)
		if !ok || i == 0 || path[i-1] != is.Body {
			continue
		}
		b, ok := ast.Unparen(is.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL {
			continue
		}
		x, y := ast.Unparen(b.X), ast.Unparen(b.Y)
		if info.Types[x].IsNil() {
			x, y = y, x
		}
		if !info.Types[y].IsNil() {
			continue
		}
		if lz := r.lazyField(fn, x, is.Pos()); lz != nil {
			return lz
		}
	}
	return nil
}

// lazyField returns the field of a package variable that e, tested at
// the if at ifPos, reads: v.F, v.M() for a method that returns its
// receiver's F, or a local variable declared as one of those and not
// assigned again before the if.
func (r *Result) lazyField(fn *funcs.Func, e ast.Expr, ifPos token.Pos) *LazyInit {
	info := r.pass.TypesInfo
	if id, ok := e.(*ast.Ident); ok {
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Parent() == nil || v.Parent() == r.pass.Pkg.Scope() {
			return nil
		}
		var init ast.Expr
		again := false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					lid, ok := ast.Unparen(l).(*ast.Ident)
					if !ok || (info.Defs[lid] != v && info.Uses[lid] != v) {
						continue
					}
					if n.Tok == token.DEFINE && info.Defs[lid] == v && len(n.Lhs) == len(n.Rhs) && init == nil {
						init = n.Rhs[i]
					} else if n.Pos() < ifPos {
						again = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if xid, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[xid] == v {
						again = true // its address taken
					}
				}
			}
			return true
		})
		if init == nil || again {
			return nil
		}
		e = ast.Unparen(init)
	}
	pkgVar := func(x ast.Expr) *types.Var {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Pkg() != r.pass.Pkg || v.Parent() != r.pass.Pkg.Scope() {
			return nil
		}
		return v
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if v := pkgVar(e.X); v != nil {
			if f, ok := info.Uses[e.Sel].(*types.Var); ok && f.IsField() {
				return &LazyInit{Var: v, Field: f}
			}
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || len(e.Args) != 0 {
			return nil
		}
		v := pkgVar(sel.X)
		m, _ := info.Uses[sel.Sel].(*types.Func)
		if v == nil || m == nil {
			return nil
		}
		if f := r.returnsField(m); f != nil {
			return &LazyInit{Var: v, Field: f}
		}
	}
	return nil
}

// method returns the declaration of the package's method m with a body
// and its named receiver, or nil.
func (r *Result) method(m *types.Func) (*funcs.Func, types.Object) {
	d := r.ix.Decl(m)
	if d == nil || d.Body == nil {
		return nil, nil
	}
	decl, ok := d.Node.(*ast.FuncDecl)
	if !ok || decl.Recv == nil || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 {
		return nil, nil
	}
	return d, r.pass.TypesInfo.Defs[decl.Recv.List[0].Names[0]]
}

// returnsField returns the field of its receiver that the method m of
// the package returns on every path (return w.writer), or nil.
func (r *Result) returnsField(m *types.Func) *types.Var {
	d, recv := r.method(m)
	if d == nil {
		return nil
	}
	var field *types.Var
	ok := true
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			sel, isSel := ast.Unparen(n.Results[0]).(*ast.SelectorExpr)
			if !isSel {
				ok = false
				return false
			}
			id, isID := ast.Unparen(sel.X).(*ast.Ident)
			f, isVar := r.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
			if !isID || r.pass.TypesInfo.Uses[id] != recv || !isVar || !f.IsField() || field != nil && f != field {
				ok = false
				return false
			}
			field = f
		}
		return ok
	})
	if !ok {
		return nil
	}
	return field
}

// SetsField reports whether the method m of the package stores its
// parameter in its receiver's field f (w.writer = v), on its way.
func (r *Result) SetsField(m *types.Func, f *types.Var) bool {
	d, recv := r.method(m)
	if d == nil {
		return false
	}
	info := r.pass.TypesInfo
	params := make(map[types.Object]bool)
	for _, fl := range d.Type.Params.List {
		for _, n := range fl.Names {
			params[info.Defs[n]] = true
		}
	}
	found := false
	for _, st := range d.Body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
		if !ok || info.Uses[sel.Sel] != f {
			continue
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		val, isID := ast.Unparen(as.Rhs[0]).(*ast.Ident)
		if ok && isID && info.Uses[id] == recv && params[info.Uses[val]] {
			found = true
		}
	}
	return found
}
