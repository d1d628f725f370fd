package condwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "condwait",
	Doc:      analysisdoc.Extract(doc, "condwait"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/condwait/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, lockset.Analyzer, lockacq.Analyzer, tasks.Analyzer, chanflow.Analyzer},
	Run:      run,
}

// A wait is a call of sync.Cond.Wait (the model's WaitUnlocks calls on a
// value bound to a lock), with the function it is in.
type wait struct {
	call *ast.CallExpr
	fn   *funcs.Func
}

type checker struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	m      *model.Model
	locks  *lockset.Result
	acq    *lockacq.Result
	spawns *tasks.Result
	graphs *flow.Graphs
	holds  map[*funcs.Func]bool // mayHold's memo
}

func run(pass *analysis.Pass) (any, error) {
	// The cheap gate: a sync.Cond is used only where sync is imported
	// (a Cond reached through another package's exported field is rare
	// enough to miss).
	if !funcs.Imports(pass.Pkg, "sync") {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		ix:     pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:      pass.ResultOf[model.Analyzer].(*model.Model),
		locks:  pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		acq:    pass.ResultOf[lockacq.Analyzer].(*lockacq.Result),
		spawns: pass.ResultOf[tasks.Analyzer].(*tasks.Result),
		holds:  make(map[*funcs.Func]bool),
	}
	c.graphs = flow.NewGraphs(pass.TypesInfo, c.ix, c.m)
	var waits []wait
	var signals []*ast.CallExpr
	for _, fn := range c.ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.CallExpr:
				_, obj := c.ix.Callee(n)
				e, ok := c.m.Lookup(obj)
				if !ok || obj.Signature().Recv() == nil {
					return true
				}
				if _, bound := model.BoundLockField(obj.Signature().Recv().Type()); !bound {
					return true
				}
				switch {
				case e.Is(model.WaitUnlocks):
					waits = append(waits, wait{n, fn})
				case e.Is(model.Signals):
					signals = append(signals, n)
				}
			}
			return true
		})
	}
	if len(waits) == 0 {
		return nil, nil
	}
	signalled := signalledConds(pass.TypesInfo, signals)
	for _, w := range waits {
		c.checkLoop(w)
		c.checkHeld(w)
		c.checkStale(w, signalled)
	}
	c.checkSignalled(waits, signals)
	c.checkUnwoken(waits, signals)
	c.checkLostWakeup(waits, signals)
	c.checkSignalOne(waits, signals)
	c.checkEdgeSignal(waits, signals)
	c.checkTwoKinds(waits, signals)
	c.checkNeverEnds(waits)
	c.checkOutcome(waits)
	c.checkHandoff(waits)
	return nil, nil
}

func (c *checker) pos(p token.Pos) string { return lockacq.Pos(c.pass.Fset, p) }

// recvText renders the receiver of a method call: "s.cond".
func recvText(call *ast.CallExpr) string {
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return types.ExprString(sel.X)
	}
	return "the Cond"
}

// checkLoop reports a Wait whose condition is checked by an if, not
// re-checked by a loop: the shape "if !cond { c.Wait() }". A Wait in a
// loop (for, range, goto) is right, whatever the loop tests; a Wait with
// no if around it is not reported, since a helper that only waits is
// called in its caller's loop.
func (c *checker) checkLoop(w wait) {
	g := c.graphs.CFG(w.fn)
	if g == nil {
		return
	}
	p, ok := flow.Locate(g, w.call)
	if !ok || flow.InCycle(p) {
		return
	}
	parents := c.graphs.Parents(w.fn)
	if inLoop(parents, w.call) {
		// A loop around it, even one the Wait leaves at once (if x ==
		// 2 { c.Wait(); ...; break }): waiting for a change of state
		// rather than for a condition. Precision first.
		return
	}
	var ifStmt *ast.IfStmt
	for n := parents[w.call]; n != nil; n = parents[n] {
		if s, ok := n.(*ast.IfStmt); ok && s.Body.Pos() <= w.call.Pos() {
			ifStmt = s
			break
		}
	}
	if ifStmt == nil {
		return
	}
	why := ""
	if c.calledInLoop(w.fn) {
		// The caller's loop may test the condition again, unless the
		// function acts on it first (takes q.items[0]).
		read := c.readsUnchecked(w, ifStmt)
		if read == nil {
			return
		}
		why = fmt.Sprintf(" (%s at %s reads what it tested, and the loops that call %s do not check it for it)",
			types.ExprString(read), c.pos(read.Pos()), funcName(w.fn.Obj))
	}
	c.pass.Reportf(w.call.Lparen,
		"%s.Wait is not in a loop: the condition the if at %s checks is not checked again when Wait returns%s; wait in a for loop (for !cond { %s.Wait() })",
		recvText(w.call), c.pos(ifStmt.If), why, recvText(w.call))
}

