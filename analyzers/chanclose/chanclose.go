package chanclose

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/internal/astpath"
	"github.com/asynclint/asynclint/internal/factsonly"
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
	Name:      "chanclose",
	Doc:       analysisdoc.Extract(doc, "chanclose"),
	URL:       "https://github.com/asynclint/asynclint/blob/main/analyzers/chanclose/doc.go",
	Requires:  []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, lockset.Analyzer, tasks.Analyzer, chanflow.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(ClosesParams)},
}

type kind uint8

const (
	closes kind = iota
	sends
	recvs
)

// An op is a channel operation of a function's own body.
type op struct {
	node ast.Node // the close call, the send, the receive (or range)
	kind kind
	ch   ast.Expr
	key  lockset.Key // the channel, by path
	root *types.Var
	// deferred: defer close(ch).
	deferred *ast.DeferStmt
	// top: a statement of the function body's own list (not under an
	// if, a loop, a select...), or deferred from one.
	top bool
}

type checker struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	m      *model.Model
	locks  *lockset.Result
	spawns *tasks.Result
	ops    map[*funcs.Func][]op
	graphs *flow.Graphs
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:   pass,
		ix:     pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:      pass.ResultOf[model.Analyzer].(*model.Model),
		locks:  pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		spawns: pass.ResultOf[tasks.Analyzer].(*tasks.Result),
		ops:    make(map[*funcs.Func][]op),
	}
	c.graphs = flow.NewGraphs(pass.TypesInfo, c.ix, c.m)
	// The checks on the channel flow skip what the syntactic ones said.
	reported := make(map[token.Position]bool)
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		p := pass.Fset.Position(d.Pos)
		reported[token.Position{Filename: p.Filename, Line: p.Line}] = true
		report(d)
	}
	// A facts-only run (go vet's, for a dependency) exports ClosesParams
	// and reports nothing.
	factsOnly := factsonly.On()
	// A goroutine of another package's function, started in a loop,
	// that closes what it is given (its fact says so).
	for _, s := range c.spawns.Spawns {
		if factsOnly {
			break
		}
		if s.In != nil && s.Body == nil && s.BodyObj != nil && s.Go != nil && s.BodyObj.Pkg() != pass.Pkg {
			c.checkRemoteInLoop(s)
		}
	}
	// The cheap gate: no close, nothing more to say. A walk that only
	// looks for close comes first; the channel operations are listed
	// only in packages that close a channel.
	if !anyClose(pass) {
		return nil, nil
	}
	for _, fn := range c.ix.Funcs {
		c.ops[fn] = c.collect(fn)
	}
	if !factsOnly {
		for _, s := range c.spawns.Spawns {
			c.checkSpawnedInLoop(s)
		}
	}
	for _, fn := range c.ix.Funcs {
		c.exportCloses(fn)
	}
	if factsOnly {
		return nil, nil
	}
	c.checkNeverMade()
	for _, fn := range c.ix.Funcs {
		if !hasClose(c.ops[fn]) {
			continue
		}
		if !inTestFile(pass, fn.Node) {
			// A close twice or a send after close on one path panics
			// the moment a test runs it: a test that does is testing the
			// panic.
			c.checkTwice(fn)
			c.checkSendAfter(fn)
		}
		c.checkLoopClose(fn)
		c.checkReceiverCloses(fn)
	}
	if len(c.spawns.Spawns) > 0 {
		checkFlows(pass, pass.ResultOf[chanflow.Analyzer].(*chanflow.Result), c.m, reported)
	}
	return nil, nil
}

