package wgmisuse

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "wgmisuse",
	Doc:      analysisdoc.Extract(doc, "wgmisuse"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/wgmisuse/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, lockset.Analyzer, tasks.Analyzer, chanflow.Analyzer},
	Run:      run,
}

type kind uint8

const (
	add  kind = iota // Counts: WaitGroup.Add
	done             // Wakes: WaitGroup.Done
	wait             // Joins: WaitGroup.Wait, errgroup's Wait
	goes             // Spawns with a receiver: WaitGroup.Go, errgroup's Go
)

// An op is a group operation in a function's own body.
type op struct {
	call  *ast.CallExpr
	kind  kind
	key   lockset.Key // the group, by path
	class string      // the group, by lockset.Result.Class (the same field of any value)
	name  string      // how messages name the group: "wg", "s.wg"
	// deferred: the call is deferred (defer wg.Done(), or inside a
	// deferred function literal).
	deferred bool
	// defer is the defer statement of a deferred op.
	defer_ *ast.DeferStmt
	// In a go statement's literal or a nested literal called directly:
	// not the function's own op. nested ops are kept for the checks
	// that look for children.
	nested bool
}

type checker struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	m      *model.Model
	locks  *lockset.Result
	spawns *tasks.Result
	ops    map[*funcs.Func][]op
	graphs *flow.Graphs
	// notOne: the classes of groups some Add of which adds a constant
	// other than 1 (wg.Add(2)): one goroutine may then be counted twice.
	notOne map[string]bool
	// mayDoneMemo caches funcMayDone.
	mayDoneMemo map[*funcs.Func]bool
	// addReported: the Add calls reported already, once for all the go
	// statements that start their body.
	addReported map[*ast.CallExpr]bool
}

func run(pass *analysis.Pass) (any, error) {
	// The cheap gate: a WaitGroup (or an errgroup) is used only where its
	// package is imported.
	if !model.Imports(pass.Pkg, model.Counts|model.Joins|model.Wakes) {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		ix:     pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:      pass.ResultOf[model.Analyzer].(*model.Model),
		locks:  pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		spawns: pass.ResultOf[tasks.Analyzer].(*tasks.Result),
		ops:    make(map[*funcs.Func][]op),
		notOne: make(map[string]bool),

		mayDoneMemo: make(map[*funcs.Func]bool),
		addReported: make(map[*ast.CallExpr]bool),
	}
	c.graphs = flow.NewGraphs(pass.TypesInfo, c.ix, c.m)
	any := false
	for _, fn := range c.ix.Funcs {
		c.ops[fn] = c.collect(fn)
		if len(c.ops[fn]) > 0 {
			any = true
		}
	}
	if !any {
		return nil, nil
	}
	for _, s := range c.spawns.Spawns {
		if s.Body == nil || s.Body.Body == nil {
			continue
		}
		c.checkAddInside(s)
		c.checkDoneEveryPath(s)
		c.checkWaitInside(s)
	}
	for _, fn := range c.ix.Funcs {
		if !posfmt.InTest(pass.Fset, fn.Node.Pos()) {
			c.checkDoneTwice(fn) // in a test, a Done twice on one path is testing the panic
		}
		c.checkWaitInLoop(fn)
		c.checkCountedAhead(fn)
		c.checkNoDone(fn)
	}
	c.checkRepeatedDone()
	return nil, nil
}

func (c *checker) pos(p token.Pos) string { return lockacq.Pos(c.pass.Fset, p) }

// opOf classifies a call as a group operation.
func (c *checker) opOf(call *ast.CallExpr) (op, bool) {
	_, obj := c.ix.Callee(call)
	if obj == nil || obj.Signature().Recv() == nil {
		return op{}, false
	}
	e, ok := c.m.Lookup(obj)
	if !ok {
		return op{}, false
	}
	var k kind
	switch {
	case e.Is(model.Counts):
		k = add
	case e.Is(model.Wakes):
		k = done
	case e.Is(model.Joins) && e.Is(model.Waits) && !e.Is(model.Suspends):
		k = wait
	case e.Is(model.Spawns) && e.Spawn == model.Goroutine:
		k = goes
	default:
		return op{}, false
	}
	key, ok := c.locks.RecvPathOf(call)
	if !ok {
		return op{}, false
	}
	class, _ := c.locks.RecvClass(call)
	name := "the group"
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		name = types.ExprString(sel.X)
	}
	return op{call: call, kind: k, key: key, class: class, name: name}, true
}

