// Package lockset computes, for each function of a package, which sync
// locks are certainly held at each call and channel operation, and
// exports facts for functions that return with a lock held (Acquires) or
// that release a lock they did not take (Releases), so that helpers like
// s.lockState() count at their callers, in any package.
//
// # The analysis
//
// A forward dataflow over the function's control-flow graph
// (golang.org/x/tools/go/cfg), built only for the functions that take or
// release a lock; the paths after panic and the model's Exits calls
// (os.Exit, log.Fatal, t.Fatal, ...) are dead. The lock sets stay on the
// AST's CFG because their users report on syntax (nodes, suggested
// fixes); questions about values (which lock, channel or field this is,
// who else touches it) are answered on SSA by passes/refs, built one
// package at a time under go vet (about the cost of today's suite on
// std), not by this package. The ctrlflow pass is not used:
// it builds and keeps a CFG for every function of every package (1.5 GB
// on std), for a no-return analysis the model's table covers well enough
// here (a missed no-return call only adds a path, which can only make a
// lock less certainly held).
//
// It is a must analysis: at a merge, a lock counts as held only if it is
// held on every incoming path. Precision comes first: a lock unlocked on
// some paths only is not held after the merge, and a check built on it
// stays silent rather than guess.
//
// What a lock is: a path from a variable through field selections,
// through pointers (s.mu, s.inner.mu, (*p).mu, pkg.mu), with embedded
// mutexes spelled out (s.Lock() on a struct embedding sync.Mutex holds
// s.Mutex). Two expressions denote the same lock when they have the same
// path; an expression with an index or a call in it is not tracked, and
// neither is a lock reached through a pointer to it (mu := &s.mu holds
// mu, not s.mu). A local variable assigned another (cur := n) names the
// locks held through that one too, as long as both keep their values:
// releasing it by either name releases it. A variable assigned a new value no
// longer names the locks held through it (n.mu.Lock(); n = n.next: n.mu
// now names another lock), and they are no longer counted. RWMutex read
// and write modes are distinct locks: RUnlock releases the read lock,
// Unlock the write lock. A Lock or Unlock through a sync.Locker is on
// the Locker's own path (LockOp.Iface: what it locks is not known),
// except through the L of a sync.Cond that the package binds, in every
// assignment to that variable or unexported field, to the same lock of
// the same value: sync.NewCond(&s.mu) (s.cond.L.Lock() locks s.mu) or
// sync.NewCond(s.mu.RLocker()) (it read-locks s.mu); or through a local
// variable the file assigns once, from &s.mu or s.mu.RLocker(). A
// function's sync.Locker parameter is, at a call, the lock the call
// passes: withLock(&s.mu, f) locks s.mu, withLock(s.mu.RLocker(), f)
// read-locks it (LockerArg).
//
// What changes the lock set: the model's sync lock operations (Locks and
// Unlocks entries that are not Suspending: the runtime's own Mutex and
// RWMutex are meant to be held across suspension points and are not
// tracked); TryLock only on the branch where it returned true (when it is
// the condition itself, possibly negated; otherwise not tracked); calls of
// functions with an Acquires or Releases summary, this package's or
// another's. A deferred unlock does not release in the body: it runs at
// exit. Calls through interfaces or function values are unknown: they are
// assumed to leave the locks alone. Function literals are functions of
// their own, which start with no lock held; go statements do not run on
// the caller's goroutine, but a lock the started function may release is
// handed over to it, and no longer counts as held.
//
// Besides the locks certainly held, the analysis records the locks that
// may have been taken before a channel operation, a close or a
// WaitGroup.Done (TakenBefore): maywait asks it whether the goroutine that
// would end a wait needs a lock first.
//
// For the deadlock checks (doublelock, lockorder, lockleak), it also
// records every lock operation with the locks held and released before it
// (LockOps), every release (UnlockOps), the locks released before each
// call (ReleasedAt), and each walked function's flow, whose Exits are the
// returns, branches and panics reached with a lock held, and whose After
// follows the paths out of a break or continue. OrderClass names a lock
// by the type that declares its field, for lock-order questions (a
// local that always holds an element of a map or slice field, by the
// field's elements). HeldOnEntry lists the locks a function releases on
// every path without taking them: its caller holds them.
//
// # Facts
//
// A named function that returns, on every path, with a lock it took and
// did not defer the release of, gets Acquires; one that unlocks, on every
// path, a lock it did not take, gets Releases. The locks are named
// relative to the function: "recv.mu" (the receiver's field mu), "0.mu"
// (the first parameter's field mu), "pkg/path.mu" (a package variable).
// At a call, they are mapped onto the receiver and argument expressions.
//
// # Cost
//
// The pass does nothing in a package that neither imports sync nor sees a
// lock fact from a dependency, and walks only the functions that make a
// lock call or call a function with a summary.
package lockset

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/model"
)

// LockRef names a lock relative to a function: Root is "recv" (the
// receiver), a parameter index ("0", "1", ...), "result" (the one
// result, for a function that returns with a lock of it held), or the
// import path and
// name of a package variable ("example.com/p.mu"); Fields are the field
// selections from it (".mu", ".inner.mu", "" for the root itself).
type LockRef struct {
	Root   string
	Fields string
	Mode   model.LockMode
}

func (r LockRef) String() string {
	s := r.Root + r.Fields
	if r.Mode == model.Shared {
		s += " (read)"
	}
	return s
}

// Acquires is the fact on a function that returns with locks held that it
// took.
type Acquires struct{ Locks []LockRef }

func (*Acquires) AFact() {}

func (a *Acquires) String() string { return "acquires " + refsString(a.Locks) }

// Releases is the fact on a function that releases locks it did not
// take: Locks on every path, Maybe on some paths only. A caller holding
// one of them does not hold it across the call (the callee may wait after
// releasing it, as sync.Cond.Wait does), nor, for Maybe, after it unless
// the function also Acquires it.
type Releases struct{ Locks, Maybe []LockRef }

func (*Releases) AFact() {}

func (r *Releases) String() string {
	var parts []string
	if r.Locks != nil {
		parts = append(parts, "releases "+refsString(r.Locks))
	}
	if r.Maybe != nil {
		parts = append(parts, "maybe releases "+refsString(r.Maybe))
	}
	return strings.Join(parts, "; ")
}

func refsString(refs []LockRef) string {
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}

// Key identifies a lock within a package: the variable its path starts
// at (or the qualified name of a package variable) and the field path.
type Key struct {
	root   types.Object
	global string
	fields string
	elem   bool // global is the class of an element of a map or slice field (elems.go)
}

