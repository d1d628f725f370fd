// Package maywait computes which functions may wait for another
// goroutine without suspending: the waits a sync lock held across can
// turn into a deadlock in plain Go, when the goroutine that would end the
// wait needs the same lock. They are:
//
//   - a channel send, receive or range, and a select without default;
//   - the calls whose model entry has the Waits effect: sync.WaitGroup.Wait,
//     errgroup's Group.Wait, sync.Cond.Wait, time.Sleep,
//     runtime.Runtime.Close.
//
// File and network I/O are not waits here (mayblock counts them). A
// function the model says suspends (or annotated //asynclint:suspends) is
// not analysed: its waits are the runtime's, which maysuspend reports.
//
// Each function that may wait, directly or through calls, gets a Waiting
// fact with the witness chain. Calls are followed as in mayblock
// (passes/internal/reach).
//
// Some channel operations are known not to wait for another goroutine,
// and are not counted:
//
//   - operations on a channel made in the function and never seen by
//     another goroutine: the variable is used only to send, receive,
//     range, len, cap and close, in the function itself (not in a closure);
//   - a send on a channel made in the function with a constant capacity
//     k > 0, when fewer than k sends can run before it (those written
//     before it, and all those in closures), none in a loop (relative to
//     the make), no goto in the function, and the variable is handed out
//     only as a receive-only channel: the buffer always has room;
//   - a select with such a send among its cases.
//
// The proofs are deliberately simple; anything else counts. A
// sync.Cond.Wait makes its function a waiting one for callers only when
// the lock its Cond is bound to is known (its wakers leave that lock
// out); otherwise it is a site of its own function only, where lockawait
// tells c.L from another lock.
//
// # Wakers
//
// A lock held across a wait deadlocks when some goroutine that could end
// the wait may take that lock before its side. Each witness says which
// locks count (Witness.Wakers, by refs class, lockset's Lock.Order; see
// Conflicts for read locks), found on SSA from passes/chanflow and
// passes/refs (see peers, in peers.go): the counterparts of a channel
// operation, the Done calls and Go bodies of a WaitGroup or errgroup,
// the Signal and Broadcast calls of a Cond (less the Cond's own lock), the
// locks another goroutine may take for time.Sleep. A waker's lock carries,
// when known, where it lives in the value holding it inline
// (lockset.ValuePath, after "|"): a lock in a FileStore's embedded store
// is not a SQLStore's. Always is set for
// Runtime.Close, where any lock counts. A function's fact carries the
// union over its waits, and shows the chain of a wait that counts. Calls
// through interfaces of the package and func values are followed to the
// package functions they may run (at most three). Local classes
// (variables of the package) are not exported.
package maywait

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
)

// ProvenDepth is the longest chain (the call in the lock holder, the
// calls below it, the wait) whose wakers a site carries: a Site's
// Fact.Wakers are those of the waits at most this deep.
const ProvenDepth = reach.ProvenDepth

// Step is one link of a witness chain: a call of Name (or an operation
// named Name) at Pos, a "file.go:line" position.
type Step = reach.Step

// Waiting is the fact on a function that may wait for another goroutine.
// Chain[0] is the call (or operation) the function makes; the last step is
// the wait itself.
type Waiting reach.Witness

func (*Waiting) AFact() {}

func (w *Waiting) String() string { return "waits: " + w.Describe() }

// Describe renders the chain as "calls flush (a.go:3), which does a
// channel send (a.go:9)".
func (w *Waiting) Describe() string { return (*reach.Witness)(w).Describe() }

// Site is a place in a function where it may wait: a channel operation,
// a select, a waiting call, or a call of a function that may wait.
type Site struct {
	// Node is the *ast.CallExpr, or the *ast.SendStmt, *ast.UnaryExpr,
	// *ast.RangeStmt or *ast.SelectStmt.
	Node ast.Node
	Pos  token.Pos
	// Call is the call, or nil for a channel operation.
	Call *ast.CallExpr
	// Callee is the named function called, if any.
	Callee *types.Func
	// Fact describes the site: Chain[0] is the site itself.
	Fact *Waiting
	// Unlocks: the wait releases the lock its receiver is bound to while
	// it waits (sync.Cond.Wait).
	Unlocks bool
	// Via is the function of the package the site calls, if it is one.
	Via *funcs.Func
}

// Result gives the wait sites of every function of the package.
type Result struct {
	r     *reach.Result
	m     *model.Model
	peers func() *peers
}