// collect lists the group operations of fn's own body: deferred calls
// (and the calls of deferred literals) marked so; the calls of nested
// literals and go statements kept as nested.
func (c *checker) collect(fn *funcs.Func) []op {
	var ops []op
	var walk func(n ast.Node, deferred *ast.DeferStmt, nested bool)
	walk = func(n ast.Node, deferred *ast.DeferStmt, nested bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.DeferStmt:
				if x == deferred {
					return true
				}
				walk(x.Call, x, nested)
				return false
			case *ast.GoStmt:
				walk(x.Call, deferred, true)
				return false
			case *ast.FuncLit:
				if deferred != nil {
					walk(x.Body, deferred, nested)
					return false
				}
				walk(x.Body, nil, true)
				return false
			case *ast.CallExpr:
				if o, ok := c.opOf(x); ok {
					o.deferred = deferred != nil
					o.defer_ = deferred
					o.nested = nested
					ops = append(ops, o)
					if o.kind == add && !nested {
						if len(x.Args) == 1 {
							if tv, ok := c.pass.TypesInfo.Types[x.Args[0]]; ok && tv.Value != nil {
								if v, ok := constant.Int64Val(tv.Value); ok && v > 1 {
									c.notOne[o.class] = true
								}
							}
						}
					}
				}
			}
			return true
		})
	}
	walk(fn.Body, nil, false)
	return ops
}

// own returns fn's own ops of a kind (not nested), deferred or not.
func own(ops []op, k kind) []op {
	var out []op
	for _, o := range ops {
		if o.kind == k && !o.nested {
			out = append(out, o)
		}
	}
	return out
}

func byKey(ops []op, key lockset.Key) []op {
	var out []op
	for _, o := range ops {
		if o.key == key {
			out = append(out, o)
		}
	}
	return out
}

// checkAddInside reports an Add inside a goroutine that the same group
// counts (the goroutine calls Done on it), before that Done, when the
// goroutine starts no goroutine of its own that calls Done on it (an Add
// for a child is right). The Add races with Wait: Wait may see the
// counter at zero and return before the goroutine has even started.
func (c *checker) checkAddInside(s *tasks.Spawn) {
	ops := c.ops[s.Body]
	for _, a := range own(ops, add) {
		if a.deferred {
			continue
		}
		dones := byKey(own(ops, done), a.key)
		if len(dones) == 0 {
			continue
		}
		// A child that calls Done, or any nested Done: the Add may be for it.
		child := false
		for _, o := range byKey(ops, a.key) {
			if o.nested && (o.kind == done || o.kind == goes) {
				child = true
			}
		}
		for _, sp := range c.spawns.Spawns {
			if sp.In == s.Body && sp.Body != nil && sp.Body != s.Body {
				if len(byKey(own(c.ops[sp.Body], done), a.key)) > 0 || sp.Body.Obj != nil {
					child = true
				}
			}
		}
		if child || c.countedBefore(s, a) || c.handedOn(s.Body, a) || c.handshake(s, a) {
			continue
		}
		first := dones[0]
		if !first.deferred && first.call.Pos() < a.call.Pos() {
			continue // Done first: the Add is for something else
		}
		if c.addReported[a.call] {
			continue // the same body started by another go statement
		}
		c.addReported[a.call] = true
		c.pass.Reportf(a.call.Lparen,
			"%s.Add inside the goroutine it counts (started at %s; %s.Done at %s): %s.Wait may return before the goroutine runs; call %s.Add before the go statement",
			a.name, c.pos(s.Pos()), a.name, c.pos(first.call.Pos()), a.name, a.name)
	}
}