// Lock is a lock held at a point.
type Lock struct {
	Key  Key
	Mode model.LockMode
	// Name is how messages name the lock: "s.mu", "mu", "pkg.mu".
	Name string
	// Pos is where it was locked: the Lock call, or the call of the
	// helper that took it.
	Pos token.Pos
	// Via names the helper that took it ("(*Store).lockState"), or "".
	Via string
	// Class identifies the lock across functions and packages (see
	// Class).
	Class string
	// Order identifies the lock for lock-order questions (see
	// OrderClass): the type that declares its last field and the field,
	// "(example.com/p.T).mu", whichever path reaches it.
	Order string
	// of is, for the same lock held through another variable assigned
	// the one it was locked through (expected = next), the id of the
	// lock as taken; zero otherwise. Releasing either releases both.
	of lockID
}

func (l Lock) id() lockID { return lockID{l.Key, l.Mode} }

// origin returns the id of the lock as taken: l's own, or the one l is
// an alias of.
func (l Lock) origin() lockID {
	if l.of != (lockID{}) {
		return l.of
	}
	return l.id()
}

type lockID struct {
	key  Key
	mode model.LockMode
}

// Result gives the locks held at the calls and channel operations of the
// package's functions.
type Result struct {
	held map[ast.Node][]Lock
	// handed are the locks a go statement's call hands to the goroutine.
	handed map[*ast.CallExpr][]Lock
	// entering are the locks held when a call starts, where the callee
	// may release some of them (held leaves those out).
	entering map[*ast.CallExpr][]Lock
	funcs    map[*funcs.Func]bool
	taken    map[*funcs.Func][]string
	before   map[ast.Node][]string
	bind     func() *bindings // computed once, on first use: few packages wait on a Cond
	pass     *analysis.Pass
	ix       *funcs.Index
	m        *model.Model
	an       *analysis_
	walked   map[*funcs.Func]bool // the functions that take or release a lock
	links    map[linkKey]bool     // backPointer's
	owners   map[*types.Var]elemOwner
	aliases  map[*types.Var]lockAlias // lockAliasOf's
	canon    map[Key]Key              // Canon's answers
	byPos    []*funcs.Func            // enclosingBody's: ix.Funcs by position
	memo     sync.Mutex               // guards links, owners, aliases, canon and byPos
	ops                               // lock operations and exits, for the deadlock checks (ops.go)
}

// Any reports whether a sync lock is held anywhere in the package.
func (r *Result) Any() bool { return len(r.held) > 0 }

// HeldAt returns the sync locks certainly held at n, in the order they
// were taken, or nil. n is a call (before its own effect), a channel send
// or receive, a select (held when its cases are evaluated) or a range over
// a channel (held at the head of each iteration).
func (r *Result) HeldAt(n ast.Node) []Lock { return r.held[n] }

// HandedAt returns the locks held before a go statement that its
// goroutine may release (go s.flush(), where flush unlocks s.mu): they
// are the goroutine's to release, and no longer held after it.
func (r *Result) HandedAt(call *ast.CallExpr) []Lock { return r.handed[call] }

// HeldEntering returns the sync locks certainly held when call starts:
// HeldAt's, and those the callee may release (a helper that unlocks
// when its caller asks it to).
func (r *Result) HeldEntering(call *ast.CallExpr) []Lock {
	if l, ok := r.entering[call]; ok {
		return l
	}
	return r.held[call]
}

// Holds reports whether a sync lock is held somewhere in fn.
func (r *Result) Holds(fn *funcs.Func) bool { return r.funcs[fn] }

// TakenBefore returns the classes of the locks that may have been taken
// before n, on some path from the function's entry (loops included), in
// no particular order. n is a call or channel operation, as for HeldAt.
// A lock held when the function is called is not counted.
func (r *Result) TakenBefore(n ast.Node) []string { return r.before[n] }

// HeldAtAccesses returns the sync locks certainly held at each
// identifier and selector expression of fn where one is, or nil. Unlike
// HeldAt, it is computed on demand, by walking fn again: ask only for the
// functions that matter. A function that takes no lock (itself or through
// a helper) holds none, whatever its callers hold.
func (r *Result) HeldAtAccesses(fn *funcs.Func) map[ast.Node][]Lock {
	if r.an == nil || !r.walked[fn] {
		return nil
	}
	return r.an.collect(fn)
}

// TakesAny reports whether a function of the package takes a sync lock.
func (r *Result) TakesAny() bool { return len(r.taken) > 0 }

// Taken returns the classes of the locks fn takes, itself or through the
// helpers it calls, in no particular order.
func (r *Result) Taken(fn *funcs.Func) []string { return r.taken[fn] }

// Class returns the class of the lock or channel an expression denotes:
// what identifies it across functions. A package variable and the fields
// below it are named by their import path ("example.com/p.mu"); a field
// path from a variable of a named type, by the type
// ("(example.com/p.Conn).mu": the same field of every value of the type);
// any other variable, by its identity within the package. The second
// result is false for an expression that is not a path.
func (r *Result) Class(e ast.Expr) (string, bool) {
	p := pathOf(r.pass, e)
	if p == nil {
		return "", false
	}
	return p.key.class(), true
}

// RecvClass returns the class of the receiver a method call operates on
// (embedded fields spelled out), as Class does for an expression.
func (r *Result) RecvClass(call *ast.CallExpr) (string, bool) {
	p := recvPath(r.pass, call)
	if p == nil {
		return "", false
	}
	return p.key.class(), true
}

// LocalClass reports whether a class names a variable of the package by
// its identity: it means nothing to another package.
func LocalClass(class string) bool { return strings.HasPrefix(class, "var@") }

func (k Key) class() string {
	if k.global != "" {
		return k.global + k.fields
	}
	if k.fields != "" {
		if tn := model.NamedOf(k.root.Type()); tn != nil && tn.Pkg() != nil {
			return "(" + tn.Pkg().Path() + "." + tn.Name() + ")" + k.fields
		}
	}
	return "var@" + strconv.Itoa(int(k.root.Pos())) + k.fields
}

// CondLocks returns the keys of the locks that the sync.Cond whose method
// call is a Wait may be bound to: its L, and the lock given to
// sync.NewCond (or assigned to L) where the package binds it, for the
// same variable or for the same field of values of the same type. Nil if
// none is known.
func (r *Result) CondLocks(wait *ast.CallExpr) []Key {
	if r.bind == nil {
		return nil
	}
	p := recvPath(r.pass, wait)
	if p == nil {
		return nil
	}
	return r.bind().condLocks(r.pass, p, wait)
}

// Unlocks returns the lock that a call of a sync unlock operation
// releases, and its mode.
func (r *Result) Unlocks(call *ast.CallExpr) (Key, model.LockMode, bool) {
	_, obj := r.ix.Callee(call)
	e, ok := r.m.Lookup(obj)
	if !ok || !isSyncLockOp(e) || !e.Is(model.Unlocks) {
		return Key{}, 0, false
	}
	p := recvPath(r.pass, call)
	if p == nil {
		return Key{}, 0, false
	}
	if l, mode, _, ok := condLocker(r.pass, r.bind, call, p); ok {
		return l.key, mode, true
	}
	return p.key, e.Lock, true
}

