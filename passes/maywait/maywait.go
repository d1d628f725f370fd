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
// locks another goroutine may take for time.Sleep. Always is set for
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

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
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
func (r *Result) Peer(pos, class string) string {
	if r.peers == nil {
		return ""
	}
	p := r.peers()
	if p == nil {
		return ""
	}
	return p.peerOf[pos][class]
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
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	cf := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	// The other side is looked for on SSA, built only in a package that
	// takes a sync lock.
	var p *peers
	peersOf := func() *peers {
		if p == nil && locks.TakesAny() {
			p = newPeers(cf, m)
			p.locks = locks
		}
		return p
	}
	// The cheap gate before SSA: dynamic calls are resolved (on SSA) only
	// to carry waits to their callers; with no wait in the package,
	// there is nothing to carry.
	evs := pass.ResultOf[reach.Analyzer].(*reach.Events)
	mayWait := anyWait(pass, ix, evs, m)
	chans := make(map[*funcs.Func]chanInfo)
	r := reach.Run(pass, evs, ix, m,
		reach.Config{
			Effect:  model.Waits,
			Opaque:  model.Suspends,
			ChanOps: true,
			ChanOp: func(fn *funcs.Func, ev reach.Event, w *reach.Witness) bool {
				of := func(fn *funcs.Func) chanInfo {
					ci, ok := chans[fn]
					if !ok {
						ci = analyzeChans(pass.TypesInfo, fn)
						chans[fn] = ci
					}
					return ci
				}
				if quiet(pass.TypesInfo, of(fn), ev.Node) || bounded(pass.TypesInfo, m, ev.Node) {
					return false
				}
				// A literal's channel may be its enclosing function's.
				if decl := enclosingDecl(ix, fn); decl != nil && quiet(pass.TypesInfo, of(decl), ev.Node) {
					return false
				}
				if p := peersOf(); p != nil {
					if p.findsRoom(ev.Node) || p.drained(ev.Node) || p.gated(ev.Node) {
						return false
					}
					w.Wakers, _ = p.chanWakers(ev.Node)
				}
				return true
			},
			ModelledSite: func(fn *funcs.Func, ev reach.Event, e model.Entry, w *reach.Witness) {
				p := peersOf()
				switch {
				case e.Is(model.Joins) && !e.Is(model.Spawns):
					// WaitGroup.Wait, errgroup's Wait: the goroutines
					// that end it are the package's.
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
			},
			// Interface and func-valued calls, as chanflow resolves them.
			Targets: func(fn *funcs.Func, call *ast.CallExpr) []*funcs.Func {
				if !mayWait || peersOf() == nil {
					return nil
				}
				c := cf.Program().CallAt(call.Lparen)
				if c == nil {
					return nil
				}
				// An interface of the package, or a func value, with
				// few implementations; a test file's only for a test.
				if common := c.Common(); common.IsInvoke() && common.Method.Pkg() != pass.Pkg {
					return nil
				}
				var out []*funcs.Func
				for _, g := range cf.CallTargets(c) {
					if syn := g.Syntax(); syn != nil {
						if isTest(pass, syn.Pos()) && !isTest(pass, call.Pos()) {
							continue
						}
						if f := ix.Of(syn); f != nil && !slices.Contains(out, f) {
							out = append(out, f)
						}
					}
				}
				if len(out) > maxTargets {
					return nil
				}
				return out
			},
			// A Cond.Wait is a wait for callers only when the lock its
			// Cond is bound to is known: the caller may hold that one.
			Local: func(fn *funcs.Func, ev reach.Event, e model.Entry) bool {
				if !e.Is(model.WaitUnlocks) {
					return false
				}
				p := peersOf()
				if p == nil {
					return true
				}
				_, known := p.condWakers(ev.Call)
				return !known
			},
			Merge: true,
			Import: func(obj *types.Func) (*reach.Witness, bool) {
				var w Waiting
				if pass.ImportObjectFact(obj, &w) {
					return (*reach.Witness)(&w), true
				}
				return nil, false
			},
			Export: func(obj *types.Func, w *reach.Witness) {
				f := Waiting(*w)
				f.Wakers, f.Near = exported(w.Wakers), exported(w.Near)
				pass.ExportObjectFact(obj, &f)
			},
		})
	// The peers are built by now if they ever will be.
	return &Result{r: r, m: m, peers: func() *peers { return p }}, nil
}

// exported returns the classes of ws another package can name, sorted.
func exported(ws []string) []string {
	var out []string
	for _, k := range ws {
		if !lockset.LocalClass(k) {
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

// quiet reports whether a channel operation (send, receive, range or
// select) is known not to wait for another goroutine, given what the
// function's uses prove of its channel variables.
// bounded reports whether n is a select with a timer among its cases
// (time.After, a Timer's or Ticker's C): it ends when the timer fires
// whatever other goroutines do, so it is a delay, not a wait for them.
func bounded(info *types.Info, m *model.Model, n ast.Node) bool {
	sel, ok := n.(*ast.SelectStmt)
	if !ok {
		return false
	}
	for _, c := range model.SelectCases(sel) {
		switch ch := astutil.Unparen(model.RecvChan(c)).(type) {
		case *ast.CallExpr:
			if f, ok := typeutil.Callee(info, ch).(*types.Func); ok {
				if e, ok := m.Lookup(f); ok && e.Is(model.Timer) {
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
func analyzeChans(info *types.Info, fn *funcs.Func) chanInfo {
	type send struct {
		stmt     *ast.SendStmt
		captured bool       // in a closure: it may run at any time
		stack    []ast.Node // its enclosing nodes
	}
	type state struct {
		mk       ast.Node // the statement that makes the channel
		capacity int64    // constant capacity, or -1
		capExpr  ast.Expr // the capacity, if not constant
		defs     int
		sends    []send
		loopSend bool // a send in a loop the make is not in
		captured bool // used in a closure
		escapes  bool // used other than send/receive/range/len/cap/close
		readOnly bool // handed out as a receive-only channel
	}
	vars := make(map[*types.Var]*state)
	hasGoto := false

	// First the makes.
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its own makes are its own
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				hasGoto = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						if v, ok := info.Defs[id].(*types.Var); ok {
							if c, ok := makeChan(info, n.Rhs[i]); ok {
								vars[v] = &state{mk: n, capacity: c, capExpr: capExpr(n.Rhs[i]), defs: 1}
							}
						}
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						if c, ok := makeChan(info, n.Values[i]); ok {
							vars[v] = &state{mk: n, capacity: c, capExpr: capExpr(n.Values[i]), defs: 1}
						}
					}
				}
			}
		}
		return true
	})
	if len(vars) == 0 {
		return chanInfo{}
	}

	// Then every use, closures included.
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.BranchStmt); ok && n.(*ast.BranchStmt).Tok == token.GOTO {
			hasGoto = true
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, _ := info.Uses[id].(*types.Var)
		s := vars[v]
		if s == nil {
			return true
		}
		// The innermost enclosing node that is not a paren.
		i := len(stack) - 1
		var child ast.Node = id
		for i >= 0 {
			if _, ok := stack[i].(*ast.ParenExpr); !ok {
				break
			}
			child = stack[i]
			i--
		}
		inLit := false
		for _, a := range stack {
			if _, ok := a.(*ast.FuncLit); ok {
				inLit = true
			}
		}
		s.captured = s.captured || inLit
		if i < 0 {
			s.escapes = true
			return true
		}
		switch p := stack[i].(type) {
		case *ast.SendStmt:
			if p.Chan == child {
				s.sends = append(s.sends, send{p, inLit, slices.Clone(stack[:i+1])})
				if inLoop(stack[:i+1], s.mk) {
					s.loopSend = true
				}
				return true
			}
		case *ast.UnaryExpr:
			if p.Op == token.ARROW {
				return true
			}
		case *ast.RangeStmt:
			if p.X == child {
				return true
			}
		case *ast.CallExpr:
			if b, ok := info.Uses[calleeIdent(p.Fun)].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "close":
					return true
				}
			}
			if sig, ok := info.TypeOf(p.Fun).(*types.Signature); ok && !sig.Variadic() {
				for j, a := range p.Args {
					if a == child && j < sig.Params().Len() && recvOnly(sig.Params().At(j).Type()) {
						s.readOnly = true
						return true
					}
				}
			}
		case *ast.ReturnStmt:
			if sig := enclosingSig(info, fn, stack[:i]); sig != nil && len(p.Results) == sig.Results().Len() {
				for j, r := range p.Results {
					if r == child && recvOnly(sig.Results().At(j).Type()) {
						s.readOnly = true
						return true
					}
				}
			}
		}
		s.escapes = true
		return true
	})

	// A send finds room when fewer than capacity sends can have run
	// before it: those written before it, and those in closures, which
	// may run at any time. Without loops and gotos, a send written after
	// it cannot run before it.
	out := chanInfo{hidden: make(map[*types.Var]bool), spare: make(map[*ast.SendStmt]bool)}
	for v, s := range vars {
		out.hidden[v] = !s.escapes && !s.captured && !s.readOnly
		if !s.escapes && !hasGoto && s.capacity < 0 && len(s.sends) == 1 &&
			onePerGoroutine(info, fn, s.mk, s.capExpr, s.sends[0].stack) {
			out.spare[s.sends[0].stmt] = true
			continue
		}
		if s.escapes || hasGoto || s.capacity <= 0 || s.loopSend {
			continue
		}
		for _, x := range s.sends {
			before := 0
			for _, y := range s.sends {
				if y.stmt != x.stmt && (y.captured || y.stmt.Pos() < x.stmt.Pos()) {
					before++
				}
			}
			if int64(before) < s.capacity {
				out.spare[x.stmt] = true
			}
		}
	}
	return out
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
	// The send's goroutine: go func() {...}() directly in fn.
	j := -1
	for k, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			if j >= 0 {
				return false // nested literals
			}
			j = k
		}
	}
	if j < 2 {
		return false
	}
	call, ok := stack[j-1].(*ast.CallExpr)
	if !ok || call.Fun != stack[j] {
		return false
	}
	if g, ok := stack[j-2].(*ast.GoStmt); !ok || g.Call != call {
		return false
	}
	for _, n := range stack[j+1:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return false // sends more than once
		}
	}
	// The loop that starts the goroutines: the innermost around the go
	// statement; the make is in every other.
	var loop ast.Stmt
	for _, n := range stack[:j-2] {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop != nil && !(loop.Pos() <= mk.Pos() && mk.End() <= loop.End()) {
				return false
			}
			loop = n.(ast.Stmt)
		}
	}
	if loop == nil || (loop.Pos() <= mk.Pos() && mk.End() <= loop.End()) {
		return false
	}
	varOf := func(e ast.Expr) *types.Var {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.Uses[id].(*types.Var)
		return v
	}
	var bound *types.Var // n, or xs
	switch c := astutil.Unparen(capacity).(type) {
	case *ast.Ident:
		bound = varOf(c)
		switch l := loop.(type) {
		case *ast.ForStmt:
			init, ok := l.Init.(*ast.AssignStmt)
			cond, ok2 := l.Cond.(*ast.BinaryExpr)
			post, ok3 := l.Post.(*ast.IncDecStmt)
			if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || cond.Op != token.LSS ||
				post.Tok != token.INC {
				return false
			}
			i, _ := info.Defs[init.Lhs[0].(*ast.Ident)].(*types.Var)
			if zero, ok := info.Types[init.Rhs[0]]; !ok || zero.Value == nil || zero.Value.String() != "0" ||
				i == nil || varOf(cond.X) != i || varOf(cond.Y) != bound || varOf(post.X) != i ||
				assigned(info, l.Body, i, l.Body.Pos(), l.Body.End()) {
				return false
			}
		case *ast.RangeStmt:
			if varOf(l.X) != bound {
				return false
			}
		}
	case *ast.CallExpr:
		if b, ok := info.Uses[calleeIdent(c.Fun)].(*types.Builtin); !ok || b.Name() != "len" || len(c.Args) != 1 {
			return false
		}
		bound = varOf(c.Args[0])
		if l, ok := loop.(*ast.RangeStmt); !ok || varOf(l.X) != bound {
			return false
		}
	}
	return bound != nil && !assigned(info, fn.Body, bound, mk.Pos(), loop.End())
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