// anyClose reports whether the package calls the builtin close.
func anyClose(pass *analysis.Pass) bool {
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found {
				if _, ok := model.ClosedChan(pass.TypesInfo, call); ok {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func hasClose(ops []op) bool {
	for _, o := range ops {
		if o.kind == closes {
			return true
		}
	}
	return false
}

func (c *checker) pos(p token.Pos) string { return lockacq.Pos(c.pass.Fset, p) }

// chanOf returns an op on the channel expression ch, if it is a path the
// analysis tracks.
func (c *checker) chanOf(n ast.Node, k kind, ch ast.Expr) (op, bool) {
	key, ok := c.locks.PathOf(astutil.Unparen(ch))
	if !ok {
		return op{}, false
	}
	return op{node: n, kind: k, ch: ch, key: key, root: astpath.RootVar(c.pass.TypesInfo, ch)}, true
}

// collect lists the channel operations of fn's own body.
func (c *checker) collect(fn *funcs.Func) []op {
	info := c.pass.TypesInfo
	var ops []op
	top := make(map[ast.Node]bool)
	for _, st := range fn.Body.List {
		top[st] = true
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			return false // the call runs elsewhere (its arguments rarely close)
		case *ast.DeferStmt:
			if ch, ok := model.ClosedChan(info, n.Call); ok {
				if o, ok := c.chanOf(n.Call, closes, ch); ok {
					o.deferred = n
					o.top = top[n]
					ops = append(ops, o)
				}
			}
			return false
		case *ast.ExprStmt:
			if call, ok := astutil.Unparen(n.X).(*ast.CallExpr); ok {
				if ch, ok := model.ClosedChan(info, call); ok {
					if o, ok := c.chanOf(call, closes, ch); ok {
						o.top = top[n]
						ops = append(ops, o)
					}
					return false
				}
			}
		case *ast.CallExpr:
			if ch, ok := model.ClosedChan(info, n); ok {
				if o, ok := c.chanOf(n, closes, ch); ok {
					ops = append(ops, o)
				}
			}
		case *ast.SendStmt:
			if o, ok := c.chanOf(n, sends, n.Chan); ok {
				ops = append(ops, o)
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if o, ok := c.chanOf(n, recvs, n.X); ok {
					ops = append(ops, o)
				}
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					if o, ok := c.chanOf(n.X, recvs, n.X); ok {
						ops = append(ops, o)
					}
				}
			}
		}
		return true
	})
	return ops
}

// of returns the ops of a kind, on the channel key if key is not nil.
func of(ops []op, k kind, key *lockset.Key) []op {
	var out []op
	for _, o := range ops {
		if o.kind == k && (key == nil || o.key == *key) {
			out = append(out, o)
		}
	}
	return out
}