var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "compute the sync locks certainly held at each call and channel operation, and lock facts for helpers that lock or unlock",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, reach.Analyzer},
	FactTypes:  []analysis.Fact{new(Acquires), new(Releases)},
	ResultType: reflect.TypeFor[*Result](),
}

// sref is a lock in a summary: relative (Root set) or, for a function
// literal's captured variables, absolute.
type sref struct {
	LockRef
	abs  Key
	name string
}

type summary struct {
	acquires []sref
	releases []sref // on every path
	maybe    []sref // on some paths, releases included
	// guards are the releases of maybe made only under a bool
	// parameter (see boolGuard).
	guards map[sref]*boolGuard
}

type analysis_ struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	m      *model.Model
	evs    *reach.Events
	sums   map[*funcs.Func]*summary
	res    *Result
	facts  bool // a dependency has lock facts
	done   map[*funcs.Func]int
	global map[string]string // display names of package variables
	// releasers memoizes releaserRefs; makers, makerOf.
	releasers map[*funcs.Func][]LockRef
	makers    map[makerKey]*ast.CallExpr
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{held: make(map[ast.Node][]Lock), handed: make(map[*ast.CallExpr][]Lock), entering: make(map[*ast.CallExpr][]Lock), funcs: make(map[*funcs.Func]bool),
		taken: make(map[*funcs.Func][]string), before: make(map[ast.Node][]string), pass: pass,
		m: pass.ResultOf[model.Analyzer].(*model.Model), ops: newOps()}
	if model.Describes(pass.Pkg.Path()) {
		return res, nil
	}
	a := &analysis_{
		pass: pass,
		ix:   pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:    pass.ResultOf[model.Analyzer].(*model.Model),
		evs:  pass.ResultOf[reach.Analyzer].(*reach.Events),
		sums: make(map[*funcs.Func]*summary),
		res:  res,
		done: make(map[*funcs.Func]int),

		releasers: make(map[*funcs.Func][]LockRef),
		makers:    make(map[makerKey]*ast.CallExpr),
	}
	res.ix = a.ix
	res.an = a
	res.walked = make(map[*funcs.Func]bool)
	// The cheap gate: only packages that import sync, or that see a lock
	// fact of a dependency, can hold a sync lock.
	importsSync := false
	for _, p := range pass.Pkg.Imports() {
		if p.Path() == "sync" {
			importsSync = true
			break
		}
	}
	a.facts = len(pass.AllObjectFacts()) > 0
	if !importsSync && !a.facts {
		return res, nil
	}
	if importsSync {
		res.bind = sync.OnceValue(func() *bindings { return collectBindings(a) })
	}
	// Summaries bottom-up over the package's call graph, so that a
	// helper's summary is known before its callers are walked.
	for _, fn := range a.ix.Funcs {
		a.visit(fn)
	}
	return res, nil
}

// visit walks fn after the local functions it calls (a cycle is broken
// where it is found: a function being walked has no summary yet).
func (a *analysis_) visit(fn *funcs.Func) {
	if a.done[fn] != 0 {
		return
	}
	a.done[fn] = 1
	relevant := false
	for _, ev := range a.evs.Of(fn) {
		if ev.Call == nil {
			continue
		}
		if ev.Local != nil {
			if _, known := a.m.Lookup(ev.Obj); !known {
				a.visit(ev.Local)
			}
		}
		if !relevant && a.callRelevant(ev) {
			relevant = true
		}
	}
	if !relevant {
		a.done[fn] = 2
		return
	}
	// The functions this one starts with go statements, for the locks
	// they release (see walker.handoff).
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if local, obj := a.ix.Callee(n.Call); local != nil {
				if _, known := a.m.Lookup(obj); !known {
					a.visit(local)
				}
			}
		}
		return true
	})
	a.res.walked[fn] = true
	a.walk(fn)
	a.done[fn] = 2
}

// callRelevant reports whether a call may change the lock set.
func (a *analysis_) callRelevant(ev reach.Event) bool {
	if e, ok := a.m.Lookup(ev.Obj); ok {
		return isSyncLockOp(e)
	}
	return a.summaryOf(ev.Local, ev.Obj) != nil
}

func isSyncLockOp(e model.Entry) bool {
	return (e.Is(model.Locks) || e.Is(model.Unlocks)) && !e.Suspending
}

// summaryOf returns the summary of a callee: a local function's, or the
// facts of another package's.
func (a *analysis_) summaryOf(local *funcs.Func, obj *types.Func) *summary {
	if local != nil {
		return a.sums[local]
	}
	if obj == nil || !a.facts || obj.Pkg() == a.pass.Pkg || funcs.IsInterfaceMethod(obj) {
		return nil
	}
	obj = obj.Origin()
	var s summary
	var acq Acquires
	if a.pass.ImportObjectFact(obj, &acq) {
		for _, r := range acq.Locks {
			s.acquires = append(s.acquires, sref{LockRef: r})
		}
	}
	var rel Releases
	if a.pass.ImportObjectFact(obj, &rel) {
		for _, r := range rel.Locks {
			s.releases = append(s.releases, sref{LockRef: r})
			s.maybe = append(s.maybe, sref{LockRef: r})
		}
		for _, r := range rel.Maybe {
			s.maybe = append(s.maybe, sref{LockRef: r})
		}
	}
	if s.acquires == nil && s.maybe == nil {
		return nil
	}
	return &s
}

// state is the dataflow fact at a point.
type state struct {
	held     []Lock   // must: in the order taken
	deferred []lockID // may: releases deferred to exit
	released []lockID // must: released here without being taken here
	maybe    []lockID // may: released here without being taken here
	taken    []string // may: classes of the locks taken before, on some path
}

func (s *state) clone() *state {
	return &state{
		held:     slices.Clone(s.held),
		deferred: slices.Clone(s.deferred),
		released: slices.Clone(s.released),
		maybe:    slices.Clone(s.maybe),
		taken:    slices.Clone(s.taken),
	}
}

func (s *state) holds(id lockID) int {
	for i, l := range s.held {
		if l.id() == id {
			return i
		}
	}
	return -1
}

func (s *state) acquire(l Lock) {
	if s.holds(l.id()) < 0 {
		s.held = append(s.held, l)
	}
}

// release releases a lock; must says it is released on every path
// through the operation (an unlock, or a callee's must-release).
func (s *state) release(id lockID, must bool) {
	if i := s.holds(id); i >= 0 {
		// The lock, and the other names it is held by.
		o := s.held[i].origin()
		s.held = slices.DeleteFunc(s.held, func(l Lock) bool { return l.origin() == o })
		return
	}
	if must && !slices.Contains(s.released, id) {
		s.released = append(s.released, id)
	}
	if !slices.Contains(s.maybe, id) {
		s.maybe = append(s.maybe, id)
	}
}