// Peer names a goroutine of the package that could end the wait at pos
// (a witness chain's position, "file.go:12") and may take a lock of
// class first: "the receive at conn.go:50 in (*Conn).loop, run by the
// goroutine started at conn.go:20,"; "" when none is known.
//
// inst is where the held lock lives (lockset's Result.ValuePath): a peer
// whose lock is elsewhere is not named.
func (r *Result) Peer(pos, class, inst string) string {
	if r.peers == nil {
		return ""
	}
	p := r.peers()
	if p == nil {
		return ""
	}
	m := p.peerOf[pos]
	if d, ok := m[class+instSep+inst]; ok && inst != "" {
		return d
	}
	if d, ok := m[class]; ok {
		return d
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if c, wi := splitWaker(k); c == class && lockset.SameValuePath(inst, wi) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	return m[keys[0]]
}

// Sleeps reports whether the wait at pos (as Peer takes it) is a sleep:
// its peer takes the lock while it sleeps rather than before its side.
func (r *Result) Sleeps(pos string) bool {
	if r.peers == nil {
		return false
	}
	p := r.peers()
	return p != nil && p.sleeps[pos]
}

// Sites returns where fn, a function of the package, may wait, in source
// order.
func (r *Result) Sites(fn *funcs.Func) []Site {
	rs := r.r.Sites(fn)
	if len(rs) == 0 {
		return nil
	}
	sites := make([]Site, len(rs))
	for i, s := range rs {
		unlocks := false
		if s.Local && s.Callee != nil {
			e, ok := r.m.Lookup(s.Callee)
			unlocks = ok && e.Is(model.WaitUnlocks)
		}
		sites[i] = Site{Node: s.Node, Pos: s.Pos, Call: s.Call, Callee: s.Callee, Fact: (*Waiting)(s.W), Unlocks: unlocks, Via: s.Via()}
	}
	return sites
}

// Object returns the Waiting fact of a function of any package, or nil.
func (r *Result) Object(obj *types.Func) *Waiting { return (*Waiting)(r.r.Object(obj)) }

var Analyzer = &analysis.Analyzer{
	Name:       "maywait",
	Doc:        "compute which functions may wait for another goroutine without suspending, with the witness chain",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, reach.Analyzer, lockset.Analyzer, chanflow.Analyzer},
	FactTypes:  []analysis.Fact{new(Waiting)},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	s := &waitRun{
		pass:  pass,
		m:     pass.ResultOf[model.Analyzer].(*model.Model),
		ix:    pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		locks: pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		cf:    pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		chans: make(map[*funcs.Func]chanInfo),
	}
	// The cheap gate before SSA: dynamic calls are resolved (on SSA) only
	// to carry waits to their callers; with no wait in the package,
	// there is nothing to carry.
	evs := pass.ResultOf[reach.Analyzer].(*reach.Events)
	s.mayWait = anyWait(pass, s.ix, evs, s.m)
	r := reach.Run(pass, evs, s.ix, s.m,
		reach.Config{
			Effect:       model.Waits,
			Opaque:       model.Suspends,
			ChanOps:      true,
			ChanOp:       s.chanOp,
			ModelledSite: s.modelledSite,
			Targets:      s.targets,
			Local:        s.local,
			Merge:        true,
			Narrow:       s.narrow,
			Import:       s.importFact,
			Export:       s.exportFact,
		})
	// The peers are built by now if they ever will be.
	return &Result{r: r, m: s.m, peers: func() *peers { return s.p }}, nil
}

// A waitRun holds what run's reach callbacks share.
type waitRun struct {
	pass    *analysis.Pass
	m       *model.Model
	ix      *funcs.Index
	locks   *lockset.Result
	cf      *chanflow.Result
	mayWait bool                     // some event of the package may wait (anyWait)
	chans   map[*funcs.Func]chanInfo // analyzeChans's, by function
	p       *peers                   // built on first use (peersOf)
}

// peersOf returns the other sides of the waits, looked for on SSA, built
// only in a package that takes a sync lock; nil otherwise.
func (s *waitRun) peersOf() *peers {
	if s.p == nil && s.locks.TakesAny() {
		s.p = newPeers(s.cf, s.m)
		s.p.locks = s.locks
	}
	return s.p
}

// chansOf returns what fn's uses of its channel variables prove.
func (s *waitRun) chansOf(fn *funcs.Func) chanInfo {
	ci, ok := s.chans[fn]
	if !ok {
		ci = analyzeChans(s.pass.TypesInfo, s.ix, fn)
		s.chans[fn] = ci
	}
	return ci
}