// countedBefore reports whether the function starting the goroutine
// adds to the group before the go statement: the goroutine is counted
// already, and its own Add is for something else.
// handshake reports whether the goroutine's Add is ordered before the
// starter goes on by another synchronisation: after the Add, the body
// calls Done on another group (or sends on a channel) that the starter
// waits on (or receives from) after the go statement. The starter's
// later Wait on the first group then sees the Add.
func (c *checker) handshake(s *tasks.Spawn, a op) bool {
	if s.In == nil || s.Body == nil {
		return false
	}
	for _, d := range own(c.ops[s.Body], done) {
		if d.key == a.key || d.call.Pos() < a.call.Pos() {
			continue
		}
		for _, w := range own(c.ops[s.In], wait) {
			if w.key == d.key && w.call.Pos() > s.Pos() {
				return true
			}
		}
	}
	sends := false
	ast.Inspect(s.Body.Body, func(n ast.Node) bool {
		if st, ok := n.(*ast.SendStmt); ok && st.Pos() > a.call.Pos() {
			sends = true
		}
		return !sends
	})
	if !sends {
		return false
	}
	recv := false
	ast.Inspect(s.In.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && u.Pos() > s.Pos() {
			recv = true
		}
		return !recv
	})
	return recv
}

func (c *checker) countedBefore(s *tasks.Spawn, a op) bool {
	if s.In == nil {
		return false
	}
	for _, o := range own(c.ops[s.In], add) {
		if o.key == a.key && o.call.Pos() < s.Pos() {
			return true
		}
	}
	return false
}

// handedOn reports whether, after the Add, fn gives the group to
// something that may call Done on it: a call given the group's variable,
// a call of a function of the package that calls Done.
func (c *checker) handedOn(fn *funcs.Func, a op) bool {
	root := c.rootOf(a.call)
	ownRecv := make(map[ast.Node]bool)
	for _, o := range c.ops[fn] {
		if sel, ok := astutil.Unparen(o.call.Fun).(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, func(n ast.Node) bool {
				ownRecv[n] = true
				return true
			})
		}
	}
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n.Pos() < a.call.End() {
			return true // before the Add: look inside only
		}
		switch n := n.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			// The group itself, other than as the receiver of its own
			// operations (&wg, s.wg given to a call).
			if k, ok := c.locks.PathOf(n.(ast.Expr)); ok && k == a.key && !ownRecv[n] {
				found = true
			}
		case *ast.CallExpr:
			// The group's variable given to a call: f(s).
			for _, arg := range n.Args {
				if id, ok := astutil.Unparen(arg).(*ast.Ident); ok && root != nil && c.pass.TypesInfo.Uses[id] == root {
					found = true
				}
				if u, ok := astutil.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if id, ok := astutil.Unparen(u.X).(*ast.Ident); ok && root != nil && c.pass.TypesInfo.Uses[id] == root {
						found = true
					}
				}
			}
			if local, _ := c.ix.Callee(n); local != nil && local != fn {
				for _, o := range c.ops[local] {
					if o.kind == done || o.kind == goes {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// checkDoneEveryPath reports a return of a goroutine that calls Done
// explicitly (not deferred) on some paths but can return without it on
// another: the group's Wait then never returns.
func (c *checker) checkDoneEveryPath(s *tasks.Spawn) {
	ops := c.ops[s.Body]
	reported := make(map[lockset.Key]bool)
	for _, d := range own(ops, done) {
		if d.deferred || reported[d.key] {
			continue
		}
		same := byKey(ops, d.key)
		skip := false
		for _, o := range same {
			if o.kind == done && o.deferred || o.kind == add && !o.nested {
				skip = true // deferred: every path; an Add here: (a)'s case
			}
		}
		if skip {
			continue
		}
		reported[d.key] = true
		g := c.graphs.CFG(s.Body)
		if g == nil {
			continue
		}
		// A Done in a loop counts items, not the goroutine: it may
		// return after the last one without another Done.
		inLoop := false
		for _, o := range same {
			if o.kind == done && !o.nested {
				if p, ok := flow.Locate(g, o.call); ok && flow.InCycle(p) {
					inLoop = true
				}
			}
		}
		if inLoop {
			continue
		}
		ret := flow.ReturnWithout(g, func(n ast.Node) flow.Mark {
			if c.mayDone(n, d.key) {
				return flow.Target
			}
			return flow.Pass
		})
		if ret == nil {
			continue
		}
		pos := ret.Pos()
		where := "returns here"
		if ret.Return == s.Body.Body.Rbrace {
			where = "ends here"
		}
		c.pass.Reportf(pos,
			"the goroutine started at %s %s without calling %s.Done (called at %s on other paths): %s.Wait never returns; defer %s.Done() at its start",
			c.pos(s.Pos()), where, d.name, c.pos(d.call.Pos()), d.name, d.name)
	}
}

// rootOf returns the variable a group's path starts at, if local.
func (c *checker) rootOf(call *ast.CallExpr) *types.Var {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x := astutil.Unparen(sel.X)
	for {
		switch e := x.(type) {
		case *ast.SelectorExpr:
			x = astutil.Unparen(e.X)
			continue
		case *ast.StarExpr:
			x = astutil.Unparen(e.X)
			continue
		case *ast.UnaryExpr:
			x = astutil.Unparen(e.X)
			continue
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.Uses[e].(*types.Var)
			return v
		}
		return nil
	}
}

// mayDone reports whether a CFG node may call Done on the group: a Done
// on any group (another name may be this one), a call given the group
// or a variable it is reached from (finish(&wg), s.stop(s)), a method
// call on such a variable that is not the model's and may call Done (a
// function of the package that does, itself or through its callees, or
// any function of another package), a function literal that calls Done.
func (c *checker) mayDone(n ast.Node, key lockset.Key) bool {
	refers := func(e ast.Expr) bool {
		e = astutil.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = astutil.Unparen(u.X)
		}
		k, ok := c.locks.PathOf(e)
		return ok && key.HasPrefix(k)
	}
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			// A literal here (a go statement's, a deferred one, an
			// argument): it may be called.
			if c.funcMayDone(c.ix.Of(x)) {
				found = true
			}
			return false
		case *ast.CallExpr:
			if o, ok := c.opOf(x); ok {
				if o.kind == done {
					found = true
				}
				return !found
			}
			for _, arg := range x.Args {
				if refers(arg) {
					found = true
				}
			}
			local, obj := c.ix.Callee(x)
			if local != nil {
				if c.funcMayDone(local) {
					found = true
				}
			} else if sel, ok := astutil.Unparen(x.Fun).(*ast.SelectorExpr); ok && refers(sel.X) {
				if _, known := c.m.Lookup(obj); !known {
					found = true // another package's method on the group's owner
				}
			}
		}
		return !found
	})
	return found
}

