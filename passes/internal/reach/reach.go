// Package reach is the engine behind the may-block, may-suspend and
// may-wait passes. Each of them asks the same question of a different
// effect: which functions of the package reach an operation with the
// effect, directly or through calls, and by which chain?
//
// The engine works on the syntax tree. Analyzer walks every function of
// the package once and lists what it does that an engine may count: its
// calls (with the callee resolved by passes/funcs) and its channel
// operations. Run then takes one configuration (which model effect makes
// a call a direct site, whether channel operations count) and computes:
//
//   - the direct sites of each function: a channel operation, or a call
//     of a function that has the effect (by the model, a directive, or
//     the fact another package exported);
//   - the sites through local calls, by propagating breadth first from
//     the functions with a direct site to their callers, so that witness
//     chains are short and stable;
//   - a fact on each named function that has a site, for the packages
//     that import this one.
//
// What is followed: static calls to functions and methods of concrete
// types, calls to closures, deferred calls. What is not: calls through
// interfaces (unless the model names the interface method) and calls of
// function values, because the callee is not known; go statements,
// because they do not run on the caller's goroutine; function literals,
// which are functions of their own. Precision comes first: an unknown
// callee is assumed not to have the effect.
package reach

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// Step is one link of a witness chain: a call of Name (or an operation
// named Name, like "a channel send") at Pos, a "file.go:line" position.
type Step struct {
	Name string
	Pos  string
}

// Witness is what a fact carries: the chain from a function down to the
// operation. Chain[0] is the call (or operation) the function makes; the
// last step is the operation itself.
type Witness struct {
	Chain []Step
	// Instead says what to use instead of the operation, for messages.
	Instead string
	// Wakers and Always are maywait's: the classes of the locks taken by
	// the goroutines that could end the wait (see lockset.Lock.Class),
	// or Always when any lock counts. With Merge, a function's Wakers
	// are those of the waits at most ProvenDepth-1 steps down from it,
	// and Near those of its own waits (see merge).
	Wakers []string
	Near   []string
	Always bool
}

// ProvenDepth is the longest chain (the call in the caller, the calls
// below it, the wait) whose wakers a call site carries with Merge: across
// a longer chain, a lock class is rarely one lock that one goroutine
// holds.
const ProvenDepth = 3

// Describe renders the chain as "calls load (a.go:3), which calls
// os.ReadFile (a.go:9)".
func (w *Witness) Describe() string {
	var sb strings.Builder
	for i, s := range w.Chain {
		if i > 0 {
			sb.WriteString(", which ")
		}
		if strings.HasPrefix(s.Name, "a ") {
			fmt.Fprintf(&sb, "does %s (%s)", s.Name, s.Pos)
		} else {
			fmt.Fprintf(&sb, "calls %s (%s)", s.Name, s.Pos)
		}
	}
	return sb.String()
}

// MaxChain bounds a witness chain; longer chains keep their first steps
// and the operation.
const MaxChain = 8

// Event is something a function does that an engine may count.
type Event struct {
	// Node is the *ast.CallExpr, or the channel operation: *ast.SendStmt,
	// *ast.UnaryExpr (a receive), *ast.RangeStmt over a channel, or
	// *ast.SelectStmt without default (its cases are not events).
	Node ast.Node
	Pos  token.Pos
	// Call is the call, or nil for a channel operation.
	Call *ast.CallExpr
	// Local is the callee if it is a function of this package; Obj is
	// the named function or method called, if any.
	Local *funcs.Func
	Obj   *types.Func
	// Op names a channel operation for messages ("a channel send").
	Op string
}

// Events lists, for each function of the package, its events in source
// order.
type Events struct {
	byFunc map[*funcs.Func][]Event
	// dynamic are the calls whose callee funcs does not resolve: of a
	// function value, a func-valued field, a parameter.
	dynamic map[*funcs.Func][]Event
}