// calledInLoop reports whether fn may be called by a loop that checks
// the condition again: a named function called anywhere, a literal not
// called directly (its caller is unknown), or a direct call of the
// literal inside a loop.
func (c *checker) calledInLoop(fn *funcs.Func) bool {
	if c.spawns.OnlyBody(fn) != nil {
		return false // a goroutine's body runs once, loop around the go or not
	}
	lit, ok := fn.Node.(*ast.FuncLit)
	if !ok {
		// A named function: is it called in a loop anywhere in the
		// package? Exported ones may be called in a loop elsewhere, but
		// a helper that checks with an if for its caller is rare; look
		// at the package's own calls.
		return c.anyCallInLoop(fn.Obj)
	}
	for _, outer := range c.ix.Funcs {
		if outer.Node.Pos() > lit.Pos() || lit.End() > outer.Node.End() || outer == fn {
			continue
		}
		parents := c.graphs.Parents(outer)
		parent, ok := parents[lit]
		if !ok {
			continue
		}
		call, ok := parent.(*ast.CallExpr)
		if !ok || call.Fun != lit {
			return true // passed on or stored: called who knows where
		}
		return inLoop(parents, call)
	}
	return true
}

func (c *checker) anyCallInLoop(obj *types.Func) bool {
	if obj == nil {
		return true
	}
	for _, outer := range c.ix.Funcs {
		found := false
		ast.Inspect(outer.Body, func(n ast.Node) bool {
			if found {
				return false
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
				found = true
			}
			return true
		})
		if !found {
			continue
		}
		parents := c.graphs.Parents(outer)
		for n := range parents {
			if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
				if inLoop(parents, id) {
					return true
				}
			}
		}
	}
	return false
}

func inLoop(parents map[ast.Node]ast.Node, n ast.Node) bool {
	for p := parents[n]; p != nil; p = parents[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// The states of the lock a Cond is bound to, as a may-set.
const (
	unheld uint8 = 1 << iota
	held
)

// checkHeld reports a Wait at which the Cond's lock is certainly not
// held: on every path to it, the lock is not taken since the function
// started without it, or since it was last unlocked. Cond.Wait unlocks
// the lock first: on an unlocked sync.Mutex that is a fatal error.
//
// The Cond's lock must be known: the package binds it (sync.NewCond(&mu),
// &sync.Cond{L: &mu}, c.L = &mu), or the function itself locks or
// unlocks c.L. A function starts without the lock when it is a goroutine
// or task body (a literal, or an unexported function used only as one),
// main or init; or when some path from its start locks the lock before
// any other operation on it (a sync.Mutex is not reentrant: a caller
// holding it would deadlock there). Anything else that may change the
// lock (a call that is given the lock's variable, or any call of a
// function of the package for a package-level lock, a call through a
// function value) makes it unknown, and unknown is not reported.
func (c *checker) checkHeld(w wait) {
	keys := c.locks.CondLocks(w.call)
	if len(keys) == 0 {
		return
	}
	g := c.graphs.CFG(w.fn)
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	h := &heldScan{c: c, w: w, keys: keys, roots: make(map[*types.Var]bool)}
	if !h.known() {
		return
	}
	for _, k := range keys {
		if r := k.Root(); r != nil {
			h.roots[r] = true
		} else {
			h.global = true
		}
	}
	entry, why := c.entryState(w.fn, g, h)
	atWait, reached := h.atWait(g, entry)
	if !reached || atWait != unheld {
		return
	}
	bound := keys[len(keys)-1].String()
	c.pass.Reportf(w.call.Lparen,
		"%s.Wait without its lock %s held: %s; Wait unlocks it first, and unlocking an unlocked sync.Mutex is a fatal error (lock %s before waiting)",
		recvText(w.call), bound, why, bound)
}

// A heldScan follows, for checkHeld, whether the lock of a Cond is held
// along its function.
type heldScan struct {
	c      *checker
	w      wait
	keys   []lockset.Key // the Cond's lock, by the paths it is known by
	roots  map[*types.Var]bool
	global bool // a key is rooted at a package variable
}

// opAt returns the lock operation of a call, and whether it is on the
// Cond's lock.
func (h *heldScan) opAt(call *ast.CallExpr) (lockset.Op, bool) {
	op, ok := h.c.locks.OpOf(call)
	if !ok || !slices.Contains(h.keys, op.Key) {
		return op, false
	}
	return op, true
}

// known reports whether the lock is known: bound by the package, or c.L
// used in the function.
func (h *heldScan) known() bool {
	known := len(h.keys) > 1
	ast.Inspect(h.w.fn.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !known {
			if _, ok := h.opAt(call); ok {
				known = true
			}
		}
		return !known
	})
	return known
}

// effect returns the state after one call, given the state before.
func (h *heldScan) effect(call *ast.CallExpr, st uint8) uint8 {
	if op, ok := h.opAt(call); ok {
		switch {
		case op.Mode != model.Exclusive:
			return unheld | held // a read lock of the Cond's RWMutex: not ours to judge
		case op.Try:
			return st | held
		case op.Locks:
			return held
		default:
			return unheld
		}
	}
	if _, ok := h.c.cycles(h.w.fn, call, h.keys); ok {
		return unheld // it was not held: the call would wait for itself
	}
	if h.c.mayLock(call, h.roots, h.global) {
		return unheld | held
	}
	if h.c.locksOther(call) {
		// Another lock, or ours under another name (mu := &s.mu;
		// mu.Lock(), an embedded mutex locked as s.Lock()): it may be
		// the Cond's.
		return st | held
	}
	if call == h.w.call || h.c.isWait(call) {
		// Wait returns with the lock held; if it was not, it never
		// returns.
		return st & held
	}
	return st
}

// atWait runs a forward may-analysis over the graph from the entry
// state, and returns the states the wait may see, and whether a live
// block reaches it.
func (h *heldScan) atWait(g *cfg.CFG, entry uint8) (atWait uint8, reached bool) {
	in := make([]uint8, len(g.Blocks))
	in[0] = entry
	transfer := func(b *cfg.Block, st uint8, record bool) uint8 {
		for _, n := range b.Nodes {
			eachCall(n, func(call *ast.CallExpr) {
				if record && call == h.w.call {
					atWait |= st
					reached = true
				}
				st = h.effect(call, st)
			})
		}
		return st
	}
	queue := []*cfg.Block{g.Blocks[0]}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		out := transfer(b, in[b.Index], false)
		for _, s := range b.Succs {
			if in[s.Index]|out != in[s.Index] {
				in[s.Index] |= out
				queue = append(queue, s)
			}
		}
	}
	for _, b := range g.Blocks {
		if b.Live && in[b.Index] != 0 {
			transfer(b, in[b.Index], true)
		}
	}
	return atWait, reached
}