// funcMayDone reports whether a function of the package may call Done on
// some group, itself or through the functions of the package it calls
// (or starts).
func (c *checker) funcMayDone(fn *funcs.Func) bool {
	if fn == nil || fn.Body == nil {
		return false // no body: assembly, or linkname'd
	}
	if v, ok := c.mayDoneMemo[fn]; ok {
		return v
	}
	c.mayDoneMemo[fn] = false // a cycle: the other functions decide
	v := false
	for _, o := range c.ops[fn] {
		if o.kind == done || o.kind == goes {
			v = true
		}
	}
	if !v {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if v {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				v = c.funcMayDone(c.ix.Of(n))
				return false
			case *ast.CallExpr:
				if local, _ := c.ix.Callee(n); local != nil && local != fn {
					v = c.funcMayDone(local)
				}
			}
			return !v
		})
	}
	c.mayDoneMemo[fn] = v
	return v
}

// checkWaitInside reports a Wait in a goroutine that the same group
// counts, before the goroutine's own Done: it waits for itself.
func (c *checker) checkWaitInside(s *tasks.Spawn) {
	ops := c.ops[s.Body]
	var spawnKey lockset.Key
	spawned := false
	if s.Go == nil && s.Callee != nil && s.Callee.Signature().Recv() != nil {
		spawnKey, spawned = c.locks.RecvPathOf(s.Call)
	}
	for _, w := range own(ops, wait) {
		if w.deferred {
			continue
		}
		why := ""
		if spawned && spawnKey == w.key {
			why = fmt.Sprintf("it was started by %s.Go at %s, and counts until it returns", w.name, c.pos(s.Pos()))
		}
		for _, d := range byKey(own(ops, done), w.key) {
			if why != "" {
				break
			}
			if d.deferred {
				if d.defer_.Pos() < w.call.Pos() && c.reaches(s.Body, d.defer_, w.call) {
					why = fmt.Sprintf("its deferred %s.Done (%s) runs only after Wait returns", d.name, c.pos(d.call.Pos()))
				}
			} else if c.reaches(s.Body, w.call, d.call) {
				why = fmt.Sprintf("its %s.Done (%s) comes after the Wait", d.name, c.pos(d.call.Pos()))
			}
		}
		if why == "" {
			continue
		}
		c.pass.Reportf(w.call.Lparen,
			"%s.Wait in a goroutine that %s counts: %s; it waits for itself and never returns",
			w.name, w.name, why)
	}
}