// Of returns fn's events.
func (e *Events) Of(fn *funcs.Func) []Event { return e.byFunc[fn] }

// Dynamic returns fn's calls of function values, in source order.
func (e *Events) Dynamic(fn *funcs.Func) []Event { return e.dynamic[fn] }

// Analyzer lists the events of every function, once for all engines.
var Analyzer = &analysis.Analyzer{
	Name:       "reachevents",
	Doc:        "list the calls and channel operations of each function, for the may-block, may-suspend and may-wait passes",
	Run:        events,
	Requires:   []*analysis.Analyzer{funcs.Analyzer},
	ResultType: reflect.TypeFor[*Events](),
}

func events(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	evs := &Events{byFunc: make(map[*funcs.Func][]Event), dynamic: make(map[*funcs.Func][]Event)}
	for _, fn := range ix.Funcs {
		var list, dyn []Event
		skip := make(map[ast.Node]bool) // select cases, go statements' calls
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if n == nil || skip[n] {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.GoStmt:
				// The callee runs on another goroutine. Its arguments
				// are evaluated here, but a blocking argument to a go
				// statement is rare enough to miss.
				skip[n.Call] = true
				return true
			case *ast.SelectStmt:
				for _, c := range model.SelectCases(n) {
					skipComm(c, skip)
				}
			case *ast.CallExpr:
				local, obj := ix.Callee(n)
				if local != nil || obj != nil {
					list = append(list, Event{Node: n, Pos: n.Lparen, Call: n, Local: local, Obj: obj})
				} else if tv, ok := pass.TypesInfo.Types[n.Fun]; ok && tv.IsValue() {
					if _, isSig := tv.Type.Underlying().(*types.Signature); isSig {
						dyn = append(dyn, Event{Node: n, Pos: n.Lparen, Call: n})
					}
				}
				return true
			}
			if what, pos, ok := model.ChanOp(pass.TypesInfo, n); ok {
				list = append(list, Event{Node: n, Pos: pos, Op: what})
			}
			return true
		})
		if len(list) > 0 {
			evs.byFunc[fn] = list
		}
		if len(dyn) > 0 {
			evs.dynamic[fn] = dyn
		}
	}
	return evs, nil
}

// skipComm marks the channel operation of a select case as part of the
// select.
func skipComm(c ast.Stmt, skip map[ast.Node]bool) {
	switch c := c.(type) {
	case *ast.SendStmt:
		skip[c] = true
	case *ast.ExprStmt:
		skip[astutil.Unparen(c.X)] = true
	case *ast.AssignStmt:
		for _, x := range c.Rhs {
			skip[astutil.Unparen(x)] = true
		}
	}
}

// Config is what one engine counts.
type Config struct {
	// Effect: a call of a function whose model entry has it is a direct
	// site.
	Effect model.Effect
	// Opaque: a function whose model entry has this effect is not
	// analysed: its body has no sites and its callers do not reach
	// through it. Zero for none.
	Opaque model.Effect
	// ChanOps: channel operations and selects without default are
	// direct sites, described with ChanInstead.
	ChanOps     bool
	ChanInstead string
	// ChanOp, if set, says whether a channel operation of fn counts, and
	// may complete its witness.
	ChanOp func(fn *funcs.Func, ev Event, w *Witness) bool
	// ModelledSite, if set, completes the witness of a direct site on a
	// call of a function the model describes.
	ModelledSite func(fn *funcs.Func, ev Event, e model.Entry, w *Witness)
	// Local, if set, says that a direct site on a modelled call is a site
	// of its function but does not make the function a site for its
	// callers.
	Local func(fn *funcs.Func, ev Event, e model.Entry) bool
	// Merge: a function's witness carries the Wakers and Always of all
	// its sites, not only those of the site its chain shows, so that a
	// caller can tell whether any of its waits counts.
	Merge bool
	// CallSite, if set, makes a call a direct site by what the call
	// does rather than by what its callee is (say, the arguments it is
	// given); it is asked before the model and the facts.
	CallSite func(fn *funcs.Func, ev Event) *Witness
	// Targets, if set, resolves the calls funcs does not: of interface
	// methods and function values, to the package functions they may
	// run. They are followed as local calls.
	Targets func(fn *funcs.Func, call *ast.CallExpr) []*funcs.Func
	// Narrow, if set, gives the Wakers a call of a function of the
	// package carries, from the callee's: Merge asks it at each call.
	Narrow func(call *ast.CallExpr, wakers []string) []string
	// Stop, if set, says that fn is not analysed, as Opaque does by
	// model effect: it has no sites and its callers do not reach
	// through it.
	Stop func(fn *funcs.Func) bool
	// Import reads the fact another package exported for obj; Export
	// exports the fact of a function of this package.
	Import func(obj *types.Func) (*Witness, bool)
	Export func(obj *types.Func, w *Witness)
}