// chanOp reports whether a channel operation may wait, and sets the
// wakers of its witness.
func (s *waitRun) chanOp(fn *funcs.Func, ev reach.Event, w *reach.Witness) bool {
	info := s.pass.TypesInfo
	if quiet(info, s.chansOf(fn), ev.Node) || s.bounded(ev.Node) {
		return false
	}
	// A literal's channel may be its enclosing function's.
	if decl := enclosingDecl(s.ix, fn); decl != nil && quiet(info, s.chansOf(decl), ev.Node) {
		return false
	}
	if p := s.peersOf(); p != nil {
		if p.findsRoom(ev.Node) || p.drained(ev.Node) || p.countedDown(ev.Node) || p.stocked(ev.Node) || p.gated(ev.Node) {
			return false
		}
		w.Wakers, _ = p.chanWakers(ev.Node)
	}
	if _, sel := ev.Node.(*ast.SelectStmt); sel && len(w.Chain) == 1 {
		// The model's name speaks of the runtime's worker slots, which a
		// plain goroutine does not have.
		w.Chain[0].Name = "a select without default"
	}
	return true
}

// modelledSite sets the wakers of a call the model says waits.
func (s *waitRun) modelledSite(fn *funcs.Func, ev reach.Event, e model.Entry, w *reach.Witness) {
	p := s.peersOf()
	switch {
	case e.Is(model.Joins) && !e.Is(model.Spawns):
		// WaitGroup.Wait, errgroup's Wait: the goroutines that end it
		// are the package's.
		if p != nil {
			w.Wakers = p.joinWakers(ev.Call)
		}
	case e.Is(model.WaitUnlocks):
		// Cond.Wait: the goroutines that signal it.
		if p != nil {
			w.Wakers, _ = p.condWakers(ev.Call)
		}
	case e.Is(model.Sleeps):
		// A sleep stalls the goroutines that want the lock.
		if p != nil {
			w.Wakers = p.sleepWakers(ev.Call)
		}
	default:
		// Runtime.Close: any lock held counts.
		w.Always = true
	}
}