// alias returns the lock held under another path that a release of id
// names (tw.s.mu, for tw := &Txn{s: s} or tw := s.Write() returning
// one, releases s.mu): Canon resolves both to one path. id itself when
// it is held, or when no held lock is the same.
func (w *walker) alias(st *state, id lockID) lockID {
	if st == nil || st.holds(id) >= 0 || len(st.held) == 0 {
		return id
	}
	ck := w.res.Canon(id.key)
	if ck == id.key {
		return id
	}
	for _, l := range st.held {
		if l.Mode == id.mode && w.res.Canon(l.Key) == ck {
			return l.id()
		}
	}
	return id
}

func union(x, y []lockID) []lockID {
	out := slices.Clone(x)
	for _, id := range y {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// meet is the merge of two paths: locks held on both (where each was
// taken first, for a deterministic message), deferred releases of either,
// releases on both.
func meet(x, y *state) *state {
	out := &state{}
	for _, l := range x.held {
		if i := y.holds(l.id()); i >= 0 {
			if y.held[i].Pos < l.Pos {
				l = y.held[i]
			}
			out.held = append(out.held, l)
		}
	}
	out.deferred = union(x.deferred, y.deferred)
	out.maybe = union(x.maybe, y.maybe)
	out.taken = slices.Clone(x.taken)
	for _, c := range y.taken {
		if !slices.Contains(out.taken, c) {
			out.taken = append(out.taken, c)
		}
	}
	for _, id := range x.released {
		if slices.Contains(y.released, id) {
			out.released = append(out.released, id)
		}
	}
	return out
}

func equal(x, y *state) bool {
	return slices.Equal(x.held, y.held) && slices.Equal(x.deferred, y.deferred) &&
		slices.Equal(x.released, y.released) && slices.Equal(x.maybe, y.maybe) &&
		slices.Equal(x.taken, y.taken)
}

// walker runs the dataflow over one function.
type walker struct {
	*analysis_
	fn     *funcs.Func
	record bool
	// accesses, when not nil, collects the locks held at identifiers and
	// selector expressions (HeldAtAccesses), in a walk that records
	// nothing else.
	accesses map[ast.Node][]Lock
	// accHeld is the last list accesses was given: the next access that
	// holds the same locks shares it (clipped, so that an append copies).
	accHeld []Lock
	comms   map[ast.Node]*ast.SelectStmt
	noted   map[ast.Node]bool // selects, noted at their first case
	search  *search           // set while searching forward from an exit (ops.go)
	handed  []lockID          // see handedOff; nil until computed
}

// cfgOf returns fn's control-flow graph: the one its recorded Flow
// holds, once walked, else a new one. The paths after panic and the
// model's Exits calls are dead, as in flow.New (whose pruning of the
// Ticker range's exit edge is not applied here).
func (a *analysis_) cfgOf(fn *funcs.Func) *cfg.CFG {
	if fn.Body == nil {
		return nil
	}
	if f := a.res.flows[fn]; f != nil {
		return f.g
	}
	return cfg.New(fn.Body, flow.MayReturn(a.pass.TypesInfo, a.ix, a.m))
}

func (a *analysis_) walk(fn *funcs.Func) { a.dataflow(fn, nil) }

// collect walks fn again for HeldAtAccesses.
func (a *analysis_) collect(fn *funcs.Func) map[ast.Node][]Lock {
	acc := make(map[ast.Node][]Lock)
	a.dataflow(fn, acc)
	return acc
}

// dataflow runs the analysis over fn. With acc nil, it records the locks
// held at calls and channel operations and fn's summary; otherwise it
// only fills acc.
func (a *analysis_) dataflow(fn *funcs.Func, acc map[ast.Node][]Lock) {
	g := a.cfgOf(fn)
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	w := &walker{analysis_: a, fn: fn, comms: make(map[ast.Node]*ast.SelectStmt), noted: make(map[ast.Node]bool)}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			for _, c := range model.SelectCases(n) {
				w.comms[c] = n
			}
		}
		return true
	})
	in := w.fixpoint(g)

	// The fixpoint is reached: walk once more to record, and meet the
	// states at the returns.
	if acc != nil {
		w.accesses = acc
		for _, b := range g.Blocks {
			if in[b.Index] != nil {
				w.block(b, in[b.Index])
			}
		}
		return
	}
	w.record = true
	a.res.flows[fn] = &Flow{w: w, g: g, in: in}
	var exit *state
	for _, b := range g.Blocks {
		if in[b.Index] == nil {
			continue
		}
		out := w.block(b, in[b.Index])
		if b.Return() != nil {
			if exit == nil {
				exit = out
			} else {
				exit = meet(exit, out)
			}
		}
	}
	if exit != nil {
		a.summarizeExit(fn, exit)
	}
}

// fixpoint returns the state at the entry of each block of g (nil for a
// block no path reaches), by a worklist from the entry block.
func (w *walker) fixpoint(g *cfg.CFG) []*state {
	in := make([]*state, len(g.Blocks))
	in[0] = &state{}
	queue := []*cfg.Block{g.Blocks[0]}
	queued := make([]bool, len(g.Blocks))
	queued[0] = true
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		queued[b.Index] = false
		out := w.block(b, in[b.Index])
		for i, s := range b.Succs {
			o := w.edge(b, i, out)
			old := in[s.Index]
			if old != nil {
				o = meet(old, o)
				if equal(old, o) {
					continue
				}
			}
			in[s.Index] = o
			if !queued[s.Index] {
				queued[s.Index] = true
				queue = append(queue, s)
			}
		}
	}
	return in
}

// summarizeExit records fn's summary from the state met at its returns,
// and the locks it releases without taking them.
func (a *analysis_) summarizeExit(fn *funcs.Func, exit *state) {
	a.summarize(fn, exit)
	// Released without being taken, by the body (or a deferred unlock
	// of an element: nothing else takes it).
	entry := exit.released
	for _, id := range exit.deferred {
		if id.key.elem && !slices.Contains(entry, id) {
			entry = append(slices.Clip(entry), id)
		}
	}
	if len(entry) > 0 && fn.Obj != nil {
		a.res.entry[fn] = keyModes(entry)
	}
}

// block applies the block's nodes to a copy of st.
func (w *walker) block(b *cfg.Block, st *state) *state {
	st = st.clone()
	if w.record && b.Kind == cfg.KindRangeLoop {
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok {
			w.note(rs, st, true)
		}
	}
	for _, n := range b.Nodes {
		w.node(n, st)
	}
	return st
}

// edge returns the state along the i'th successor of b: TryLock holds its
// lock on the branch where it returned true.
func (w *walker) edge(b *cfg.Block, i int, out *state) *state {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return out
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return out
	}
	neg := false
	cond = astutil.Unparen(cond)
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		neg, cond = true, astutil.Unparen(u.X)
	}
	call, ok := cond.(*ast.CallExpr)
	if !ok {
		return out
	}
	e, ok := w.entry(call)
	if !ok || !e.Is(model.Locks) || !isTry(call, w.pass.TypesInfo) {
		return out
	}
	if (i == 0) == neg {
		return out // the branch where TryLock failed
	}
	l, ok := w.lockOf(call, e)
	if !ok {
		return out
	}
	out = out.clone()
	w.take(out, l)
	return out
}