// reaches reports whether, in fn, the node to can run after from on
// some path.
func (c *checker) reaches(fn *funcs.Func, from, to ast.Node) bool {
	g := c.graphs.CFG(fn)
	if g == nil {
		return false
	}
	p, ok := flow.Locate(g, from)
	if !ok {
		return false
	}
	if n := p.Block.Nodes[p.Index]; n.Pos() <= to.Pos() && to.End() <= n.End() && from.Pos() < to.Pos() {
		return true // the same node, later
	}
	return flow.Reach(g, p, func(n ast.Node) flow.Mark {
		if n.Pos() <= to.Pos() && to.End() <= n.End() {
			return flow.Target
		}
		return flow.Pass
	}) != nil
}

// checkDoneTwice reports a Done that runs twice on one path: after a
// deferred Done of the same group was registered, an explicit Done on
// some path; or an explicit Done that every path after another explicit
// Done reaches again. The counter goes negative: a panic.
func (c *checker) checkDoneTwice(fn *funcs.Func) {
	ops := c.ops[fn]
	dones := own(ops, done)
	if len(dones) < 2 {
		return
	}
	for _, d := range dones {
		if c.notOne[d.class] {
			continue
		}
		for _, e := range byKey(dones, d.key) {
			if e.deferred || e.call == d.call {
				continue
			}
			if d.deferred {
				if d.defer_.Pos() < e.call.Pos() && c.reaches(fn, d.defer_, e.call) && !c.forClosed(fn, e) {
					c.pass.Reportf(e.call.Lparen,
						"%s.Done is called twice on this path: here, and by the deferred call at %s; the counter goes negative (a panic); remove one",
						e.name, c.pos(d.call.Pos()))
				}
				continue
			}
			if d.call.Pos() < e.call.Pos() && !addBetween(ops, d, e) && c.mustFollow(fn, d.call, e.call) {
				c.pass.Reportf(e.call.Lparen,
					"%s.Done is called twice on this path: at %s, and again here; the counter goes negative (a panic); remove one",
					e.name, c.pos(d.call.Pos()))
			}
		}
	}
}

// addBetween reports whether the function adds to d's group between the
// two Done calls: the second Done then counts the new work down.
func addBetween(ops []op, d, e op) bool {
	for _, a := range byKey(own(ops, add), d.key) {
		if d.call.Pos() < a.call.Pos() && a.call.Pos() < e.call.Pos() {
			return true
		}
	}
	return false
}

// mustFollow reports whether every path from the node of from runs the
// node of to.
func (c *checker) mustFollow(fn *funcs.Func, from, to ast.Node) bool {
	g := c.graphs.CFG(fn)
	if g == nil {
		return false
	}
	p, ok := flow.Locate(g, from)
	if !ok {
		return false
	}
	return flow.MustReach(g, p, func(n ast.Node) flow.Mark {
		if n.Pos() <= to.Pos() && to.End() <= n.End() {
			return flow.Target
		}
		return flow.Pass
	})
}