// assignsPath reports whether node n assigns the channel's path or a
// path it goes through (ch, s.ch, s), declares or ranges into its root
// variable, or takes the address of one: one walk of n.
func (c *checker) assignsPath(n ast.Node, o op) bool {
	info := c.pass.TypesInfo
	isRoot := func(e ast.Expr) bool {
		id, ok := astutil.Unparen(e).(*ast.Ident)
		return ok && o.root != nil && (info.Uses[id] == o.root || info.Defs[id] == o.root)
	}
	onPath := func(e ast.Expr) bool {
		if isRoot(e) {
			return true
		}
		k, ok := c.locks.PathOf(astutil.Unparen(e))
		return ok && o.key.HasPrefix(k)
	}
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if onPath(l) {
					found = true
				}
			}
		case *ast.ValueSpec:
			for _, name := range x.Names {
				if o.root != nil && info.Defs[name] == o.root {
					found = true
				}
			}
		case *ast.RangeStmt:
			if x.Key != nil && isRoot(x.Key) || x.Value != nil && isRoot(x.Value) {
				found = true
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && onPath(x.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// loopOf returns the innermost for or range statement of fn around n
// (not crossing a function literal), or nil.
func loopOf(parents map[ast.Node]ast.Node, n ast.Node) ast.Stmt {
	for p := parents[n]; p != nil; p = parents[p] {
		switch p := p.(type) {
		case *ast.ForStmt:
			return p
		case *ast.RangeStmt:
			return p
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

func loopBody(l ast.Stmt) *ast.BlockStmt {
	switch l := l.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// sameEachIteration reports whether a channel path denotes the same
// channel in every iteration of loop: its root is declared outside the
// loop, and neither the path nor a path it goes through is assigned in
// it.
func (c *checker) sameEachIteration(loop ast.Stmt, o op) bool {
	if o.root == nil {
		return false
	}
	if loop.Pos() <= o.root.Pos() && o.root.Pos() < loop.End() {
		return false
	}
	return !c.assignsPath(loop, o)
}

// leavesAfter reports whether a statement list, from index i on, has a
// top-level statement that leaves the loop or the function (return,
// break, goto, panic, or a call the model says never returns, such as
// os.Exit or log.Fatal): the loop body does not run again after it.
func (c *checker) leavesAfter(list []ast.Stmt, i int) bool {
	for _, st := range list[i:] {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			if st.Tok == token.BREAK || st.Tok == token.GOTO {
				return true
			}
		case *ast.ExprStmt:
			if call, ok := astutil.Unparen(st.X).(*ast.CallExpr); ok {
				if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
					if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
						return true
					}
				}
				_, obj := c.ix.Callee(call)
				if e, ok := c.m.Lookup(obj); ok && e.Is(model.Exits) {
					return true
				}
			}
		}
	}
	return false
}

func indexIn(list []ast.Stmt, n ast.Node) int {
	for i, st := range list {
		if st.Pos() <= n.Pos() && n.End() <= st.End() {
			return i
		}
	}
	return -1
}

// checkSpawnedInLoop reports a channel closed unconditionally by a
// goroutine started in a loop, when the channel is the same for every
// goroutine: the second close panics.
func (c *checker) checkSpawnedInLoop(s *tasks.Spawn) {
	if s.In == nil || s.Body == nil || s.Body.Body == nil || !hasClose(c.ops[s.Body]) {
		return
	}
	loop := loopOf(c.graphs.Parents(s.In), s.Call)
	if loop == nil {
		return
	}
	body := loopBody(loop)
	if i := indexIn(body.List, s.Call); i < 0 || c.leavesAfter(body.List, i+1) {
		return
	}
	_, isLit := s.Body.Node.(*ast.FuncLit)
	for _, cl := range of(c.ops[s.Body], closes, nil) {
		if !cl.top {
			continue // under an if, a select, sync.Once...: maybe once
		}
		o := cl
		if !isLit {
			// A named function closing its parameter: the argument.
			arg := c.argFor(s, cl.root)
			if arg == nil {
				continue
			}
			var ok bool
			if o, ok = c.chanOf(arg, closes, arg); !ok {
				continue
			}
		} else if o.root != nil && s.Body.Node.Pos() <= o.root.Pos() && o.root.Pos() < s.Body.Node.End() {
			continue // the goroutine's own channel
		}
		if !c.sameEachIteration(loop, o) {
			continue
		}
		ch := o.ch
		what := "close"
		if cl.deferred != nil {
			what = "deferred close"
		}
		c.pass.Reportf(cl.node.Pos(),
			"%s of %s in a goroutine started in a loop (at %s): every goroutine closes the same channel, and the second close panics; close it once, after all of them are done",
			what, types.ExprString(ch), c.pos(s.Pos()))
	}
}

// spawnLoop returns the loop a go statement is in, if the loop body
// does not leave after it.
func (c *checker) spawnLoop(s *tasks.Spawn) ast.Stmt {
	loop := loopOf(c.graphs.Parents(s.In), s.Call)
	if loop == nil {
		return nil
	}
	body := loopBody(loop)
	if i := indexIn(body.List, s.Call); i < 0 || c.leavesAfter(body.List, i+1) {
		return nil
	}
	return loop
}

// checkRemoteInLoop is checkSpawnedInLoop for a function of another
// package, by its ClosesParams fact.
func (c *checker) checkRemoteInLoop(s *tasks.Spawn) {
	var f ClosesParams
	if !c.pass.ImportObjectFact(s.BodyObj.Origin(), &f) {
		return
	}
	loop := c.spawnLoop(s)
	if loop == nil {
		return
	}
	for i, idx := range f.Indices {
		if idx >= len(s.Call.Args) {
			continue
		}
		arg := s.Call.Args[idx]
		o, ok := c.chanOf(arg, closes, arg)
		if !ok || !c.sameEachIteration(loop, o) {
			continue
		}
		c.pass.Reportf(s.Go.Go,
			"goroutine started in a loop closes %s: %s closes its parameter %s (%s), so every goroutine closes the same channel, and the second close panics; close it once, after all of them are done",
			types.ExprString(arg), model.Name(s.BodyObj, c.pass.Pkg), f.Names[i], f.Pos[i])
	}
}

// ClosesParams is the fact on an exported function that closes, on
// every path from its start (a statement of its body, or a defer of
// one), the channels it is given as the parameters at Indices.
type ClosesParams struct {
	Indices []int
	Names   []string
	Pos     []string // "file.go:line" of each close
}

func (*ClosesParams) AFact() {}

func (f *ClosesParams) String() string {
	return "closes " + strings.Join(f.Names, ", ")
}

// exportCloses exports ClosesParams for the exported functions of the
// package that close a parameter at the top of their body.
func (c *checker) exportCloses(fn *funcs.Func) {
	if fn.Obj == nil || !fn.Obj.Exported() {
		return
	}
	sig := fn.Obj.Signature()
	if sig.Variadic() {
		return
	}
	var f ClosesParams
	for _, cl := range of(c.ops[fn], closes, nil) {
		if !cl.top || cl.root == nil {
			continue
		}
		if id, ok := astutil.Unparen(cl.ch).(*ast.Ident); !ok || c.pass.TypesInfo.Uses[id] != cl.root {
			continue // a field of the parameter: not followed
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i) == cl.root && !slices.Contains(f.Indices, i) {
				f.Indices = append(f.Indices, i)
				f.Names = append(f.Names, cl.root.Name())
				f.Pos = append(f.Pos, c.pos(cl.node.Pos()))
			}
		}
	}
	if len(f.Indices) > 0 {
		c.pass.ExportObjectFact(fn.Obj, &f)
	}
}

// argFor returns the argument a spawn passes for a parameter of its
// named body, or nil.
func (c *checker) argFor(s *tasks.Spawn, param *types.Var) ast.Expr {
	if param == nil || s.Body.Obj == nil || s.Go == nil {
		return nil
	}
	sig := s.Body.Obj.Signature()
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == param && i < len(s.Call.Args) && !sig.Variadic() {
			return s.Call.Args[i]
		}
	}
	return nil
}

// node returns the CFG point of an op.
func (c *checker) point(fn *funcs.Func, n ast.Node) (*cfg.CFG, flow.Point, bool) {
	g := c.graphs.CFG(fn)
	if g == nil {
		return nil, flow.Point{}, false
	}
	p, ok := flow.Locate(g, n)
	return g, p, ok
}

// contains reports whether CFG node n contains x.
func contains(n, x ast.Node) bool { return n.Pos() <= x.Pos() && x.End() <= n.End() }

// checkTwice reports a channel closed twice on one path of a function:
// an explicit close after a deferred close of the same channel was
// registered (some path), or a close that every path after another close
// of it reaches.
func (c *checker) checkTwice(fn *funcs.Func) {
	cls := of(c.ops[fn], closes, nil)
	for _, a := range cls {
		for _, b := range cls {
			if a.node == b.node || a.key != b.key || b.deferred != nil {
				continue
			}
			if a.deferred != nil {
				// defer close(ch) evaluates ch at once: a later
				// reassignment does not save the explicit close.
				g, p, ok := c.point(fn, a.deferred)
				if !ok {
					continue
				}
				hit := flow.Reach(g, p, func(n ast.Node) flow.Mark {
					if contains(n, b.node) {
						return flow.Target
					}
					if c.assignsPath(n, b) {
						return flow.Barrier
					}
					return flow.Pass
				})
				if hit != nil {
					c.pass.Reportf(b.node.Pos(),
						"%s is closed twice on this path: here, and by the deferred close at %s; the second close panics",
						types.ExprString(b.ch), c.pos(a.node.Pos()))
				}
				continue
			}
			if a.node.Pos() >= b.node.Pos() {
				continue
			}
			if c.alwaysFollows(fn, a, b.node) {
				c.pass.Reportf(b.node.Pos(),
					"%s is closed twice on this path: at %s, and again here; the second close panics",
					types.ExprString(b.ch), c.pos(a.node.Pos()))
			}
		}
	}
}

// checkLoopClose reports a close that is a statement of a loop body
// (not under an if or a select), of a channel that is the same in every
// iteration, when the body does not leave the loop after it: the second
// iteration closes it again.
func (c *checker) checkLoopClose(fn *funcs.Func) {
	parents := c.graphs.Parents(fn)
	for _, cl := range of(c.ops[fn], closes, nil) {
		if cl.deferred != nil {
			continue
		}
		stmt := parents[cl.node]
		if _, ok := stmt.(*ast.ExprStmt); !ok {
			continue
		}
		block, ok := parents[stmt].(*ast.BlockStmt)
		if !ok {
			continue
		}
		loop, ok := parents[block].(ast.Stmt)
		if !ok || loopBody(loop) != block {
			continue
		}
		i := indexIn(block.List, stmt)
		if i < 0 || c.leavesAfter(block.List, i+1) {
			continue
		}
		if !c.sameEachIteration(loop, cl) {
			continue
		}
		c.pass.Reportf(cl.node.Pos(),
			"close of %s in a loop: the next iteration closes it again, and the second close panics; close it once, after the loop",
			types.ExprString(cl.ch))
	}
}

// checkSendAfter reports a send that every path after a close of the
// same channel reaches: it panics.
func (c *checker) checkSendAfter(fn *funcs.Func) {
	ops := c.ops[fn]
	for _, cl := range of(ops, closes, nil) {
		if cl.deferred != nil {
			continue
		}
		for _, s := range of(ops, sends, &cl.key) {
			if s.node.Pos() < cl.node.Pos() {
				// Reached round the loop: the channel must be the same
				// one in the next iteration (not each client's of a
				// range over clients).
				loop := loopOf(c.graphs.Parents(fn), cl.node)
				if loop == nil || !c.sameEachIteration(loop, cl) {
					continue
				}
			}
			if c.alwaysFollows(fn, cl, s.node) {
				c.pass.Reportf(s.node.Pos(),
					"send on %s after it is closed at %s, on every path: a send on a closed channel panics",
					types.ExprString(s.ch), c.pos(cl.node.Pos()))
			}
		}
	}
}

// alwaysFollows reports whether every path from the close a reaches the
// node next, with a's channel expression still naming the same channel
// (an assignment to its path ends the search).
func (c *checker) alwaysFollows(fn *funcs.Func, a op, next ast.Node) bool {
	g, p, ok := c.point(fn, a.node)
	if !ok {
		return false
	}
	return flow.MustReach(g, p, func(n ast.Node) flow.Mark {
		if contains(n, next) {
			return flow.Target
		}
		if c.assignsPath(n, a) {
			return flow.Barrier
		}
		return flow.Pass
	})
}

func (c *checker) inLoop(fn *funcs.Func, n ast.Node) bool {
	return loopOf(c.graphs.Parents(fn), n) != nil
}

// checkReceiverCloses reports a close by a function that receives from
// the channel while goroutines it started may still send on it: no join
// (a Wait, an Await, a receive from a channel the senders close or send
// on) between the go statement and the close, and either no receive of
// the channel either, or several senders of which one is received
// before the close and not in a loop (the others have not sent yet), or
// a close inside the receiving loop. A send on a closed channel panics.
func (c *checker) checkReceiverCloses(fn *funcs.Func) {
	ops := c.ops[fn]
	for _, cl := range of(ops, closes, nil) {
		if cl.deferred != nil || len(of(ops, recvs, &cl.key)) == 0 {
			continue
		}
		rc := c.receiverClose(fn, ops, cl)
		if rc == nil {
			continue
		}
		g, _, ok := c.point(fn, cl.node)
		if !ok {
			continue
		}
		rc.report(g)
	}
}

// A receiverClose is a close of a channel its function receives from,
// with what checkReceiverCloses asks of the paths to it.
type receiverClose struct {
	c         *checker
	fn        *funcs.Func
	ops       []op // fn's ops
	cl        op   // the close
	recvs     []op // fn's receives of the channel
	senders   []*tasks.Spawn
	sendPos   token.Pos            // the first sender's first send
	many      bool                 // more than one send may come
	signals   map[lockset.Key]bool // other channels the senders close or send on
	comms     map[ast.Node]bool    // the comm statements of fn's select cases
	recvLoops []ast.Stmt           // the loops of fn around a receive of the channel
}

// receiverClose gathers the goroutines fn starts that send on cl's
// channel, and the channels that signal their end; nil if none sends.
func (c *checker) receiverClose(fn *funcs.Func, ops []op, cl op) *receiverClose {
	rc := &receiverClose{
		c: c, fn: fn, ops: ops, cl: cl,
		recvs:   of(ops, recvs, &cl.key),
		signals: make(map[lockset.Key]bool),
	}
	rc.findSenders()
	if len(rc.senders) == 0 {
		return nil
	}
	// A goroutine fn starts that waits for the others (wg.Wait) and
	// then signals: what it closes or sends on is a join too.
	for _, s := range c.spawns.Spawns {
		if s.In != fn || s.Body == nil || s.Body.Body == nil || !c.joins(s.Body.Body) {
			continue
		}
		rc.addSignals(c.ops[s.Body])
	}
	rc.comms = make(map[ast.Node]bool)
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
			rc.comms[cc.Comm] = true
		}
		return true
	})
	if len(rc.senders) > 1 {
		rc.many = true
	}
	parents := c.graphs.Parents(fn)
	for _, r := range rc.recvs {
		if l := loopOf(parents, r.node); l != nil {
			rc.recvLoops = append(rc.recvLoops, l)
		}
	}
	return rc
}