// targets resolves interface and func-valued calls as chanflow does.
func (s *waitRun) targets(fn *funcs.Func, call *ast.CallExpr) []*funcs.Func {
	if !s.mayWait || s.peersOf() == nil {
		return nil
	}
	c := s.cf.Program().CallAt(call.Lparen)
	if c == nil {
		return nil
	}
	// An interface of the package, or a func value, with few
	// implementations; a test file's only for a test.
	if common := c.Common(); common.IsInvoke() && common.Method.Pkg() != s.pass.Pkg {
		return nil
	}
	var out []*funcs.Func
	for _, g := range s.cf.CallTargets(c) {
		if syn := g.Syntax(); syn != nil {
			if isTest(s.pass, syn.Pos()) && !isTest(s.pass, call.Pos()) {
				continue
			}
			if f := s.ix.Of(syn); f != nil && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	if len(out) > maxTargets {
		return nil
	}
	return out
}

// local reports whether a modelled wait is a site of its function only:
// a Cond.Wait is a wait for callers only when the lock its Cond is bound
// to is known, since the caller may hold that one.
func (s *waitRun) local(fn *funcs.Func, ev reach.Event, e model.Entry) bool {
	if !e.Is(model.WaitUnlocks) {
		return false
	}
	p := s.peersOf()
	if p == nil {
		return true
	}
	_, known := p.condWakers(ev.Call)
	return !known
}

func (s *waitRun) importFact(obj *types.Func) (*reach.Witness, bool) {
	var w Waiting
	if s.pass.ImportObjectFact(obj, &w) {
		return (*reach.Witness)(&w), true
	}
	return nil, false
}

// exportFact exports a function's witness, less the classes another
// package cannot name.
func (s *waitRun) exportFact(obj *types.Func, w *reach.Witness) {
	f := Waiting(*w)
	f.Wakers, f.Near = exported(w.Wakers), exported(w.Near)
	s.pass.ExportObjectFact(obj, &f)
}

// narrow checks the conditions of the wakers of a call of a function
// of the package against the call (see instance.go).
func (s *waitRun) narrow(call *ast.CallExpr, wakers []string) []string {
	p := s.peersOf()
	if p == nil || !slices.ContainsFunc(wakers, func(w string) bool { return strings.Contains(w, condSep) }) {
		return wakers
	}
	return p.narrow(s.cf.Program().CallAt(call.Lparen), wakers)
}

// exported returns the classes of ws another package can name, sorted,
// without the conditions only this package can check.
func exported(ws []string) []string {
	var out []string
	for _, k := range ws {
		k = stripCond(k)
		if !lockset.LocalClass(k) && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// anyWait reports whether some function of the package has an event
// that may be a wait: a channel operation, or a call of a function the
// model says waits or whose Waiting fact is known.
func anyWait(pass *analysis.Pass, ix *funcs.Index, evs *reach.Events, m *model.Model) bool {
	for _, fn := range ix.Funcs {
		for _, ev := range evs.Of(fn) {
			if ev.Call == nil {
				return true
			}
			if ev.Obj == nil {
				continue
			}
			if e, ok := m.Lookup(ev.Obj.Origin()); ok {
				if e.Is(model.Waits) {
					return true
				}
				continue
			}
			if ev.Local == nil && ev.Obj.Pkg() != pass.Pkg && pass.ImportObjectFact(ev.Obj.Origin(), new(Waiting)) {
				return true
			}
		}
	}
	return false
}

// maxTargets bounds the functions a dynamic call is followed into.
const maxTargets = 3

func isTest(pass *analysis.Pass, pos token.Pos) bool {
	return posfmt.InTest(pass.Fset, pos)
}

// chanInfo is what the function's uses of its channel variables prove.
type chanInfo struct {
	// hidden: no other goroutine can see the channel.
	hidden map[*types.Var]bool
	// spare: the send always finds room in the buffer.
	spare map[*ast.SendStmt]bool
}

// bounded reports whether n is a select with a timer among its cases
// (time.After, a Timer's or Ticker's C, a helper that returns one): it
// ends when the timer fires whatever other goroutines do, so it is a
// delay, not a wait for them.
func (s *waitRun) bounded(n ast.Node) bool {
	sel, ok := n.(*ast.SelectStmt)
	if !ok {
		return false
	}
	for _, instr := range s.cf.Program().InstrsAt(sel.Select) {
		if ss, ok := instr.(*ssa.Select); ok {
			for _, st := range ss.States {
				if st.Dir == types.RecvOnly && s.cf.IsTimer(st.Chan) {
					return true
				}
			}
			return false
		}
	}
	// Not built as a select (one case, no default): read the cases.
	info := s.pass.TypesInfo
	for _, c := range model.SelectCases(sel) {
		switch ch := astutil.Unparen(model.RecvChan(c)).(type) {
		case *ast.CallExpr:
			if f, ok := typeutil.Callee(info, ch).(*types.Func); ok {
				if e, ok := s.m.Lookup(f); ok && e.Is(model.Timer) {
					return true
				}
			}
		case *ast.SelectorExpr:
			if fld, ok := info.Uses[ch.Sel].(*types.Var); ok && model.IsTimerField(fld) {
				return true
			}
		}
	}
	return false
}

// quiet reports whether a channel operation (send, receive, range or
// select) is known not to wait for another goroutine, given what the
// function's uses prove of its channel variables.
func quiet(info *types.Info, ci chanInfo, n ast.Node) bool {
	hidden := func(e ast.Expr) bool {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		v, _ := info.Uses[id].(*types.Var)
		return ci.hidden[v]
	}
	switch n := n.(type) {
	case *ast.SendStmt:
		return hidden(n.Chan) || ci.spare[n]
	case *ast.UnaryExpr:
		return hidden(n.X)
	case *ast.RangeStmt:
		return hidden(n.X)
	case *ast.SelectStmt:
		all := true
		for _, c := range model.SelectCases(n) {
			h := false
			switch c := c.(type) {
			case *ast.SendStmt:
				if ci.spare[c] {
					return true // this case is always ready
				}
				h = hidden(c.Chan)
			case *ast.ExprStmt:
				if u, ok := astutil.Unparen(c.X).(*ast.UnaryExpr); ok {
					h = hidden(u.X)
				}
			case *ast.AssignStmt:
				if len(c.Rhs) == 1 {
					if u, ok := astutil.Unparen(c.Rhs[0]).(*ast.UnaryExpr); ok {
						h = hidden(u.X)
					}
				}
			}
			all = all && h
		}
		return all && len(n.Body.List) > 0
	}
	return false
}

// analyzeChans looks at every use of the channel variables that fn makes
// (v := make(chan T, k)) and says which are hidden from other goroutines
// and which always have room for their sends.
func analyzeChans(info *types.Info, ix *funcs.Index, fn *funcs.Func) chanInfo {
	c := &chanScan{info: info, ix: ix, fn: fn, vars: make(map[*types.Var]*chanVar)}
	// First the makes.
	ast.Inspect(fn.Body, c.makes)
	if len(c.vars) == 0 {
		return chanInfo{}
	}
	// Then every use, closures included.
	ast.PreorderStack(fn.Body, nil, c.use)
	return c.proofs()
}

// A chanScan is analyzeChans's walk of one function.
type chanScan struct {
	info    *types.Info
	ix      *funcs.Index
	fn      *funcs.Func
	vars    map[*types.Var]*chanVar // the channels fn makes
	hasGoto bool
}

// A chanVar is what the uses of one channel variable show.
type chanVar struct {
	mk       ast.Node // the statement that makes the channel
	capacity int64    // constant capacity, or -1
	capExpr  ast.Expr // the capacity, if not constant
	defs     int
	sends    []chanSend
	loopSend bool // a send in a loop the make is not in
	captured bool // used in a closure
	escapes  bool // used other than send/receive/range/len/cap/close
	readOnly bool // handed out as a receive-only channel
}

// A chanSend is a send on a channel variable.
type chanSend struct {
	stmt     *ast.SendStmt
	captured bool       // in a closure: it may run at any time
	stack    []ast.Node // its enclosing nodes
}

// makes records the channel variables a node defines with a make, and
// the gotos; function literals' makes are their own.
func (c *chanScan) makes(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncLit:
		return false
	case *ast.BranchStmt:
		if n.Tok == token.GOTO {
			c.hasGoto = true
		}
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					c.define(n, id, n.Rhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, id := range n.Names {
				c.define(n, id, n.Values[i])
			}
		}
	}
	return true
}

// define records id, defined by mk as value, if value makes a channel.
func (c *chanScan) define(mk ast.Node, id *ast.Ident, value ast.Expr) {
	if v, ok := c.info.Defs[id].(*types.Var); ok {
		if k, ok := makeChan(c.info, value); ok {
			c.vars[v] = &chanVar{mk: mk, capacity: k, capExpr: capExpr(value), defs: 1}
		}
	}
}

// use records a use of a channel variable, and the gotos.
func (c *chanScan) use(n ast.Node, stack []ast.Node) bool {
	if _, ok := n.(*ast.BranchStmt); ok && n.(*ast.BranchStmt).Tok == token.GOTO {
		c.hasGoto = true
	}
	id, ok := n.(*ast.Ident)
	if !ok {
		return true
	}
	v, _ := c.info.Uses[id].(*types.Var)
	s := c.vars[v]
	if s == nil {
		return true
	}
	child, i := outerParen(id, stack)
	inLit := false
	for _, a := range stack {
		if _, ok := a.(*ast.FuncLit); ok {
			inLit = true
		}
	}
	s.captured = s.captured || inLit
	if i < 0 || !c.kept(s, child, stack[:i+1], inLit) {
		s.escapes = true
	}
	return true
}

// kept reports whether child, the channel variable of s (or it in
// parens), is used by the last node of stack in a way that keeps the
// channel in fn: a send, receive, range, len, cap or close, or handed
// out as a receive-only channel. It records the sends and hand-outs.
func (c *chanScan) kept(s *chanVar, child ast.Node, stack []ast.Node, inLit bool) bool {
	switch p := stack[len(stack)-1].(type) {
	case *ast.SendStmt:
		if p.Chan == child {
			s.sends = append(s.sends, chanSend{p, inLit, slices.Clone(stack)})
			if inLoop(stack, s.mk) && !returnsAfter(stack) {
				s.loopSend = true // a send in a loop, unless it ends the run
			}
			return true
		}
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.RangeStmt:
		return p.X == child
	case *ast.CallExpr:
		if b, ok := c.info.Uses[calleeIdent(p.Fun)].(*types.Builtin); ok {
			switch b.Name() {
			case "len", "cap", "close":
				return true
			}
		}
		if sig, ok := c.info.TypeOf(p.Fun).(*types.Signature); ok && !sig.Variadic() {
			for j, a := range p.Args {
				if a == child && j < sig.Params().Len() && (recvOnly(sig.Params().At(j).Type()) || c.receivesOnly(p, j)) {
					s.readOnly = true
					return true
				}
			}
		}
	case *ast.ReturnStmt:
		if sig := enclosingSig(c.info, c.fn, stack[:len(stack)-1]); sig != nil && len(p.Results) == sig.Results().Len() {
			for j, r := range p.Results {
				if r == child && recvOnly(sig.Results().At(j).Type()) {
					s.readOnly = true
					return true
				}
			}
		}
	}
	return false
}

// receivesOnly reports whether call's callee is a function of the
// package that only receives from its j-th parameter (receives, range,
// len, cap): a bidirectional parameter used as a receive-only one
// (drain(errc, 2)).
func (c *chanScan) receivesOnly(call *ast.CallExpr, j int) bool {
	callee, _ := c.ix.Callee(call)
	if callee == nil || callee.Body == nil || callee.Obj == nil {
		return false
	}
	param := callee.Obj.Type().(*types.Signature).Params().At(j)
	only := true
	ast.PreorderStack(callee.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && only && c.info.Uses[id] == param {
			only = receivedFrom(c.info, id, stack)
		}
		return only
	})
	return only
}

// outerParen returns id in its parens, and the index in stack of the
// innermost enclosing node that is not a paren (-1 if none).
func outerParen(id *ast.Ident, stack []ast.Node) (ast.Node, int) {
	var child ast.Node = id
	i := len(stack) - 1
	for ; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
	}
	return child, i
}

// receivedFrom reports whether id, with the enclosing nodes stack, is the
// channel of a receive, a range, or a len or cap.
func receivedFrom(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	child, i := outerParen(id, stack)
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.RangeStmt:
		return p.X == child
	case *ast.CallExpr:
		b, ok := info.Uses[calleeIdent(p.Fun)].(*types.Builtin)
		return ok && (b.Name() == "len" || b.Name() == "cap")
	}
	return false
}