// take acquires l, and notes that fn takes it.
func (w *walker) take(st *state, l Lock) {
	if w.search != nil && st.holdsKey(l.Key) {
		w.search.relocked = true
	}
	if l.Order == "" {
		l.Order = w.orderClass(l.Key)
	}
	if !w.handedOff(l.id()) {
		st.acquire(l)
	}
	if !slices.Contains(st.taken, l.Class) {
		st.taken = append(st.taken, l.Class)
	}
	if w.record && !slices.Contains(w.res.taken[w.fn], l.Class) {
		w.res.taken[w.fn] = append(w.res.taken[w.fn], l.Class)
	}
}

// isTry reports whether a lock call returns whether it succeeded.
func isTry(call *ast.CallExpr, info *types.Info) bool {
	t := info.TypeOf(call)
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// entry returns the model's entry for a sync lock operation.
func (w *walker) entry(call *ast.CallExpr) (model.Entry, bool) {
	_, obj := w.ix.Callee(call)
	e, ok := w.m.Lookup(obj)
	if !ok || !isSyncLockOp(e) {
		return model.Entry{}, false
	}
	return e, true
}

// lockOf returns the lock a lock or unlock call operates on.
func (w *walker) lockOf(call *ast.CallExpr, e model.Entry) (Lock, bool) {
	recv := w.recvPath(call)
	if recv == nil {
		return Lock{}, false
	}
	if p, mode, via, ok := w.condLocker(call, recv); ok {
		return Lock{Key: p.key, Name: p.name, Mode: mode, Pos: call.Pos(), Via: via, Class: p.key.class()}, true
	}
	if p, mode, via, ok := w.res.localLocker(recv); ok {
		return Lock{Key: p.key, Name: p.name, Mode: mode, Pos: call.Pos(), Via: via, Class: p.key.class()}, true
	}
	return Lock{Key: recv.key, Name: recv.name, Mode: e.Lock, Pos: call.Pos(), Class: recv.key.class()}, true
}

// condLocker resolves a Lock or Unlock called through a sync.Locker
// that is the L of a cond the package binds, in one way only, to a
// mutex (c.L = &mu, sync.NewCond(&mu)) or to an RWMutex's read side
// (sync.NewCond(mu.RLocker())): the lock it takes or releases, the
// mode, and how messages say it was taken ("c.L (mu.RLocker())").
func (w *walker) condLocker(call *ast.CallExpr, recv *lpath) (*lpath, model.LockMode, string, bool) {
	return condLocker(w.pass, w.res.bind, call, recv)
}

func condLocker(pass *analysis.Pass, bind func() *bindings, call *ast.CallExpr, recv *lpath) (*lpath, model.LockMode, string, bool) {
	if bind == nil {
		return nil, 0, "", false
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !types.IsInterface(pass.TypesInfo.TypeOf(sel.X)) {
		return nil, 0, "", false
	}
	l, ok := astutil.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return nil, 0, "", false
	}
	if f, ok := model.BoundLockField(pass.TypesInfo.TypeOf(l.X)); !ok || f != l.Sel.Name || !strings.HasSuffix(recv.key.fields, "."+f) {
		return nil, 0, "", false
	}
	cond := &lpath{key: recv.key, name: strings.TrimSuffix(recv.name, "."+l.Sel.Name)}
	cond.key.fields = strings.TrimSuffix(cond.key.fields, "."+l.Sel.Name)
	p, mode, suffix, ok := bind().lockerFor(cond)
	if !ok {
		return nil, 0, "", false
	}
	via := recv.name + " (" + p.name + suffix + ")"
	if suffix == "" {
		via = recv.name + " (&" + p.name + ")"
	}
	return p, mode, via, true
}

// node applies one CFG node to st, recording the locks held at the calls
// and channel operations in it when w.record.
func (w *walker) node(n ast.Node, st *state) {
	if sel := w.comms[n]; sel != nil && w.record {
		if _, done := w.noted[sel]; !done {
			w.noted[sel] = true
			w.note(sel, st, true)
		}
	}
	buf := stacks.Get().(*[]ast.Node)
	defer stacks.Put(buf)
	stack := (*buf)[:0]
	defer func() { *buf = stack[:0] }()
	var visit func(x ast.Node) bool
	visit = func(x ast.Node) bool {
		if x == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			w.exit(top, st)
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			w.handoff(x.Call, st)
			return false
		case *ast.DeferStmt:
			// defer c.locked()(): the call that makes the deferred
			// function runs now.
			if inner, ok := astutil.Unparen(x.Call.Fun).(*ast.CallExpr); ok {
				ast.Inspect(inner, visit)
			}
			w.deferred(x.Call, st)
			return false
		case *ast.Ident, *ast.SelectorExpr:
			if w.accesses != nil && len(st.held) > 0 {
				if !slices.Equal(w.accHeld, st.held) {
					w.accHeld = slices.Clip(slices.Clone(st.held))
				}
				w.accesses[x] = w.accHeld
			}
		}
		stack = append(stack, x)
		return true
	}
	ast.Inspect(n, visit)
}

// stacks holds node's stacks of open nodes, for reuse: node runs for
// every CFG node of every walk, and Flow's callers walk at the same time.
var stacks = sync.Pool{New: func() any { return new([]ast.Node) }}

// exit applies a node after its operands are evaluated.
func (w *walker) exit(n ast.Node, st *state) {
	switch n := n.(type) {
	case *ast.SendStmt:
		w.note(n, st, true)
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			w.note(n, st, true)
		}
	case *ast.CallExpr:
		w.call(n, st)
	case *ast.AssignStmt:
		w.reassign(n, st)
	}
}

// reassign forgets the locks held through a variable assigned a new
// value (n.mu.Lock(); n = n.next): the path no longer names them, and a
// lock taken through it afterwards is another lock.
func (w *walker) reassign(as *ast.AssignStmt, st *state) {
	if len(st.held) == 0 {
		return
	}
	for _, lhs := range as.Lhs {
		id, ok := astutil.Unparen(lhs).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := w.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			continue
		}
		// A lock the assigned call returns held (l := m.lockFor(k))
		// is the new value's: it stays.
		st.held = slices.DeleteFunc(st.held, func(l Lock) bool {
			return l.Key.root == v && !slices.ContainsFunc(as.Rhs, func(e ast.Expr) bool {
				c, ok := astutil.Unparen(e).(*ast.CallExpr)
				return ok && c.Pos() == l.Pos
			})
		})
	}
	w.aliases(as, st)
}