// eachCall calls f on the calls a CFG node makes in its own goroutine, in
// evaluation order (roughly: callees before callers): not those of
// function literals, nor the call of a go or defer statement.
func eachCall(n ast.Node, f func(*ast.CallExpr)) {
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.GoStmt:
				for _, a := range x.Call.Args {
					walk(a)
				}
				return false
			case *ast.DeferStmt:
				for _, a := range x.Call.Args {
					walk(a)
				}
				return false
			case *ast.CallExpr:
				walk(x.Fun)
				for _, a := range x.Args {
					walk(a)
				}
				f(x)
				return false
			}
			return true
		})
	}
	walk(n)
}

// locksOther reports whether a call is a lock operation (of sync, or of
// a function the model knows to lock) the analysis did not match with
// the Cond's lock.
func (c *checker) locksOther(call *ast.CallExpr) bool {
	_, obj := c.ix.Callee(call)
	e, ok := c.m.Lookup(obj)
	return ok && e.Is(model.Locks)
}

func (c *checker) isWait(call *ast.CallExpr) bool {
	_, obj := c.ix.Callee(call)
	e, ok := c.m.Lookup(obj)
	return ok && e.Is(model.WaitUnlocks)
}

// mayLock reports whether a call may lock or unlock the Cond's lock
// without being a lock operation the analysis sees: any call the model
// does not know (for a package-level lock), a call given the lock's
// variable (as receiver or argument), a call of a function literal of
// the package, or a call of a function value.
func (c *checker) mayLock(call *ast.CallExpr, roots map[*types.Var]bool, global bool) bool {
	if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
		return false // a conversion
	}
	local, obj := c.ix.Callee(call)
	if obj == nil && local == nil {
		if _, ok := c.pass.TypesInfo.Types[call.Fun]; ok {
			if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
				if _, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin); builtin {
					return false
				}
			}
		}
		return true // a function value
	}
	if _, known := c.m.Lookup(obj); known {
		return false // the model's: a lock op is handled by the caller
	}
	if global {
		return true // any function may lock a package-level lock
	}
	mentions := false
	ast.Inspect(call, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && roots[v] {
				mentions = true
			}
		}
		return !mentions
	})
	if mentions {
		return true
	}
	// A local function or closure may capture the lock's variable.
	if local != nil {
		if _, lit := local.Node.(*ast.FuncLit); lit {
			return true
		}
	}
	return false
}