// Site is a place in a function where it reaches the effect.
type Site struct {
	// Node is the event's node: the call, or the channel operation.
	Node ast.Node
	Pos  token.Pos
	// Call is the call, or nil for a channel operation.
	Call *ast.CallExpr
	// Callee is the named function called, if any.
	Callee *types.Func
	// W describes the site: Chain[0] is the site itself.
	W *Witness
	// Local: the site does not make its function a site for callers.
	Local bool
	// via is the function of the package the site calls, if it is one;
	// imported, whether it calls one of another package with a fact.
	via      *funcs.Func
	imported bool
}

// Via returns the function of the package the site calls, if it is one.
func (s Site) Via() *funcs.Func { return s.via }

// Result gives the sites of every function of the package.
type Result struct {
	sites map[*funcs.Func][]Site
	facts map[*funcs.Func]*Witness
	index *funcs.Index
	pass  *analysis.Pass
	model *model.Model
	cfg   Config
	// reached memoizes reachedBy.
	reached map[*funcs.Func]bool
	options map[*funcs.Func]option // optionOf's memo
}

// Sites returns where fn, a function of the package, reaches the effect,
// in source order.
func (r *Result) Sites(fn *funcs.Func) []Site { return r.sites[fn] }

// Func returns the witness of a function of the package, or nil.
func (r *Result) Func(fn *funcs.Func) *Witness { return r.facts[fn] }

// Object returns the witness of a function of any package, or nil. For a
// function the model describes, the chain is the function alone, without
// position.
func (r *Result) Object(obj *types.Func) *Witness {
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if e, ok := r.model.Lookup(obj); ok {
		if r.cfg.Effect != 0 && e.Is(r.cfg.Effect) {
			return &Witness{Chain: []Step{{Name: model.Name(obj, r.pass.Pkg)}}, Instead: e.Instead}
		}
		return nil
	}
	if obj.Pkg() == r.pass.Pkg {
		return r.facts[r.index.Decl(obj)]
	}
	if funcs.IsInterfaceMethod(obj) || r.cfg.Import == nil {
		return nil // not known: precision first
	}
	if w, ok := r.cfg.Import(obj); ok {
		return w
	}
	return nil
}

// edge is a call from one function of the package to another.
type edge struct {
	caller *funcs.Func
	call   *ast.CallExpr
	callee *funcs.Func
}