// proofs says, from the uses, which channels are hidden and which sends
// find room. A send finds room when fewer than capacity sends can have
// run before it: those written before it, and those in closures, which
// may run at any time. Without loops and gotos, a send written after it
// cannot run before it.
func (c *chanScan) proofs() chanInfo {
	out := chanInfo{hidden: make(map[*types.Var]bool), spare: make(map[*ast.SendStmt]bool)}
	for v, s := range c.vars {
		out.hidden[v] = !s.escapes && !s.captured && !s.readOnly
		if !s.escapes && !c.hasGoto && s.capacity < 0 && len(s.sends) == 1 &&
			onePerGoroutine(c.info, c.fn, s.mk, s.capExpr, s.sends[0].stack) {
			out.spare[s.sends[0].stmt] = true
			continue
		}
		if s.escapes || c.hasGoto || s.capacity <= 0 || s.loopSend {
			continue
		}
		once := oneSendEach(s)
		for _, x := range s.sends {
			if int64(sendsBefore(s, x, once)) < s.capacity {
				out.spare[x.stmt] = true
			}
		}
	}
	return out
}

// sendsBefore counts the sends of s that can have run before x: those
// written before it, those in closures, which may run at any time; a
// goroutine that sends once (once) counts once, and not at all for a
// send of its own.
func sendsBefore(s *chanVar, x chanSend, once map[*ast.FuncLit]bool) int {
	before := 0
	counted := make(map[*ast.FuncLit]bool)
	xl := litOf(x.stack)
	for _, y := range s.sends {
		if y.stmt == x.stmt {
			continue
		}
		if yl := litOf(y.stack); yl != nil && once[yl] {
			if yl != xl && !counted[yl] {
				counted[yl] = true
				before++
			}
			continue
		}
		if y.captured || y.stmt.Pos() < x.stmt.Pos() {
			before++
		}
	}
	return before
}