// findSenders lists the goroutines fn starts that send on the channel
// (function literals only: they see the same variable).
func (rc *receiverClose) findSenders() {
	c := rc.c
	for _, s := range c.spawns.Spawns {
		if s.In != rc.fn || s.Body == nil {
			continue
		}
		if _, lit := s.Body.Node.(*ast.FuncLit); !lit {
			continue
		}
		bops := c.ops[s.Body]
		snd := of(bops, sends, &rc.cl.key)
		if len(snd) == 0 {
			continue
		}
		rc.senders = append(rc.senders, s)
		if rc.sendPos == token.NoPos {
			rc.sendPos = snd[0].node.Pos()
		}
		if c.inLoop(rc.fn, s.Call) || c.inLoop(s.Body, snd[0].node) || len(snd) > 1 {
			rc.many = true
		}
		rc.addSignals(bops)
	}
}

// addSignals records the channels other than the closed one that ops
// close or send on.
func (rc *receiverClose) addSignals(ops []op) {
	for _, o := range ops {
		if o.key != rc.cl.key && (o.kind == closes || o.kind == sends) {
			rc.signals[o.key] = true
		}
	}
}

// report reports the close for the first sender that may still send
// when it runs.
func (rc *receiverClose) report(g *cfg.CFG) {
	c, cl := rc.c, rc.cl
	for _, s := range rc.senders {
		_, p, ok := c.point(rc.fn, s.Call)
		if !ok {
			continue
		}
		// (i) a path from the go statement to the close with no join and
		// no receive; (ii) a path with no join at all, the close in the
		// loop that receives, or after receives none of which is in a
		// loop.
		unreceived := rc.reaches(g, p, rc.unreceivedMark, rc.enter)
		if !unreceived && !(rc.many && rc.reaches(g, p, rc.unjoinedMark, rc.enterJoin) && c.closesEarly(rc.fn, cl, rc.ops)) {
			continue
		}
		c.pass.Reportf(cl.node.Pos(),
			"close of %s by its receiver while the goroutine started at %s may still send on it (%s): a send on a closed channel panics; let the sender close it, or wait for the senders first",
			types.ExprString(cl.ch), c.pos(s.Pos()), c.pos(rc.sendPos))
		return
	}
}