// aliases adds, for an assignment of a local variable to another
// (expected = next), the locks held through the assigned one as held
// through the other too: the same locks, by another name.
func (w *walker) aliases(as *ast.AssignStmt, st *state) {
	if len(as.Lhs) != len(as.Rhs) {
		return
	}
	local := func(e ast.Expr) *types.Var {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := w.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return nil
		}
		return v
	}
	for i, lhs := range as.Lhs {
		v, r := local(lhs), local(as.Rhs[i])
		if v == nil || r == nil || v == r {
			continue
		}
		for _, l := range st.held {
			if l.Key.root != r || l.Key.global != "" {
				continue
			}
			c := l // named as taken: "n.mu", though reached as cur.mu
			c.Key.root, c.of = v, l.origin()
			if st.holds(c.id()) < 0 {
				st.held = append(st.held, c)
			}
		}
	}
}

// note records the locks held at n and, if before, those taken before
// it (wanted only for what can end another goroutine's wait: channel
// operations, close, WaitGroup.Done).
func (w *walker) note(n ast.Node, st *state, before bool) {
	if !w.record {
		return
	}
	if len(st.held) > 0 {
		w.res.held[n] = distinct(st.held)
		w.res.funcs[w.fn] = true
	}
	if before && len(st.taken) > 0 {
		w.res.before[n] = st.taken[:len(st.taken):len(st.taken)]
	}
}