// oneSendEach returns the function literals, started once by a go
// statement (not in a loop), whose every send on s ends their run: it
// is followed by a return, or is the last statement of the literal.
// Each sends at most one value (errCh <- err; return ... errCh <- nil).
func oneSendEach(s *chanVar) map[*ast.FuncLit]bool {
	out := make(map[*ast.FuncLit]bool)
	bad := make(map[*ast.FuncLit]bool)
	for _, y := range s.sends {
		lit := litOf(y.stack)
		if lit == nil {
			continue
		}
		i := slices.Index(y.stack, ast.Node(lit))
		if !goOnce(y.stack[:i], lit, s.mk) || !endsRun(y.stack, lit, y.stmt) {
			bad[lit] = true
			continue
		}
		out[lit] = true
	}
	for lit := range bad {
		delete(out, lit)
	}
	return out
}

// litOf returns the innermost function literal of a stack, or nil.
func litOf(stack []ast.Node) *ast.FuncLit {
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			return lit
		}
	}
	return nil
}

// goOnce reports whether lit, with the enclosing nodes outer, is the
// function of a go statement that is not in a loop (relative to mk).
func goOnce(outer []ast.Node, lit *ast.FuncLit, mk ast.Node) bool {
	n := len(outer)
	if n < 2 {
		return false
	}
	call, ok := outer[n-1].(*ast.CallExpr)
	if !ok || call.Fun != ast.Expr(lit) {
		return false
	}
	if _, ok := outer[n-2].(*ast.GoStmt); !ok {
		return false
	}
	return !inLoop(outer, mk)
}