// reaches reports whether a path from p reaches the close, through
// nodes mark passes and select case bodies enter passes.
func (rc *receiverClose) reaches(g *cfg.CFG, p flow.Point, mark func(ast.Node) flow.Mark, enter func(*cfg.Block) flow.Mark) bool {
	return flow.ReachEntering(g, p, func(n ast.Node) flow.Mark {
		if contains(n, rc.cl.node) {
			return flow.Target
		}
		return mark(n)
	}, enter) != nil
}

// unreceivedMark stops a path at a join or a receive of the channel.
func (rc *receiverClose) unreceivedMark(n ast.Node) flow.Mark {
	if rc.join(n) || rc.recvOf(n) {
		return flow.Barrier
	}
	return flow.Pass
}

// unjoinedMark stops a path at a join.
func (rc *receiverClose) unjoinedMark(n ast.Node) flow.Mark {
	if rc.join(n) {
		return flow.Barrier
	}
	return flow.Pass
}

// joinRecv reports whether a node receives from a signal.
func (rc *receiverClose) joinRecv(n ast.Node) bool {
	j := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				if k, ok := rc.c.locks.PathOf(astutil.Unparen(x.X)); ok && rc.signals[k] {
					j = true
				}
			}
		}
		return !j
	})
	return j
}