// distinct returns a copy of held with each lock once: an alias of a
// lock held by its own name too is left out.
func distinct(held []Lock) []Lock {
	out := make([]Lock, 0, len(held))
	for _, l := range held {
		if l.of != (lockID{}) && slices.ContainsFunc(held, func(h Lock) bool { return h.id() == l.of }) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// noteCall records the locks held across a call: held before it, and not
// released by the callee, which may wait after releasing them.
func (w *walker) noteCall(call *ast.CallExpr, st *state, released []lockID) {
	if !w.record || len(st.held) == 0 {
		return
	}
	var gone []lockID // the released locks, by their origin
	for _, l := range st.held {
		if slices.Contains(released, l.id()) {
			gone = append(gone, l.origin())
		}
	}
	var held []Lock
	for _, l := range distinct(st.held) {
		if !slices.Contains(gone, l.origin()) {
			held = append(held, l)
		}
	}
	if len(held) > 0 {
		w.res.held[call] = held
		w.res.funcs[w.fn] = true
	}
	if len(gone) > 0 {
		w.res.entering[call] = distinct(st.held)
	}
}

// call applies the effect of a call on the lock set.
func (w *walker) call(call *ast.CallExpr, st *state) {
	local, obj := w.ix.Callee(call)
	if local == nil && obj == nil {
		if ids := w.releasedBy(call); ids != nil {
			w.noteCall(call, st, ids)
			for _, id := range ids {
				w.recordUnlock(call, id, st, true)
				st.release(id, true)
			}
			return
		}
		w.note(call, st, true) // close(ch), among others
		return
	}
	if e, ok := w.m.Lookup(obj); ok {
		if !isSyncLockOp(e) {
			w.note(call, st, e.Is(model.Wakes))
			return
		}
		try := e.Is(model.Locks) && isTry(call, w.pass.TypesInfo)
		l, ok := w.lockOf(call, e)
		if !ok {
			if k, ok := w.elemKey(call); ok && e.Is(model.Unlocks) {
				w.recordUnlock(call, lockID{k, e.Lock}, st, false)
				st.release(lockID{k, e.Lock}, true)
			}
			return
		}
		if e.Is(model.Locks) {
			w.recordLock(call, l, st, try)
		} else {
			w.recordUnlock(call, w.alias(st, l.id()), st, false)
		}
		if try {
			return // held only where it succeeded: see edge
		}
		if e.Is(model.Locks) {
			w.take(st, l)
		} else {
			st.release(w.alias(st, l.id()), true)
		}
		return
	}
	w.recordCall(call, st)
	sum := w.summaryOf(local, obj)
	if sum == nil {
		w.note(call, st, false)
		return
	}
	via := "the func literal"
	if obj != nil {
		via = model.Name(obj, w.pass.Pkg)
	}
	var released []lockID
	for _, r := range sum.maybe {
		if p := w.mapRef(call, r); p != nil && !sum.guards[r].fails(w.pass.TypesInfo, call) {
			released = append(released, lockID{p.key, p.mode(r.Mode)})
		}
	}
	w.noteCall(call, st, released)
	for i, r := range sum.maybe {
		if p := w.mapRef(call, r); p != nil && !sum.guards[r].fails(w.pass.TypesInfo, call) {
			id := w.alias(st, lockID{p.key, p.mode(r.Mode)})
			w.recordUnlock(call, id, st, true)
			st.release(id, slices.Contains(sum.releases, sum.maybe[i]))
		}
	}
	for _, r := range sum.acquires {
		if p := w.mapRef(call, r); p != nil {
			w.take(st, Lock{Key: p.key, Name: p.name, Mode: p.mode(r.Mode), Pos: call.Pos(), Via: via, Class: p.key.class()})
		}
	}
}

// handoff applies a go statement: a lock the new goroutine may release
// is handed over to it, and no longer counts as held here.
func (w *walker) handoff(call *ast.CallExpr, st *state) {
	local, obj := w.ix.Callee(call)
	if _, known := w.m.Lookup(obj); known || (local == nil && obj == nil) {
		return
	}
	sum := w.summaryOf(local, obj)
	if sum == nil {
		return
	}
	for _, r := range sum.maybe {
		if p := w.mapRef(call, r); p != nil {
			if i := st.holds(lockID{p.key, p.mode(r.Mode)}); i >= 0 {
				if w.record {
					w.res.handed[call] = append(w.res.handed[call], st.held[i])
				}
				st.held = slices.Delete(st.held, i, i+1)
			}
		}
	}
}

// deferred records the releases a deferred call makes at exit, and the
// locks held when it runs: those held now whose release is deferred
// already (defer mu.Unlock(); defer func() { ... }() runs the literal
// before the unlock).
func (w *walker) deferred(call *ast.CallExpr, st *state) {
	if w.record && len(st.held) > 0 && len(st.deferred) > 0 {
		var held []Lock
		for _, l := range st.held {
			if slices.Contains(st.deferred, l.id()) {
				held = append(held, l)
			}
		}
		if len(held) > 0 {
			w.res.held[call] = held
			w.res.funcs[w.fn] = true
		}
	}
	add := func(id lockID) {
		ids := []lockID{id}
		if i := st.holds(id); i >= 0 {
			// Deferred through one name, released under each.
			o := st.held[i].origin()
			for _, l := range st.held {
				if l.origin() == o {
					ids = append(ids, l.id())
				}
			}
		}
		for _, id := range ids {
			if !slices.Contains(st.deferred, id) {
				st.deferred = append(st.deferred, id)
			}
		}
	}
	local, obj := w.ix.Callee(call)
	if e, ok := w.m.Lookup(obj); ok {
		if isSyncLockOp(e) && e.Is(model.Unlocks) {
			if l, ok := w.lockOf(call, e); ok {
				id := w.alias(st, l.id())
				w.recordUnlock(call, id, nil, false)
				add(id)
			} else if k, ok := w.elemKey(call); ok {
				w.recordUnlock(call, lockID{k, e.Lock}, nil, false)
				add(lockID{k, e.Lock})
			}
		}
		return
	}
	if sum := w.summaryOf(local, obj); sum != nil {
		for _, r := range sum.maybe {
			if p := w.mapRef(call, r); p != nil {
				id := w.alias(st, lockID{p.key, p.mode(r.Mode)})
				w.recordUnlock(call, id, nil, true)
				add(id)
			}
		}
	}
	if local == nil && obj == nil {
		for _, id := range w.releasedBy(call) {
			w.recordUnlock(call, id, nil, true)
			add(id)
		}
	}
}

// summarize turns the state at exit into fn's summary, and exports it as
// facts for a named function.
func (a *analysis_) summarize(fn *funcs.Func, exit *state) {
	sig := a.sigOf(fn)
	if sig == nil {
		return
	}
	var sum summary
	for _, l := range exit.held {
		if slices.Contains(exit.deferred, l.id()) {
			continue
		}
		if r, ok := a.relative(fn, sig, l.Key, l.Mode, l.Name); ok {
			sum.acquires = append(sum.acquires, r)
		}
	}
	for _, id := range exit.released {
		if r, ok := a.relative(fn, sig, id.key, id.mode, ""); ok {
			sum.releases = append(sum.releases, r)
		}
	}
	mayRelease := exit.maybe
	for _, id := range exit.deferred {
		// A deferred unlock of a lock the function never takes
		// releases its caller's at exit (go func() { defer
		// c.mu.Unlock(); ... }() is handed the lock its starter took).
		if exit.holds(id) < 0 && !slices.Contains(exit.taken, id.key.class()) && !slices.Contains(mayRelease, id) {
			mayRelease = append(slices.Clip(mayRelease), id)
		}
	}
	for _, id := range mayRelease {
		if r, ok := a.relative(fn, sig, id.key, id.mode, ""); ok {
			sum.maybe = append(sum.maybe, r)
			if slices.Contains(sum.releases, r) || slices.Contains(exit.deferred, id) {
				continue
			}
			if g := a.releaseGuard(fn, id); g != nil {
				if sum.guards == nil {
					sum.guards = make(map[sref]*boolGuard)
				}
				sum.guards[r] = g
			}
		}
	}
	if sum.acquires == nil && sum.maybe == nil {
		return
	}
	a.sums[fn] = &sum
	if fn.Obj == nil {
		return
	}
	export := func(refs []sref) []LockRef {
		var out []LockRef
		for _, r := range refs {
			if r.Root != "" {
				out = append(out, r.LockRef)
			}
		}
		slices.SortFunc(out, func(x, y LockRef) int {
			return cmp.Or(cmp.Compare(x.Root, y.Root), cmp.Compare(x.Fields, y.Fields), cmp.Compare(x.Mode, y.Mode))
		})
		return out
	}
	if refs := export(sum.acquires); refs != nil {
		a.pass.ExportObjectFact(fn.Obj, &Acquires{Locks: refs})
	}
	var maybeOnly []sref
	for _, r := range sum.maybe {
		if !slices.Contains(sum.releases, r) {
			maybeOnly = append(maybeOnly, r)
		}
	}
	must, maybe := export(sum.releases), export(maybeOnly)
	if must != nil || maybe != nil {
		a.pass.ExportObjectFact(fn.Obj, &Releases{Locks: must, Maybe: maybe})
	}
}

func (a *analysis_) sigOf(fn *funcs.Func) *types.Signature {
	if fn.Obj != nil {
		return fn.Obj.Type().(*types.Signature)
	}
	sig, _ := a.pass.TypesInfo.TypeOf(fn.Node.(*ast.FuncLit)).(*types.Signature)
	return sig
}

// relativeRef names k through sig's receiver or a parameter, or as the
// package variable it is.
func relativeRef(sig *types.Signature, k Key, mode model.LockMode) (LockRef, bool) {
	if k.elem {
		return LockRef{}, false
	}
	if k.global != "" {
		return LockRef{Root: k.global, Fields: k.fields, Mode: mode}, true
	}
	if r := sig.Recv(); r != nil && r == k.root {
		return LockRef{Root: "recv", Fields: k.fields, Mode: mode}, true
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == k.root {
			return LockRef{Root: strconv.Itoa(i), Fields: k.fields, Mode: mode}, true
		}
	}
	return LockRef{}, false
}

// relative names a lock of fn relative to fn: through its receiver, a
// parameter or a package variable; a literal's captured variables stay
// absolute (its summary is used only in this package). Other locals are
// not part of a summary.
func (a *analysis_) relative(fn *funcs.Func, sig *types.Signature, k Key, mode model.LockMode, name string) (sref, bool) {
	if ref, ok := relativeRef(sig, k, mode); ok {
		return sref{LockRef: ref}, true
	}
	v, ok := k.root.(*types.Var)
	if !ok {
		return sref{}, false
	}
	if (k.fields != "" || isPointer(v.Type())) && returnsOnly(a.pass.TypesInfo, fn, v) {
		// A keyed lock: l := m.lockFor(key) returns with l.mu, or the
		// *sync.Mutex l itself, held.
		return sref{LockRef: LockRef{Root: "result", Fields: k.fields, Mode: mode}}, true
	}
	// A literal's summary may name variables of the enclosing function.
	if lit, ok := fn.Node.(*ast.FuncLit); ok && !(lit.Pos() <= v.Pos() && v.Pos() < lit.End()) {
		return sref{abs: k, name: name, LockRef: LockRef{Mode: mode}}, true
	}
	return sref{}, false
}

// lpath is a lock path resolved at a point: its key and how to name it.
type lpath struct {
	key  Key
	name string
	// shared: the path is a sync.Locker argument's lock given as
	// mu.RLocker(), whose Lock read-locks it.
	shared bool
}

// mode returns the mode in which a lock operation in mode m on a
// summary's reference takes the lock at p.
func (p *lpath) mode(m model.LockMode) model.LockMode {
	if p.shared {
		return model.Shared
	}
	return m
}

// recvPath returns the path of the receiver a method call operates on,
// embedded fields spelled out; for a method expression, the first
// argument.
func (w *walker) recvPath(call *ast.CallExpr) *lpath { return recvPath(w.pass, call) }

func recvPath(pass *analysis.Pass, call *ast.CallExpr) *lpath {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		// inc := c.Inc; inc(): the receiver is c.
		ix, _ := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
		if sel = ix.Bound(call); sel == nil {
			return nil
		}
	}
	s := pass.TypesInfo.Selections[sel]
	if s == nil {
		return nil
	}
	switch s.Kind() {
	case types.MethodVal:
		p := pathOf(pass, sel.X)
		if p == nil {
			return nil
		}
		return embedded(p, pass.TypesInfo.TypeOf(sel.X), s.Index())
	case types.MethodExpr:
		if len(call.Args) == 0 {
			return nil
		}
		return pathOf(pass, call.Args[0])
	}
	return nil
}

// mapRef maps a summary's lock onto the call's receiver and arguments.
func (w *walker) mapRef(call *ast.CallExpr, r sref) *lpath { return mapRef(w.pass, call, r) }

func mapRef(pass *analysis.Pass, call *ast.CallExpr, r sref) *lpath {
	if r.Root == "" {
		return &lpath{key: r.abs, name: r.name}
	}
	var base *lpath
	switch {
	case r.Root == "recv":
		base = recvPath(pass, call)
	case r.Root == "result":
		base = resultPath(pass, call)
	case r.Root[0] >= '0' && r.Root[0] <= '9':
		i, _ := strconv.Atoi(r.Root)
		if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				i++ // the receiver is the first argument
			}
		}
		if i < len(call.Args) {
			base = pathOf(pass, call.Args[i])
			if l := lockerOf(pass, astutil.Unparen(call.Args[i])); base == nil && r.Fields == "" && !l.bad {
				// A sync.Locker parameter given &s.mu or
				// s.mu.RLocker(): its Lock is s.mu's (see
				// LockerArg for the mode).
				base = &lpath{key: l.key, name: l.name, shared: l.mode == model.Shared}
			}
		}
	default:
		base = &lpath{key: Key{global: r.Root}, name: globalName(pass.Pkg, r.Root)}
	}
	if base == nil {
		return nil
	}
	return &lpath{key: Key{root: base.key.root, global: base.key.global, fields: base.key.fields + r.Fields}, name: base.name + r.Fields, shared: base.shared}
}