// endsRun reports whether send, in lit, is followed by a return in its
// statement list, or is the last statement of lit's body.
func endsRun(stack []ast.Node, lit *ast.FuncLit, send *ast.SendStmt) bool {
	if returnsAfter(stack) {
		return true
	}
	// The last statement of the literal, outside any loop.
	return len(stack) >= 2 && stack[len(stack)-2] == ast.Node(lit.Body) && lit.Body.List[len(lit.Body.List)-1] == ast.Stmt(send)
}

// returnsAfter reports whether the send that ends stack is followed by a
// return in its statement list.
func returnsAfter(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	send, ok := stack[len(stack)-1].(*ast.SendStmt)
	if !ok {
		return false
	}
	list := stmtListOf(stack[len(stack)-2])
	j := slices.Index(list, ast.Stmt(send))
	if j < 0 || j == len(list)-1 {
		return false
	}
	_, ret := list[j+1].(*ast.ReturnStmt)
	return ret
}

// stmtListOf returns the statement list parent holds, if any.
func stmtListOf(parent ast.Node) []ast.Stmt {
	switch p := parent.(type) {
	case *ast.BlockStmt:
		return p.List
	case *ast.CaseClause:
		return p.Body
	case *ast.CommClause:
		return p.Body
	}
	return nil
}

// enclosingDecl returns the declaration a function literal is in, or nil.
func enclosingDecl(ix *funcs.Index, fn *funcs.Func) *funcs.Func {
	if _, ok := fn.Node.(*ast.FuncLit); !ok || fn.File == nil {
		return nil
	}
	for _, d := range fn.File.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= fn.Node.Pos() && fn.Node.End() <= fd.End() {
			return ix.Of(fd)
		}
	}
	return nil
}

func capExpr(e ast.Expr) ast.Expr {
	if call, ok := astutil.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 2 {
		return call.Args[1]
	}
	return nil
}

// onePerGoroutine proves the idiom
//
//	ch := make(chan T, n)           // or len(xs)
//	for i := 0; i < n; i++ {        // or for range n, for ... range xs
//		go func() { ...; ch <- v }()
//	}
//
// for the one send on ch in the function, which is not in a loop of its
// own goroutine: n goroutines send once each into a buffer of n. n (or
// xs) must not change between the make and the end of the loop.
func onePerGoroutine(info *types.Info, fn *funcs.Func, mk ast.Node, capacity ast.Expr, stack []ast.Node) bool {
	if capacity == nil {
		return false
	}
	j, ok := sendGoroutine(stack)
	if !ok {
		return false
	}
	loop := spawnLoop(stack[:j-2], mk)
	if loop == nil {
		return false
	}
	bound := loopBound(info, capacity, loop)
	return bound != nil && !assigned(info, fn.Body, bound, mk.Pos(), loop.End())
}

// sendGoroutine returns the index in a send's stack of the literal of
// its goroutine, go func() {...}() directly in the function, when the
// send is in no loop of that goroutine.
func sendGoroutine(stack []ast.Node) (int, bool) {
	j := -1
	for k, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			if j >= 0 {
				return 0, false // nested literals
			}
			j = k
		}
	}
	if j < 2 {
		return 0, false
	}
	call, ok := stack[j-1].(*ast.CallExpr)
	if !ok || call.Fun != stack[j] {
		return 0, false
	}
	if g, ok := stack[j-2].(*ast.GoStmt); !ok || g.Call != call {
		return 0, false
	}
	for _, n := range stack[j+1:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return 0, false // sends more than once
		}
	}
	return j, true
}

// spawnLoop returns the loop that starts the goroutines, given the
// stack above the go statement: the innermost loop, which must not
// contain the make while every other does; nil if there is none.
func spawnLoop(stack []ast.Node, mk ast.Node) ast.Stmt {
	var loop ast.Stmt
	for _, n := range stack {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop != nil && !(loop.Pos() <= mk.Pos() && mk.End() <= loop.End()) {
				return nil
			}
			loop = n.(ast.Stmt)
		}
	}
	if loop == nil || (loop.Pos() <= mk.Pos() && mk.End() <= loop.End()) {
		return nil
	}
	return loop
}