// entryState returns the state of the Cond's lock when fn starts, and
// what the message says of it.
func (c *checker) entryState(fn *funcs.Func, g *cfg.CFG, h *heldScan) (uint8, string) {
	if s := c.spawns.OnlyBody(fn); s != nil {
		return unheld, fmt.Sprintf("the goroutine started at %s does not hold it on any path to the Wait", c.pos(s.Pos()))
	}
	if fn.Obj != nil && fn.Obj.Signature().Recv() == nil && fn.Obj.Parent() == c.pass.Pkg.Scope() &&
		(fn.Obj.Name() == "init" || fn.Obj.Name() == "main" && c.pass.Pkg.Name() == "main") {
		return unheld, fmt.Sprintf("%s does not hold it on any path to the Wait", fn.Obj.Name())
	}
	// Some path from the start locks it before anything else touches
	// it: the function is not called with the lock held.
	var first *ast.CallExpr
	var firstVia string // the helper that cycles the lock first
	unlockFirst := false
	seen := make(map[*cfg.Block]bool)
	stack := []*cfg.Block{g.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		stop := false
		for _, n := range b.Nodes {
			eachCall(n, func(call *ast.CallExpr) {
				if stop {
					return
				}
				if op, ok := h.opAt(call); ok {
					stop = true
					if op.Locks && !op.Try && op.Mode == model.Exclusive {
						if first == nil || call.Pos() < first.Pos() {
							first, firstVia = call, ""
						}
					} else {
						unlockFirst = true
					}
					return
				}
				if via, ok := c.cycles(fn, call, h.keys); ok {
					stop = true
					if first == nil || call.Pos() < first.Pos() {
						first, firstVia = call, via
					}
					return
				}
				if c.mayLock(call, h.roots, h.global) || c.isWait(call) {
					stop = true
					unlockFirst = true
				}
			})
			if stop {
				break
			}
		}
		if !stop {
			stack = append(stack, b.Succs...)
		}
	}
	if first != nil && !unlockFirst && firstVia != "" {
		return unheld, fmt.Sprintf("it is not held on any path to the Wait (%s, so it is not called with it held)", firstVia)
	}
	if first != nil && !unlockFirst {
		return unheld, fmt.Sprintf("it is not held on any path to the Wait (the function locks it at %s, so it is not called with it held)", c.pos(first.Pos()))
	}
	return unheld | held, ""
}

// cycles reports whether call runs a function of the package that locks
// the Cond's lock first thing and releases it on every return (a helper
// that reads a field under the lock), and says so: the lock is not held
// after the call, nor before it (the call would wait for itself).
func (c *checker) cycles(fn *funcs.Func, call *ast.CallExpr, keys []lockset.Key) (string, bool) {
	if _, op := c.locks.OpOf(call); op {
		return "", false // a lock helper
	}
	local, _ := c.ix.Callee(call)
	if local == nil || local.Body == nil || len(local.Body.List) == 0 {
		return "", false
	}
	first, ok := local.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return "", false
	}
	lc, ok := astutil.Unparen(first.X).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	op, ok := c.locks.OpOf(lc)
	flow := c.locks.Flow(local)
	if !ok || !op.Locks || op.Try || op.Mode != model.Exclusive || flow == nil {
		return "", false
	}
	for _, x := range flow.Exits() {
		for _, l := range x.Held {
			if x.Kind == lockset.Return && l.Key == op.Key &&
				!slices.ContainsFunc(x.Deferred, func(d lockset.KeyMode) bool { return d.Key == op.Key }) {
				return "", false // returns holding it
			}
		}
	}
	at := c.pos(lc.Pos())
	for _, site := range c.acq.At(fn, call) {
		if slices.Contains(keys, site.Key) && site.Mode == model.Exclusive && !site.Guarded && site.Lazy == nil &&
			len(site.Chain) == 2 && site.Chain[1].Pos == at {
			return fmt.Sprintf("%s locks it at %s and releases it", types.ExprString(call.Fun), at), true
		}
	}
	return "", false
}