// checkWaitInLoop reports a Wait that is a statement of the body of the
// loop that starts the goroutines it waits for (an Add and a go
// statement, or the group's Go, in the same loop body, not in a loop
// nested in it), when a goroutine so started sends on an unbuffered
// channel that the function receives from only after the loop: the send
// blocks until the loop ends, and the loop waits for the send. A Wait in
// such a loop without that channel only runs the goroutines one at a
// time, which tests and benchmarks do on purpose: not reported. Neither
// is a Wait under an if (every n items), in an outer loop (batches), or
// on a group declared inside the loop.
func (c *checker) checkWaitInLoop(fn *funcs.Func) {
	ops := own(c.ops[fn], wait)
	if len(ops) == 0 {
		return
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch l := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			body = l.Body
		case *ast.RangeStmt:
			body = l.Body
		default:
			return true
		}
		loop := n
		for i, st := range body.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := astutil.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			w, ok := c.opOf(call)
			if !ok || w.kind != wait {
				continue
			}
			if root := c.rootOf(call); root == nil || loop.Pos() <= root.Pos() && root.Pos() < loop.End() {
				continue // a group of the iteration
			}
			if a, g := c.countedAhead(fn, loop, body.List[:i], w.key); a != nil {
				c.pass.Reportf(call.Lparen,
					"%s.Wait inside the loop that starts the goroutines it waits for: %s.Add(%s) at %s counts every iteration's goroutine before the loop, but when Wait first runs only the one started at %s has begun; with two or more iterations %s.Wait never returns; call %s.Wait after the loop",
					w.name, w.name, types.ExprString(a.call.Args[0]), c.pos(a.call.Lparen), c.pos(g.Go), w.name, w.name)
				continue
			}
			bodies := c.startsIn(body.List[:i], w.key)
			for _, b := range bodies {
				if ch, recv, feed := c.blockedRecv(fn, loop, b, w.key); ch != nil {
					c.pass.Reportf(call.Lparen,
						"%s.Wait inside the loop that starts the goroutines it waits for: the goroutine started at %s receives from %s (%s), which is fed only after the loop (%s); the receive blocks and %s.Wait never returns; call %s.Wait after the loop",
						w.name, c.pos(b.Pos()), ch.Display(), c.pos(recv.Pos), c.pos(feed.Pos), w.name, w.name)
					break
				}
				send, recv := c.blockedSend(fn, loop, b)
				if send == nil {
					continue
				}
				c.pass.Reportf(call.Lparen,
					"%s.Wait inside the loop that starts the goroutines it waits for: the goroutine started at %s sends on %s (%s), which is received only after the loop (%s); the send blocks and %s.Wait never returns; call %s.Wait after the loop",
					w.name, c.pos(b.Pos()), types.ExprString(send.Chan), c.pos(send.Arrow), c.pos(recv.Pos()), w.name, w.name)
				break
			}
		}
		return true
	})
}

// countedAhead returns an Add of the group before loop, of a count other
// than the constant 1, with no Add of the group inside the loop, and a
// go statement of stmts (the loop body before the Wait): the count is
// for all the iterations, and the Wait in the first one waits for
// goroutines that are never started.
func (c *checker) countedAhead(fn *funcs.Func, loop ast.Node, stmts []ast.Stmt, key lockset.Key) (*op, *ast.GoStmt) {
	var ahead *op
	for i, o := range c.ops[fn] {
		if o.kind != add || o.nested || o.key != key || len(o.call.Args) != 1 {
			continue
		}
		if loop.Pos() <= o.call.Pos() && o.call.Pos() < loop.End() {
			return nil, nil
		}
		if o.call.End() > loop.Pos() {
			continue
		}
		if tv := c.pass.TypesInfo.Types[o.call.Args[0]]; tv.Value != nil {
			continue
		}
		ahead = &c.ops[fn][i]
	}
	if ahead == nil {
		return nil, nil
	}
	var g *ast.GoStmt
	for _, st := range stmts {
		if gs, ok := st.(*ast.GoStmt); ok && g == nil {
			g = gs
		}
	}
	if g == nil {
		return nil, nil
	}
	return ahead, g
}

// startsIn returns the goroutines the statements start, counted by the
// group: started by its Go, or by a go statement after an Add, outside
// nested loops and literals.
func (c *checker) startsIn(stmts []ast.Stmt, key lockset.Key) []*tasks.Spawn {
	var added bool
	var out []*tasks.Spawn
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.GoStmt:
				if added {
					if s := c.spawnAt(n.Call); s != nil {
						out = append(out, s)
					}
				}
				return false
			case *ast.CallExpr:
				if o, ok := c.opOf(n); ok && o.key == key {
					switch o.kind {
					case add:
						added = true
					case goes:
						if s := c.spawnAt(n); s != nil {
							out = append(out, s)
						}
					}
				}
			}
			return true
		})
	}
	return out
}

func (c *checker) spawnAt(call *ast.CallExpr) *tasks.Spawn {
	for _, s := range c.spawns.Spawns {
		if s.Call == call {
			return s
		}
	}
	return nil
}

// blockedSend returns a send of the goroutine's literal body on a
// channel that fn makes unbuffered (make(chan T), every make of it in
// fn) and receives from only after the loop, and that receive.
func (c *checker) blockedSend(fn *funcs.Func, loop ast.Node, s *tasks.Spawn) (*ast.SendStmt, ast.Node) {
	if s.Body == nil {
		return nil, nil
	}
	if _, lit := s.Body.Node.(*ast.FuncLit); !lit {
		return nil, nil
	}
	send := firstSend(s.Body.Body)
	if send == nil {
		return nil, nil
	}
	key, ok := c.locks.PathOf(astutil.Unparen(send.Chan))
	if !ok {
		return nil, nil
	}
	u := &chanUses{c: c, key: key, loop: loop}
	ast.Inspect(fn.Body, u.visit)
	if !u.unbuffered || u.inLoop || u.recv == nil {
		return nil, nil
	}
	return send, u.recv
}