// loopBound returns the variable (n, or xs) that both the capacity and
// the loop count to, or nil: a capacity n with a loop for i := 0; i < n;
// i++ or for range n, or a capacity len(xs) with a loop over xs.
func loopBound(info *types.Info, capacity ast.Expr, loop ast.Stmt) *types.Var {
	switch c := astutil.Unparen(capacity).(type) {
	case *ast.Ident:
		bound := identVar(info, c)
		switch l := loop.(type) {
		case *ast.ForStmt:
			if !countsTo(info, l, bound) {
				return nil
			}
		case *ast.RangeStmt:
			if identVar(info, l.X) != bound {
				return nil
			}
		}
		return bound
	case *ast.CallExpr:
		if b, ok := info.Uses[calleeIdent(c.Fun)].(*types.Builtin); !ok || b.Name() != "len" || len(c.Args) != 1 {
			return nil
		}
		bound := identVar(info, c.Args[0])
		if l, ok := loop.(*ast.RangeStmt); !ok || identVar(info, l.X) != bound {
			return nil
		}
		return bound
	}
	return nil
}

// countsTo reports whether l is for i := 0; i < bound; i++, with i not
// assigned in its body.
func countsTo(info *types.Info, l *ast.ForStmt, bound *types.Var) bool {
	init, ok := l.Init.(*ast.AssignStmt)
	cond, ok2 := l.Cond.(*ast.BinaryExpr)
	post, ok3 := l.Post.(*ast.IncDecStmt)
	if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || cond.Op != token.LSS ||
		post.Tok != token.INC {
		return false
	}
	i, _ := info.Defs[init.Lhs[0].(*ast.Ident)].(*types.Var)
	if zero, ok := info.Types[init.Rhs[0]]; !ok || zero.Value == nil || zero.Value.String() != "0" ||
		i == nil || identVar(info, cond.X) != i || identVar(info, cond.Y) != bound || identVar(info, post.X) != i ||
		assigned(info, l.Body, i, l.Body.Pos(), l.Body.End()) {
		return false
	}
	return true
}

// identVar returns the variable e, an identifier in parens or not,
// uses, or nil.
func identVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// assigned reports whether v may be assigned within [from, to) of root.
func assigned(info *types.Info, root ast.Node, v *types.Var, from, to token.Pos) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v && from <= id.Pos() && id.Pos() < to
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && is(n.X))
		}
		return !found
	})
	return found
}

// makeChan reports whether e is make(chan T[, k]), and k if it is a
// constant (0 without k, -1 if not constant).
func makeChan(info *types.Info, e ast.Expr) (int64, bool) {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	if b, ok := info.Uses[calleeIdent(call.Fun)].(*types.Builtin); !ok || b.Name() != "make" || len(call.Args) == 0 {
		return 0, false
	}
	if _, ok := types.Unalias(info.TypeOf(call.Args[0])).Underlying().(*types.Chan); !ok {
		return 0, false
	}
	if len(call.Args) < 2 {
		return 0, true
	}
	tv := info.Types[call.Args[1]]
	if tv.Value == nil {
		return -1, true
	}
	k, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok {
		return -1, true
	}
	return k, true
}

func calleeIdent(e ast.Expr) *ast.Ident {
	id, _ := astutil.Unparen(e).(*ast.Ident)
	return id
}

func recvOnly(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	return ok && c.Dir() == types.RecvOnly
}

// inLoop reports whether a loop on the stack does not contain mk: the
// operation runs more than once per channel.
func inLoop(stack []ast.Node, mk ast.Node) bool {
	for _, a := range stack {
		switch a.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !(a.Pos() <= mk.Pos() && mk.End() <= a.End()) {
				return true
			}
		}
	}
	return false
}

// enclosingSig returns the signature of the innermost function on the
// stack (fn itself if none).
func enclosingSig(info *types.Info, fn *funcs.Func, stack []ast.Node) *types.Signature {
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			sig, _ := info.TypeOf(lit).(*types.Signature)
			return sig
		}
	}
	if fn.Obj != nil {
		return fn.Obj.Type().(*types.Signature)
	}
	sig, _ := info.TypeOf(fn.Node.(*ast.FuncLit)).(*types.Signature)
	return sig
}