// LockerArg returns the lock a call passes for the sync.Locker
// parameter that ref (with no fields) is rooted at, and the mode its Lock
// takes it in: s.mu for &s.mu, and s.mu read-locked for s.mu.RLocker().
func (r *Result) LockerArg(call *ast.CallExpr, ref LockRef) (Key, model.LockMode, bool) {
	if ref.Fields != "" || ref.Root == "" || ref.Root[0] < '0' || ref.Root[0] > '9' {
		return Key{}, 0, false
	}
	i, err := strconv.Atoi(ref.Root)
	if err != nil {
		return Key{}, 0, false
	}
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := r.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			i++ // the receiver is the first argument
		}
	}
	if i >= len(call.Args) {
		return Key{}, 0, false
	}
	l := lockerOf(r.pass, astutil.Unparen(call.Args[i]))
	if l.bad {
		return Key{}, 0, false
	}
	return l.key, l.mode, true
}

// returnsOnly reports whether every return of fn (a function with one
// result) returns the variable v.
func returnsOnly(info *types.Info, fn *funcs.Func, v *types.Var) bool {
	return fn.Type != nil && returnedVar(info, fn.Type, fn.Body) == v
}

// returnedVar returns the variable every return of a function with one
// result, of type ft and body body, returns, or nil.
func returnedVar(info *types.Info, ft *ast.FuncType, body *ast.BlockStmt) *types.Var {
	if body == nil || ft.Results == nil || ft.Results.NumFields() != 1 {
		return nil
	}
	var v *types.Var
	ok := true
	ast.Inspect(body, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			var r *types.Var
			if len(node.Results) == 1 {
				if id, isID := ast.Unparen(node.Results[0]).(*ast.Ident); isID {
					r, _ = info.Uses[id].(*types.Var)
				}
			}
			ok = ok && r != nil && (v == nil || v == r)
			v = r
		}
		return ok
	})
	if !ok {
		return nil
	}
	return v
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// resultPath returns the path of the variable a call's result is
// assigned to (l := m.lockFor(key)), or nil.
func resultPath(pass *analysis.Pass, call *ast.CallExpr) *lpath {
	for _, f := range pass.Files {
		if f.FileStart > call.Pos() || call.Pos() >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, call.Pos(), call.End())
		if len(path) < 2 || path[0] != call {
			return nil
		}
		as, ok := path[1].(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Rhs[0] != call {
			return nil
		}
		return pathOf(pass, as.Lhs[0])
	}
	return nil
}

// globalName names the package variable "example.com/p.mu" for messages
// in pkg: "mu" in p itself, "p.mu" elsewhere.
func globalName(pkg *types.Package, qualified string) string {
	i := strings.LastIndex(qualified, ".")
	if i < 0 {
		return qualified
	}
	if qualified[:i] == pkg.Path() {
		return qualified[i+1:]
	}
	return path.Base(qualified[:i]) + qualified[i:]
}

// pathOf returns the lock path an expression denotes, or nil: a variable
// and field selections, through pointers and parentheses.
func pathOf(pass *analysis.Pass, e ast.Expr) *lpath {
	info := pass.TypesInfo
	switch e := e.(type) {
	case *ast.ParenExpr:
		return pathOf(pass, e.X)
	case *ast.StarExpr:
		return pathOf(pass, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return pathOf(pass, e.X)
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			v, ok = info.Defs[e].(*types.Var)
		}
		if !ok || v.IsField() {
			return nil
		}
		return varPath(pass.Pkg, v)
	case *ast.SelectorExpr:
		s := info.Selections[e]
		if s == nil {
			// A qualified identifier: pkg.mu.
			if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return varPath(pass.Pkg, v)
			}
			return nil
		}
		if s.Kind() != types.FieldVal {
			return nil
		}
		p := pathOf(pass, e.X)
		if p == nil {
			return nil
		}
		p = embedded(p, info.TypeOf(e.X), s.Index())
		if p == nil {
			return nil
		}
		return &lpath{key: Key{root: p.key.root, global: p.key.global, fields: p.key.fields + "." + e.Sel.Name}, name: p.name + "." + e.Sel.Name}
	}
	return nil
}

func varPath(pkg *types.Package, v *types.Var) *lpath {
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		q := v.Pkg().Path() + "." + v.Name()
		return &lpath{key: Key{global: q}, name: globalName(pkg, q)}
	}
	return &lpath{key: Key{root: v}, name: v.Name()}
}

// embedded extends p with the embedded fields a selection goes through:
// all of index but the last, starting from type t.
func embedded(p *lpath, t types.Type, index []int) *lpath {
	if len(index) <= 1 {
		return p
	}
	fields, name := p.key.fields, p.name
	for _, i := range index[:len(index)-1] {
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		f := st.Field(i)
		fields += "." + f.Name()
		name += "." + f.Name()
		t = f.Type()
	}
	return &lpath{key: Key{root: p.key.root, global: p.key.global, fields: fields}, name: name}
}