// Run computes the sites and facts of cfg over the package.
func Run(pass *analysis.Pass, evs *Events, ix *funcs.Index, m *model.Model, cfg Config) *Result {
	r := &Result{
		sites: make(map[*funcs.Func][]Site),
		facts: make(map[*funcs.Func]*Witness),
		index: ix,
		pass:  pass,
		model: m,
		cfg:   cfg,
	}
	if model.Describes(pass.Pkg.Path()) {
		return r
	}
	// The standard library is the table's to describe: its sites are
	// computed (a check of std itself needs them) but its facts are not
	// exported, so no chain leads from a caller into std's internals.
	export := cfg.Export != nil && !model.DescribesPass(pass)

	// callers[g] lists the calls of local function g by local functions.
	callers := make(map[*funcs.Func][]edge)
	for _, fn := range ix.Funcs {
		if r.opaque(fn) {
			continue
		}
		for _, ev := range evs.Of(fn) {
			r.event(fn, ev, callers)
		}
	}
	if cfg.Targets != nil {
		for _, fn := range ix.Funcs {
			if r.opaque(fn) {
				continue
			}
			for _, ev := range evs.Dynamic(fn) {
				for _, g := range cfg.Targets(fn, ev.Call) {
					callers[g] = append(callers[g], edge{fn, ev.Call, g})
				}
			}
		}
	}
	r.propagate(callers)
	for _, sites := range r.sites {
		slices.SortStableFunc(sites, func(a, b Site) int { return cmp.Compare(a.Pos, b.Pos) })
	}
	if cfg.Merge {
		r.merge()
	}
	if export {
		for _, fn := range ix.Funcs {
			if w := r.facts[fn]; w != nil && fn.Obj != nil {
				cfg.Export(fn.Obj, w)
			}
		}
	}
	return r
}

// opaque reports whether fn is not analysed (Config.Stop, Config.Opaque).
func (r *Result) opaque(fn *funcs.Func) bool {
	if r.cfg.Stop != nil && r.cfg.Stop(fn) {
		return true
	}
	if r.cfg.Opaque == 0 {
		return false
	}
	e, ok := r.model.Lookup(fn.Obj)
	return ok && e.Effects&r.cfg.Opaque != 0
}

// event records what one event of fn is: a direct site, or a call of a
// local function (an edge of callers).
func (r *Result) event(fn *funcs.Func, ev Event, callers map[*funcs.Func][]edge) {
	cfg := r.cfg
	if ev.Call == nil {
		if !cfg.ChanOps {
			return
		}
		w := &Witness{Chain: []Step{{Name: ev.Op, Pos: r.posString(ev.Pos)}}, Instead: cfg.ChanInstead}
		if cfg.ChanOp == nil || cfg.ChanOp(fn, ev, w) {
			r.sites[fn] = append(r.sites[fn], Site{Node: ev.Node, Pos: ev.Pos, W: w})
		}
		return
	}
	if cfg.CallSite != nil {
		if w := cfg.CallSite(fn, ev); w != nil {
			r.sites[fn] = append(r.sites[fn], Site{Node: ev.Node, Pos: ev.Pos, Call: ev.Call, Callee: ev.Obj, W: w})
			return
		}
	}
	e, known := r.model.Lookup(ev.Obj)
	if ev.Local != nil && !known {
		callers[ev.Local] = append(callers[ev.Local], edge{fn, ev.Call, ev.Local})
		return
	}
	if ev.Local == nil && !known && cfg.Targets != nil && funcs.IsInterfaceMethod(ev.Obj) {
		for _, g := range cfg.Targets(fn, ev.Call) {
			callers[g] = append(callers[g], edge{fn, ev.Call, g})
		}
		return
	}
	if w := r.Object(ev.Obj); w != nil {
		local := known && cfg.Local != nil && cfg.Local(fn, ev, e)
		w = r.extend(ev.Obj, ev.Pos, w)
		if known && cfg.ModelledSite != nil {
			cfg.ModelledSite(fn, ev, e, w)
		}
		r.sites[fn] = append(r.sites[fn], Site{Node: ev.Node, Pos: ev.Pos, Call: ev.Call, Callee: ev.Obj,
			W: w, Local: local, imported: !known})
	}
}