// checkSignalled reports a Cond that is waited on and never signalled
// nor broadcast in the package, when nothing outside the package can: the
// Cond is held in an unexported field or variable (not embedded), made by
// the package (sync.NewCond, a sync.Cond literal, or a field of value
// type), and every use of it is a method call (Wait, Signal, Broadcast),
// its L, or its making. Any other use (passed to a function, assigned to
// another variable, its address or a method value taken, as in
// time.AfterFunc(d, c.Broadcast)) lets it out: not reported.
func (c *checker) checkSignalled(waits []wait, signals []*ast.CallExpr) {
	info := c.pass.TypesInfo
	signalled := signalledConds(info, signals)
	first := make(map[*types.Var]*ast.CallExpr)
	var order []*types.Var
	for _, w := range waits {
		v := condVar(info, w.call)
		if v == nil || signalled[v] || v.Exported() || v.Embedded() {
			continue
		}
		if v.Pkg() != c.pass.Pkg {
			continue
		}
		if _, ok := first[v]; !ok {
			first[v] = w.call
			order = append(order, v)
		}
	}
	if len(order) == 0 {
		return
	}
	escapes := make(map[*types.Var]bool)
	for _, file := range c.pass.Files {
		ast.PreorderStack(file, nil, func(n ast.Node, stack []ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := info.Uses[id]
			if obj == nil {
				obj = info.Defs[id]
			}
			v, ok := obj.(*types.Var)
			if !ok {
				return true
			}
			v = v.Origin()
			if _, cand := first[v]; !cand || escapes[v] {
				return true
			}
			if !safeUse(info, id, stack) {
				escapes[v] = true
			}
			return true
		})
	}
	for _, v := range order {
		if escapes[v] {
			continue
		}
		call := first[v]
		c.pass.Reportf(call.Lparen,
			"%s.Wait never returns: nothing signals or broadcasts %s (no call of Signal or Broadcast in the package, and %s does not leave it)",
			recvText(call), v.Name(), v.Name())
	}
}

// signalledConds returns the Cond variables and fields some Signal or
// Broadcast of the package is called on.
func signalledConds(info *types.Info, signals []*ast.CallExpr) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	for _, s := range signals {
		if v := condVar(info, s); v != nil {
			out[v] = true
		}
	}
	return out
}

// condVar returns the variable or field a Cond method call's receiver
// is, if it is one (not promoted through an embedded field).
func condVar(info *types.Info, call *ast.CallExpr) *types.Var {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := info.Selections[sel]; s == nil || len(s.Index()) != 1 {
		return nil
	}
	var id *ast.Ident
	switch x := astutil.Unparen(sel.X).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	return v.Origin()
}

// safeUse reports whether a use of a Cond variable keeps it in the
// package: a method call on it, its L, its declaration, its making.
func safeUse(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	// The expression the Cond is: id, or x.id.
	var e ast.Expr = id
	i := len(stack) - 1
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			e = sel
			i--
		}
	}
	for i >= 0 {
		if p, ok := stack[i].(*ast.ParenExpr); ok {
			e = p
			i--
			continue
		}
		break
	}
	if i < 0 {
		return false
	}
	parent := stack[i]
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		if p.X != e {
			return false
		}
		if p.Sel.Name == "L" {
			return true
		}
		// A method call, not a method value.
		return i > 0 && isCallOf(stack[i-1], p)
	case *ast.ValueSpec:
		for j, name := range p.Names {
			if name == id {
				return j >= len(p.Values) || makesCond(info, p.Values[j])
			}
		}
		return false
	case *ast.Field:
		// A struct field's declaration; a parameter or result comes
		// from, or goes to, a caller.
		v, ok := info.Defs[id].(*types.Var)
		return ok && v.IsField()
	case *ast.KeyValueExpr:
		return p.Key == e && makesCond(info, p.Value)
	case *ast.AssignStmt:
		for j, lhs := range p.Lhs {
			if lhs == e {
				return len(p.Lhs) == len(p.Rhs) && makesCond(info, p.Rhs[j])
			}
		}
		return false
	}
	return false
}

func isCallOf(n ast.Node, fun ast.Expr) bool {
	call, ok := n.(*ast.CallExpr)
	return ok && call.Fun == fun
}

// makesCond reports whether e makes a new Cond: sync.NewCond(...),
// &sync.Cond{...} or sync.Cond{...}.
func makesCond(info *types.Info, e ast.Expr) bool {
	e = astutil.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = astutil.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		_, ok := model.BoundLockField(info.TypeOf(x))
		return ok
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, x).(*types.Func); ok {
			e, ok := model.Lookup(fn)
			return ok && e.Is(model.BindsLock)
		}
	}
	return false
}