// blockedRecv returns a channel that the goroutine's literal body
// receives from (a bare receive or a range) on every path before it
// ends, with no Done of the group before that receive, and that only fn
// sends on or closes, after the loop: the receive, and the first of
// those sends or closes. The goroutine cannot end before the loop does.
func (c *checker) blockedRecv(fn *funcs.Func, loop ast.Node, s *tasks.Spawn, key lockset.Key) (*chanflow.Chan, *chanflow.Op, *chanflow.Op) {
	if s.Body == nil {
		return nil, nil, nil
	}
	if _, lit := s.Body.Node.(*ast.FuncLit); !lit {
		return nil, nil, nil
	}
	flows := c.pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	prog := flows.Program()
	lit, owner := prog.Func(s.Body.Node), prog.Func(fn.Node)
	if lit == nil || owner == nil {
		return nil, nil, nil
	}
	for _, o := range c.ops[s.Body] {
		if o.kind == done && !o.deferred && o.key == key {
			return nil, nil, nil // counted out before any receive, maybe
		}
	}
	for _, ch := range flows.Chans() {
		if ch.Open {
			continue
		}
		var recv, feed *chanflow.Op
		fedLate := true
		for _, op := range ch.Ops {
			switch op.Kind {
			case chanflow.Recv, chanflow.Range:
				if op.Fn == lit && op.Select == nil && recv == nil && onEveryPath(op.Instr.Block()) {
					recv = op
				}
			case chanflow.Send, chanflow.Close:
				if op.Fn != owner || op.Pos < loop.End() {
					fedLate = false
				} else if feed == nil || op.Pos < feed.Pos {
					feed = op
				}
			}
		}
		if fedLate && recv != nil && feed != nil {
			return ch, recv, feed
		}
	}
	return nil, nil, nil
}

// onEveryPath reports whether b is on every path from its function's
// entry to a return.
func onEveryPath(b *ssa.BasicBlock) bool {
	fn := b.Parent()
	for _, x := range fn.Blocks {
		if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok && x != fn.Recover && !b.Dominates(x) {
			return false
		}
	}
	return true
}

// firstSend returns the first send statement of body, not counting
// function literals, or nil.
func firstSend(body *ast.BlockStmt) *ast.SendStmt {
	var send *ast.SendStmt
	ast.Inspect(body, func(n ast.Node) bool {
		if send != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			send = n
		}
		return true
	})
	return send
}

// chanUses walks the starter's body for blockedSend: how the channel
// key is made, and where it is received.
type chanUses struct {
	c          *checker
	key        lockset.Key
	loop       ast.Node
	unbuffered bool     // made by an unbuffered make
	inLoop     bool     // received in the loop, or given another value
	recv       ast.Node // the first receive after the loop
}

func (u *chanUses) visit(n ast.Node) bool {
	c, info := u.c, u.c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.FuncLit:
		return false
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, l := range n.Lhs {
				if k, ok := c.locks.PathOf(astutil.Unparen(l)); ok && k == u.key {
					if model.UnbufferedMake(info, n.Rhs[i]) {
						u.unbuffered = true
					} else {
						u.inLoop = true // another value: unknown
					}
				}
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			if k, ok := c.locks.PathOf(name); ok && k == u.key {
				if i < len(n.Values) && model.UnbufferedMake(info, n.Values[i]) {
					u.unbuffered = true
				} else {
					u.inLoop = true
				}
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			u.receives(n, n.X)
		}
	case *ast.RangeStmt:
		u.receives(n, n.X)
	case *ast.SelectStmt:
		// A receive in a select may be the one that serves it.
	}
	return true
}

// receives notes a receive (<-ch, range ch) n from ch: in the loop, or
// the first after it.
func (u *chanUses) receives(n ast.Node, ch ast.Expr) {
	if k, ok := u.c.locks.PathOf(astutil.Unparen(ch)); ok && k == u.key {
		if n.Pos() < u.loop.End() {
			u.inLoop = true
		} else if u.recv == nil {
			u.recv = n
		}
	}
}