// join reports whether a node joins the senders: a Wait (the model's
// Joins), or a receive from a signal (a select's case counts in its
// body: see enter).
func (rc *receiverClose) join(n ast.Node) bool {
	if rc.comms[n] {
		return false
	}
	return rc.c.joins(n) || rc.joinRecv(n)
}

// recvOf reports whether a node is a receive of the channel, or the
// header of a loop that receives it (the loop may have counted every
// send).
func (rc *receiverClose) recvOf(n ast.Node) bool {
	if rc.comms[n] {
		return false // a select's case: see enter
	}
	for _, l := range rc.recvLoops {
		if contains(l, n) {
			return true
		}
	}
	for _, r := range rc.recvs {
		if contains(n, r.node) {
			return true
		}
	}
	return false
}

// enterJoin stops a path at the body of a select case that joined.
func (rc *receiverClose) enterJoin(b *cfg.Block) flow.Mark {
	if b.Kind != cfg.KindSelectCaseBody {
		return flow.Pass
	}
	if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil && rc.joinRecv(cc.Comm) {
		return flow.Barrier
	}
	return flow.Pass
}

// enter stops a path at the body of a select case that joined or
// received from the channel.
func (rc *receiverClose) enter(b *cfg.Block) flow.Mark {
	if rc.enterJoin(b) == flow.Barrier {
		return flow.Barrier
	}
	if b.Kind != cfg.KindSelectCaseBody {
		return flow.Pass
	}
	if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
		for _, r := range rc.recvs {
			if contains(cc.Comm, r.node) {
				return flow.Barrier
			}
		}
	}
	return flow.Pass
}

// joins reports whether a node calls a join of the model (WaitGroup's
// or errgroup's Wait, Await...), not counting function literals.
func (c *checker) joins(n ast.Node) bool {
	j := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			_, obj := c.ix.Callee(x)
			if e, ok := c.m.Lookup(obj); ok && e.Is(model.Joins) {
				j = true
			}
		}
		return !j
	})
	return j
}

// closesEarly reports whether a close is inside a loop that receives
// from the channel, or follows receives from it none of which is in a
// loop.
func (c *checker) closesEarly(fn *funcs.Func, cl op, ops []op) bool {
	parents := c.graphs.Parents(fn)
	if l := loopOf(parents, cl.node); l != nil {
		for _, r := range of(ops, recvs, &cl.key) {
			if contains(l, r.node) {
				return true
			}
		}
	}
	for _, r := range of(ops, recvs, &cl.key) {
		// A receive in a loop (a range over the channel included) may
		// have counted every send.
		if r.node.Pos() < cl.node.Pos() && loopOf(parents, r.node) != nil {
			return false
		}
	}
	return true
}

func inTestFile(pass *analysis.Pass, n ast.Node) bool {
	return posfmt.InTest(pass.Fset, n.Pos())
}