// propagate adds the sites through local calls, breadth first from the
// functions with a direct site, so witnesses are short and stable.
func (r *Result) propagate(callers map[*funcs.Func][]edge) {
	var queue []*funcs.Func
	for _, fn := range r.index.Funcs {
		for _, s := range r.sites[fn] {
			if !s.Local {
				r.facts[fn] = s.W
				queue = append(queue, fn)
				break
			}
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, e := range callers[g] {
			if r.opaque(e.caller) || r.passesNil(e, callers) || r.passesZero(e, callers) {
				continue
			}
			site := Site{Node: e.call, Pos: e.call.Lparen, Call: e.call, Callee: g.Obj,
				W: r.chain(funcName(g, r.pass.Pkg), e.call.Lparen, r.facts[g]), via: g}
			r.sites[e.caller] = append(r.sites[e.caller], site)
			if r.facts[e.caller] == nil {
				r.facts[e.caller] = site.W
				queue = append(queue, e.caller)
			}
		}
	}
}

// passesNil reports whether the call e passes nil for the one parameter
// its callee waits on, only when it is not nil: closeConn(c) calling
// closeConnChan(c, nil), whose send is under "if done != nil". The
// callee must have no other site, and call no function of the package
// that has one.
func (r *Result) passesNil(e edge, callers map[*funcs.Func][]edge) bool {
	g := e.callee
	if g.Obj == nil || g.Body == nil {
		return false
	}
	param := r.guardedParam(g)
	if param == nil || r.waitsThroughCall(g, callers) {
		return false
	}
	sig := g.Obj.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len() && i < len(e.call.Args); i++ {
		if sig.Params().At(i) == param {
			return r.pass.TypesInfo.Types[e.call.Args[i]].IsNil()
		}
	}
	return false
}

// waitsThroughCall reports whether g calls a function of the package
// that has a site, or calls one that does.
func (r *Result) waitsThroughCall(g *funcs.Func, callers map[*funcs.Func][]edge) bool {
	reached := r.reachedBy(callers)
	for _, es := range callers {
		for _, other := range es {
			if other.caller == g && reached[other.callee] {
				return true
			}
		}
	}
	return false
}

// guardedParam returns the parameter every direct site of g is a
// channel operation on, each under an if that tests it against nil
// (if done != nil { done <- v }), or nil.
func (r *Result) guardedParam(g *funcs.Func) *types.Var {
	var param *types.Var
	for _, s := range r.sites[g] {
		if s.Local {
			continue
		}
		var ch ast.Expr
		switch n := s.Node.(type) {
		case *ast.SendStmt:
			ch = n.Chan
		case *ast.UnaryExpr:
			ch = n.X
		case *ast.RangeStmt:
			ch = n.X
		default:
			return nil
		}
		id, ok := ast.Unparen(ch).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := r.pass.TypesInfo.Uses[id].(*types.Var)
		if v == nil || (param != nil && v != param) || !nilTested(r.pass.TypesInfo, g.File, s.Node, v) {
			return nil
		}
		param = v
	}
	if param == nil || !isParamOf(g.Obj, param) {
		return nil
	}
	return param
}

// reachedBy returns the functions that have a direct site or call one
// that has, memoized: those propagate gives a fact.
func (r *Result) reachedBy(callers map[*funcs.Func][]edge) map[*funcs.Func]bool {
	if r.reached != nil {
		return r.reached
	}
	r.reached = make(map[*funcs.Func]bool)
	var queue []*funcs.Func
	for _, fn := range r.index.Funcs {
		if slices.ContainsFunc(r.sites[fn], func(s Site) bool { return !s.Local }) {
			r.reached[fn] = true
			queue = append(queue, fn)
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, e := range callers[g] {
			if !r.reached[e.caller] {
				r.reached[e.caller] = true
				queue = append(queue, e.caller)
			}
		}
	}
	return r.reached
}

func isParamOf(fn *types.Func, v *types.Var) bool {
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if params.At(i) == v {
			return true
		}
	}
	return false
}

// nilTested reports whether n is in the body of an if (without else
// taken) whose condition is v != nil.
func nilTested(info *types.Info, file *ast.File, n ast.Node, v *types.Var) bool {
	path, _ := astutil.PathEnclosingInterval(file, n.Pos(), n.End())
	for i, p := range path {
		iff, ok := p.(*ast.IfStmt)
		if !ok || i == 0 || path[i-1] != iff.Body {
			continue
		}
		b, ok := ast.Unparen(iff.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.NEQ {
			continue
		}
		x, y := ast.Unparen(b.X), ast.Unparen(b.Y)
		if info.Types[x].IsNil() {
			x, y = y, x
		}
		if id, ok := x.(*ast.Ident); ok && info.Uses[id] == v && info.Types[y].IsNil() {
			return true
		}
	}
	return false
}

// merge gives each function's witness the Wakers of its waits at most
// ProvenDepth-1 steps down (its own waits, and those of the functions it
// calls: their Near), and the union of the Always of all of them, to a
// fixpoint through local calls. A site that calls a local function gets
// the callee's Wakers, so a caller sees the waits at most ProvenDepth
// steps down, and no deeper: a sleep deep in a library does not make
// every lock of the package one its callers wait for.
func (r *Result) merge() {
	r.mergeWakers()
	r.mergeAlways()
	r.mergeChains()
}

// mergeWakers computes Near and Wakers of each function's witness, and
// the Wakers of each call site of a local function.
func (r *Result) mergeWakers() {
	for fn, f := range r.facts {
		c := *f
		c.Wakers, c.Near = nil, nil
		r.facts[fn] = &c
	}
	// Near: the wakers of a function's own waits (the operations, the
	// modelled calls), one step down.
	for _, fn := range r.index.Funcs {
		f := r.facts[fn]
		if f == nil {
			continue
		}
		for _, s := range r.sites[fn] {
			if !s.Local && s.via == nil && !s.imported {
				f.Near = addClasses(f.Near, s.W.Wakers)
			}
		}
	}
	// Wakers: Near, and the Near of each function called, two steps.
	for _, fn := range r.index.Funcs {
		f := r.facts[fn]
		if f == nil {
			continue
		}
		f.Wakers = slices.Clone(f.Near)
		for _, s := range r.sites[fn] {
			switch {
			case s.Local:
			case s.via != nil:
				if g := r.facts[s.via]; g != nil {
					f.Wakers = addClasses(f.Wakers, r.narrow(s, g.Near))
				}
			case s.imported:
				f.Wakers = addClasses(f.Wakers, s.W.Near)
			}
		}
	}
	// A call site of a local function: the callee's Wakers.
	for _, fn := range r.index.Funcs {
		for i := range r.sites[fn] {
			s := &r.sites[fn][i]
			if s.via == nil {
				continue
			}
			s.W.Wakers, s.W.Near = nil, nil
			if g := r.facts[s.via]; g != nil {
				s.W.Wakers = slices.Clone(r.narrow(*s, g.Wakers))
			}
		}
	}
}

// narrow gives the wakers a call site carries from its callee's.
func (r *Result) narrow(s Site, wakers []string) []string {
	if r.cfg.Narrow == nil || s.Call == nil || len(wakers) == 0 {
		return wakers
	}
	return r.cfg.Narrow(s.Call, wakers)
}

// mergeAlways propagates Always the whole way down, to a fixpoint.
func (r *Result) mergeAlways() {
	for changed := true; changed; {
		changed = false
		for _, fn := range r.index.Funcs {
			f := r.facts[fn]
			for i := range r.sites[fn] {
				s := &r.sites[fn][i]
				if s.via != nil && !s.W.Always {
					if g := r.facts[s.via]; g != nil && g.Always {
						s.W.Always, changed = true, true
					}
				}
				if f != nil && !s.Local && s.W.Always && !f.Always {
					f.Always, changed = true, true
				}
			}
		}
	}
}

// mergeChains sets the chain a witness shows to that of its first site
// that counts for any lock, or else for some: the reason a caller hears
// of. Chains through local calls are redone from the callees' final
// chains (a few rounds suffice; recursion may leave an older one).
func (r *Result) mergeChains() {
	for range MaxChain {
		changed := false
		for _, fn := range r.index.Funcs {
			sites := r.sites[fn]
			for i := range sites {
				s := &sites[i]
				if g := r.facts[s.via]; s.via != nil && g != nil && !extends(s.W.Chain, g.Chain) {
					s.W.Chain, changed = chainOf(Step{Name: funcName(s.via, r.pass.Pkg), Pos: r.posString(s.Pos)}, g.Chain), true
				}
			}
			f := r.facts[fn]
			if f == nil {
				continue
			}
			if rep := representative(sites); rep >= 0 && !slices.Equal(f.Chain, sites[rep].W.Chain) {
				f.Chain, f.Instead, changed = sites[rep].W.Chain, sites[rep].W.Instead, true
			}
		}
		if !changed {
			break
		}
	}
}

// representative returns the index of the first site (not Local) that
// counts for any lock, or else the first that counts for some, or -1.
func representative(sites []Site) int {
	rep := -1
	for i, s := range sites {
		if s.Local {
			continue
		}
		if s.W.Always {
			return i
		}
		if rep < 0 && len(s.W.Wakers) > 0 {
			rep = i
		}
	}
	return rep
}

// addClasses adds to x the classes of y it lacks.
func addClasses(x, y []string) []string {
	for _, k := range y {
		if !slices.Contains(x, k) {
			x = append(x, k)
		}
	}
	return x
}

// extends reports whether chain is what chain gives for a call (its
// first step, the call of a site through a local call, which does not
// change) of a function whose chain is sub: the call, then sub, cut to
// MaxChain as chain cuts it.
func extends(chain, sub []Step) bool {
	if len(chain) == 0 {
		return false
	}
	if len(sub)+1 <= MaxChain {
		return len(chain) == len(sub)+1 && slices.Equal(chain[1:], sub)
	}
	return len(chain) == MaxChain && slices.Equal(chain[1:MaxChain-1], sub[:MaxChain-2]) && chain[MaxChain-1] == sub[len(sub)-1]
}

// extend prefixes the witness of obj with the call of obj at pos.
func (r *Result) extend(obj *types.Func, pos token.Pos, w *Witness) *Witness {
	name := model.Name(obj, r.pass.Pkg)
	if len(w.Chain) == 1 && w.Chain[0].Pos == "" {
		// A modelled function: the call is the operation.
		return &Witness{Chain: []Step{{Name: name, Pos: r.posString(pos)}}, Instead: w.Instead, Wakers: slices.Clone(w.Wakers), Near: slices.Clone(w.Near), Always: w.Always}
	}
	return r.chain(name, pos, w)
}

func (r *Result) chain(name string, pos token.Pos, w *Witness) *Witness {
	return &Witness{Chain: chainOf(Step{Name: name, Pos: r.posString(pos)}, w.Chain), Instead: w.Instead,
		Wakers: slices.Clone(w.Wakers), Near: slices.Clone(w.Near), Always: w.Always}
}

// chainOf returns the chain of a call (step) of a function whose chain
// is sub, cut to MaxChain steps: its first ones and the operation.
func chainOf(step Step, sub []Step) []Step {
	n := min(len(sub)+1, MaxChain)
	chain := make([]Step, 0, n)
	chain = append(chain, step)
	if len(sub)+1 <= MaxChain {
		return append(chain, sub...)
	}
	chain = append(chain, sub[:MaxChain-2]...)
	return append(chain, sub[len(sub)-1])
}

func (r *Result) posString(pos token.Pos) string { return PosString(r.pass.Fset, pos) }

// PosString renders pos as "file.go:line".
func PosString(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// funcName names a local function for messages: "load", "(*T).m", or
// "the func literal" (the step's position says which).
func funcName(fn *funcs.Func, pkg *types.Package) string {
	if fn.Obj != nil {
		return model.Name(fn.Obj, pkg)
	}
	return "the func literal"
}
