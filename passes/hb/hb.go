// Package hb answers happens-before questions about a spawn site: where
// the function that spawns (the starter) runs concurrently with the body
// it spawns, whether the body is spawned several times concurrently (in
// a loop), and whether a point of the body may synchronize with the
// starter before an access. unsafeshare asks it; any check about state
// shared across a spawn can.
//
// # The model
//
// The happens-before edges are the memory model's: a spawn orders what
// came before it in the starter before the body; a join (Task.Await,
// JoinSet.Wait or Next, WaitGroup.Wait, errgroup's Wait) orders the body
// before what follows; a channel send orders before the matching
// receive; an unlock before the next lock of the same mutex (lockset
// answers that part: locks held at both accesses); atomics and Once.Do
// order what one goroutine did before its release after the other's
// acquire.
//
// The analysis does not match sends with receives. It lists the points
// of a function where it may take part in an edge (Point): channel
// operations and selects (passes/maywait's sites), calls of functions
// that may wait (maywait, through calls and packages), the model's joins
// and runtime suspension points, atomics, Once.Do and synctest.Wait.
// Sleeps order nothing and are not points. A point on a channel or
// value that the other side never names (lockset classes: the same
// variable, or the same field of the same type) cannot be an edge with
// it, and does not count; any other point may, and ends the concurrent
// stretch. Precision first: an access after a point that may matter is
// taken as ordered.
//
// # The window of a spawn
//
// Window walks up from the spawn through the enclosing blocks of the
// starter, in source order: the statements after the spawn run
// concurrently with the body until the first point that counts. Other
// branches of an if or switch are not after the spawn. A loop around
// the spawn with no point that counts in it (the spawn's iteration
// included) runs all of its iterations concurrently with the body, which
// then has several instances at once, for variables declared outside
// that loop; a loop with such a point ends the window there. A return
// after the spawn, in the same statement list, ends the window once its
// results are read (return s.status reads while the body runs); an
// unlabeled break there leaves its loop (which then runs no other
// iteration after the spawn) or switch. Code after the starter returns
// (a body that outlives it) is not considered.
//
// A spawn into a group whose limit the starter sets to 1 (errgroup's
// SetLimit(1)) waits for the previous body: it is a point. So is a Lock
// of a mutex the starter has locked and not unlocked since: it waits for
// another goroutine's Unlock (a mutex used as a start signal). A goto
// after the spawn ends the window (it is not followed). Not handled:
// defers (a deferred join counts as a point where the defer statement
// is); orderings through calls of function values or interfaces
// (unknown callees are assumed not to wait).
package hb

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/maywait"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

var Analyzer = &analysis.Analyzer{
	Name:       "hb",
	Doc:        "happens-before between a spawn's starter and its body: where they run concurrently, and the points that may order them",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, lockset.Analyzer, maywait.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Result answers for the package's spawns. Everything is computed on
// demand and cached; it is safe for concurrent use.
type Result struct {
	ix    *funcs.Index
	m     *model.Model
	locks *lockset.Result
	waits *maywait.Result

	mu        sync.Mutex
	pointsOf  map[*funcs.Func][]Point
	mentioned map[mentionKey]map[string]int
	graphs    *flow.Graphs // the starters' parent maps
}

type mentionKey struct {
	fn     *funcs.Func
	noRecv bool
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	return &Result{
		ix:        ix,
		m:         m,
		locks:     pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		waits:     pass.ResultOf[maywait.Analyzer].(*maywait.Result),
		pointsOf:  make(map[*funcs.Func][]Point),
		mentioned: make(map[mentionKey]map[string]int),
		graphs:    flow.NewGraphs(pass.TypesInfo, ix, m),
	}, nil
}

// Window is what a spawn site shares with its starter, in time.
type Window struct {
	// Intervals are the stretches of the starter that run concurrently
	// with the body (the body itself excluded: it is a literal).
	Intervals []Interval
	// Loops are the loops around the spawn whose iterations all run
	// concurrently with the body, innermost first.
	Loops []ast.Node
	// BodyMentions: classes the body names (with the group it is
	// spawned into and the arguments it is given); StarterMentions:
	// classes the starter names outside the body (with the body's
	// parameters, which the starter fills); BodyReleases: classes the
	// body names other than by receiving from them.
	BodyMentions, StarterMentions, BodyReleases map[string]int
}

// Window computes the window of a spawn whose body is a function of the
// package, or returns nil (no body, or a body that runs on the caller's
// goroutine: BlockInPlace, Run, Timeout).
func (r *Result) Window(s *tasks.Spawn) *Window {
	if s.Body == nil || s.Body.Body == nil || s.In == nil || s.In.Body == nil || s.Body == s.In {
		return nil
	}
	if s.Kind == model.InPlace {
		return nil
	}
	if s.Callee != nil {
		if e, ok := r.m.Lookup(s.Callee); ok && e.Is(model.Joins) {
			return nil
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	spawnNode := ast.Node(s.Call)
	if s.Go != nil {
		spawnNode = s.Go
	}
	parents := r.graphs.Parents(s.In)
	lit, _ := s.Body.Node.(*ast.FuncLit)
	if lit != nil && parents[lit] == nil {
		lit = nil // a literal held in a variable: not part of the spawn
	}
	w := &Window{}
	w.BodyMentions = maps.Clone(r.mentions(s.Body, false))
	if sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr); ok && s.Go == nil {
		if c, ok := r.locks.Class(sel.X); ok {
			w.BodyMentions[c]++ // wg.Go, g.Go, js.Spawn: the group
		}
	}
	w.BodyReleases = r.mentions(s.Body, true)
	if lit != nil {
		w.StarterMentions = Minus(r.mentions(s.In, false), r.mentions(s.Body, false))
	} else {
		w.StarterMentions = maps.Clone(r.mentions(s.In, false))
	}
	// What the starter passes in is the starter's: the body's
	// parameters name it, and the arguments are the body's.
	if s.Go != nil {
		for _, arg := range s.Go.Call.Args {
			x := ast.Unparen(arg)
			if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
				x = u.X
			}
			if c, ok := r.locks.Class(x); ok {
				w.BodyMentions[c]++
			}
		}
	}
	if s.Body.Type != nil && s.Body.Type.Params != nil {
		fields := s.Body.Type.Params.List
		if d, ok := s.Body.Node.(*ast.FuncDecl); ok && d.Recv != nil {
			fields = append(slices.Clone(fields), d.Recv.List...)
		}
		for _, f := range fields {
			for _, name := range f.Names {
				if c, ok := r.locks.Class(name); ok {
					w.StarterMentions[c]++
				}
			}
		}
	}
	pts := r.points(s.In)
	if r.serialized(s) {
		// The spawn waits for the previous body: it is a point.
		pts = append(slices.Clone(pts), Point{Pos: s.Call.Pos(), End: s.Call.End(), Always: true})
		slices.SortFunc(pts, func(x, y Point) int { return int(x.Pos - y.Pos) })
	}
	w.Intervals, w.Loops = region(s.In.Body, parents, spawnNode, pts, func(pt Point) bool { return pt.Counts(w.BodyMentions) })
	return w
}

// serialized reports whether a spawn into a group waits for the group's
// previous body: the starter sets the group's limit to 1 (errgroup's
// SetLimit(1)).
func (r *Result) serialized(s *tasks.Spawn) bool {
	if s.Go != nil {
		return false
	}
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	group, ok := r.locks.Class(sel.X)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(s.In.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		_, obj := r.ix.Callee(call)
		e, ok := r.m.Lookup(obj)
		if !ok || !e.Is(model.Limits) || len(call.Args) != 1 {
			return true
		}
		lim, ok := ast.Unparen(call.Args[0]).(*ast.BasicLit)
		if !ok || lim.Value != "1" {
			return true
		}
		if rs, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if c, ok := r.locks.Class(rs.X); ok && c == group {
				found = true
			}
		}
		return true
	})
	return found
}

// Concurrent reports whether the starter's code at pos runs concurrently
// with the body, for an access to v.
func (w *Window) Concurrent(pos token.Pos, v *types.Var) bool {
	for _, iv := range w.Intervals {
		if pos >= iv.From && pos < iv.To && !DeclaredIn(v, iv.Loop) {
			return true
		}
	}
	return false
}

// Multi reports whether several instances of the body share v: the body
// is spawned in a loop that runs concurrently with it, and v is declared
// outside that loop.
func (w *Window) Multi(v *types.Var) bool {
	return len(w.Loops) > 0 && !DeclaredIn(v, w.Loops[0])
}

// OrderedBefore reports whether fn may synchronize, with a goroutine
// whose code names the classes in other, before it reaches n: a point
// that completes before n, or one in a loop of fn around n.
func (r *Result) OrderedBefore(fn *funcs.Func, n ast.Node, other map[string]int) bool {
	pts := r.Points(fn)
	var loops []ast.Node
	ast.Inspect(fn.Body, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() <= n.Pos() {
			return false
		}
		switch x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, x)
		case *ast.FuncLit:
			return false
		}
		return true
	})
	for _, pt := range pts {
		if !pt.Counts(other) {
			continue
		}
		if pt.End <= n.Pos() {
			return true
		}
		for _, l := range loops {
			if l.Pos() <= pt.Pos && pt.Pos < l.End() {
				return true
			}
		}
	}
	return false
}

// Mentions returns the classes of the channels, locks and values that fn
// names (its literals included), with how many times; with noRecv, the
// channels it only receives from are left out. Do not modify the map.
func (r *Result) Mentions(fn *funcs.Func, noRecv bool) map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mentions(fn, noRecv)
}

// mentions returns the classes fn names (see mentions), computed once.
func (r *Result) mentions(fn *funcs.Func, noRecv bool) map[string]int {
	k := mentionKey{fn, noRecv}
	if m, ok := r.mentioned[k]; ok {
		return m
	}
	m := mentions(r.locks, fn.Body, noRecv)
	r.mentioned[k] = m
	return m
}

// A point is a place where a function may take part in a happens-before
// edge with another goroutine: a channel operation, a join (Wait, Await,
// Next), a suspension point of the runtime, an atomic operation or
// sync.Once.Do, or a call of a function that may wait. What comes after
// it (for the goroutine that waits) may be ordered after what the other
// goroutine did before its side of the edge. The check does not try to
// match the two sides beyond the channel or value they use: an access
// after a point that may matter is taken as ordered.
type Point struct {
	Pos, End token.Pos
	// classes are the channels or values the point synchronizes on
	// (lockset classes); always means any goroutine may be on the other
	// side (a join, a call that may wait, an expression that is not a
	// path).
	Classes []string
	Always  bool
	// recv: a channel receive (or a select or range), which needs a send
	// or close on the other side.
	Recv bool
}

// Points returns fn's points, in source order (computed once).
func (r *Result) Points(fn *funcs.Func) []Point {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.points(fn)
}

func (r *Result) points(fn *funcs.Func) []Point {
	if ps, ok := r.pointsOf[fn]; ok {
		return ps
	}
	var ps []Point
	seen := make(map[ast.Node]bool)
	for _, s := range r.waits.Sites(fn) {
		seen[s.Node] = true
		if pt, ok := r.waitPoint(s); ok {
			ps = append(ps, pt)
		}
	}
	// The runtime's joins and suspension points, atomics and Once.Do:
	// maywait leaves them out.
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if seen[n] {
				return true
			}
			if pt, ok := r.callPoint(fn, n); ok {
				ps = append(ps, pt)
			}
		}
		return true
	})
	slices.SortFunc(ps, func(x, y Point) int { return int(x.Pos - y.Pos) })
	r.pointsOf[fn] = ps
	return ps
}

// chanClass adds the class of the channel or value x to pt, or makes pt
// Always when x is not a path.
func (r *Result) chanClass(pt *Point, x ast.Expr) {
	if c, ok := r.locks.Class(x); ok {
		pt.Classes = append(pt.Classes, c)
	} else {
		pt.Always = true
	}
}

// waitPoint returns the point of a site that may wait (false for a
// sleep: it orders nothing).
func (r *Result) waitPoint(s maywait.Site) (Point, bool) {
	pt := Point{Pos: s.Pos, End: s.Node.End()}
	switch n := s.Node.(type) {
	case *ast.SendStmt:
		r.chanClass(&pt, n.Chan)
	case *ast.UnaryExpr:
		r.chanClass(&pt, n.X)
		pt.Recv = true
	case *ast.RangeStmt:
		r.chanClass(&pt, n.X)
		pt.Recv = true
	case *ast.SelectStmt:
		pt.Recv = true
		for _, c := range model.SelectCases(n) {
			if x := commChan(c); x != nil {
				r.chanClass(&pt, x)
			} else {
				pt.Always = true
			}
		}
	case *ast.CallExpr:
		if s.Callee != nil {
			if e, ok := r.m.Lookup(s.Callee); ok && e.Is(model.Sleeps) {
				return Point{}, false // a sleep orders nothing
			}
		}
		pt.Always = true
	default:
		pt.Always = true
	}
	return pt, true
}

// callPoint returns the point of a call of the model that orders: a
// join, a suspension point (not a lock's), an atomic or Once.Do, or a
// Lock that waits for a hand-off (handOff).
func (r *Result) callPoint(fn *funcs.Func, n *ast.CallExpr) (Point, bool) {
	_, obj := r.ix.Callee(n)
	e, ok := r.m.Lookup(obj)
	if !ok {
		return Point{}, false
	}
	switch {
	case e.Is(model.Locks) && e.Lock == model.Exclusive:
		if r.handOff(fn, n) {
			return Point{Pos: n.Lparen, End: n.End(), Always: true}, true
		}
	case e.Is(model.Spawns) && !e.Is(model.Joins):
	case e.Is(model.Joins), e.Is(model.Suspends) && !(e.Is(model.Locks) || e.Is(model.Unlocks)):
		return Point{Pos: n.Lparen, End: n.End(), Always: true}, true
	case e.Is(model.Syncs):
		pt := Point{Pos: n.Lparen, End: n.End()}
		if e.Is(model.Atomic) && len(n.Args) > 0 {
			r.chanClass(&pt, n.Args[0])
		} else if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
			r.chanClass(&pt, sel.X)
		} else {
			pt.Always = true
		}
		return pt, true
	}
	return Point{}, false
}

// handOff reports whether n locks a mutex fn has locked already and
// not unlocked since: it waits for another goroutine to unlock it, a
// mutex used as a start signal (waitLock.Lock(); srv := &Server{
// NotifyStartedFunc: waitLock.Unlock}; go srv.ListenAndServe();
// waitLock.Lock()). What that goroutine did before its Unlock comes
// before what follows.
func (r *Result) handOff(fn *funcs.Func, n *ast.CallExpr) bool {
	var op *lockset.LockOp
	ops := r.locks.LockOps(fn)
	for i := range ops {
		if ops[i].Call == n {
			op = &ops[i]
		}
	}
	if op == nil || op.Try || op.Lock.Mode != model.Exclusive {
		return false
	}
	for _, o := range ops {
		if o.Call == n || o.Call.Pos() > n.Pos() || o.Lock.Key != op.Lock.Key || o.Try {
			continue
		}
		unlocked := slices.ContainsFunc(r.locks.UnlockOps(fn), func(u lockset.UnlockOp) bool {
			return u.Lock.Key == op.Lock.Key && !u.Deferred && o.Call.Pos() < u.Pos && u.Pos < n.Pos()
		})
		if !unlocked {
			return true
		}
	}
	return false
}

func commChan(c ast.Stmt) ast.Expr {
	switch c := c.(type) {
	case *ast.SendStmt:
		return c.Chan
	case *ast.ExprStmt:
		if u, ok := ast.Unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return u.X
		}
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			if u, ok := ast.Unparen(c.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				return u.X
			}
		}
	}
	return nil
}

// Counts reports whether a point may order against a goroutine whose
// code mentions the classes in other.
func (pt Point) Counts(other map[string]int) bool {
	if pt.Always {
		return true
	}
	for _, c := range pt.Classes {
		if other[c] > 0 {
			return true
		}
	}
	return false
}

// mentions returns the classes of the paths a subtree names (function
// literals included), with how many times; with noRecv, the channels it
// only receives from are left out.
func mentions(locks *lockset.Result, root ast.Node, noRecv bool) map[string]int {
	out := make(map[string]int)
	recvd := make(map[ast.Node]bool)
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if noRecv && n.Op == token.ARROW {
				recvd[ast.Unparen(n.X)] = true
			}
		case *ast.RangeStmt:
			if noRecv {
				recvd[ast.Unparen(n.X)] = true
			}
		case *ast.Ident, *ast.SelectorExpr:
			if recvd[n] {
				return false
			}
			if c, ok := locks.Class(n.(ast.Expr)); ok {
				out[c]++
			}
		}
		return true
	})
	return out
}

// minus returns the classes of x not all of whose mentions are in y
// (y's mentions are a part of x's).
func Minus(x, y map[string]int) map[string]int {
	out := make(map[string]int, len(x))
	for c, n := range x {
		if n > y[c] {
			out[c] = n - y[c]
		}
	}
	return out
}

// interval is a stretch of the starter's code that runs concurrently with
// the spawned body. After a loop was passed (the body is started in each
// iteration), it holds only for variables declared outside that loop.
type Interval struct {
	From, To token.Pos
	Loop     ast.Node
}

// region computes where the starter runs concurrently with the body it
// spawns at spawn: from the spawn to the first point that may order
// (counting only points that the body could be the other side of), in
// the enclosing blocks; a loop around the spawn with no such point makes
// the whole loop concurrent, and the body spawned several times. It
// returns the intervals and the loops passed, innermost first.
func region(fnBody *ast.BlockStmt, parents map[ast.Node]ast.Node, spawn ast.Node, pts []Point, counts func(Point) bool) ([]Interval, []ast.Node) {
	s := &regionScan{parents: parents, pts: pts, counts: counts, cur: spawn, start: spawn.End()}
	for s.cur != fnBody {
		p := parents[s.cur]
		if p == nil {
			break
		}
		if s.exiting != nil {
			s.start = p.End()
			if p == s.exiting {
				s.exiting = nil
			}
			s.cur = p
			continue
		}
		if s.up(p) {
			break
		}
		s.cur = p
	}
	return s.out, s.loops
}

// A regionScan is region's walk up from the spawn.
type regionScan struct {
	parents map[ast.Node]ast.Node
	pts     []Point
	counts  func(Point) bool
	out     []Interval
	loops   []ast.Node
	loop    ast.Node  // the last loop passed, the outermost so far
	cur     ast.Node  // the node whose parent is next
	start   token.Pos // where the next interval starts
	// exiting is the statement a break after the spawn leaves: the code
	// between is not run.
	exiting ast.Node
}

// first returns the first point in [from, to) that counts, or NoPos.
func (s *regionScan) first(from, to token.Pos) token.Pos {
	for _, pt := range s.pts {
		if pt.Pos >= from && pt.Pos < to && s.counts(pt) {
			return pt.Pos
		}
	}
	return token.NoPos
}

// scan adds [start, end) up to the first point; it reports whether the
// region ends there.
func (s *regionScan) scan(end token.Pos) bool {
	if p := s.first(s.start, end); p.IsValid() {
		if p > s.start {
			s.out = append(s.out, Interval{s.start, p, s.loop})
		}
		return true
	}
	if end > s.start {
		s.out = append(s.out, Interval{s.start, end, s.loop})
	}
	s.start = end
	return false
}

// list scans the statements after cur in a statement list: a return
// ends the window (the starter returns), a break leaves its target.
func (s *regionScan) list(p ast.Node, stmts []ast.Stmt) (stop bool) {
	after := false
	for _, st := range stmts {
		if !after {
			after = st == s.cur
			continue
		}
		switch st := st.(type) {
		case *ast.ReturnStmt:
			// The results are evaluated before the function returns.
			s.scan(st.End())
			return true
		case *ast.BranchStmt:
			switch {
			case st.Tok == token.GOTO:
				s.scan(st.Pos()) // not followed: the window ends
				return true
			case st.Tok == token.BREAK:
				if s.scan(st.Pos()) {
					return true
				}
				if st.Label != nil {
					s.exiting = labeled(s.parents, p, st.Label.Name)
				} else {
					s.exiting = breakTarget(s.parents, p)
				}
				return s.exiting == nil
			}
		}
	}
	return s.scan(p.End())
}

// up extends the region from cur to its parent p; it reports whether
// the region ends.
func (s *regionScan) up(p ast.Node) bool {
	switch p := p.(type) {
	case *ast.BlockStmt:
		if isClauseList(s.parents[p]) {
			s.start = p.End() // the other clauses
			return false
		}
		return s.list(p, p.List)
	case *ast.CaseClause:
		return s.list(p, p.Body)
	case *ast.CommClause:
		return s.list(p, p.Body)
	case *ast.ForStmt:
		return s.upLoop(p, p.Body)
	case *ast.RangeStmt:
		return s.upLoop(p, p.Body)
	case *ast.IfStmt:
		if s.cur == p.Init || s.cur == p.Cond {
			if s.scan(p.End()) {
				return true
			}
		}
		s.start = p.End()
		return false
	case *ast.FuncLit:
		return true
	default:
		return s.scan(p.End())
	}
}

// upLoop is up for a loop p with the given body.
func (s *regionScan) upLoop(p ast.Stmt, body *ast.BlockStmt) bool {
	if s.cur != body {
		return s.scan(p.End())
	}
	// The other iterations: is there a point in the loop (all of it
	// before the spawn, in the iteration)?
	if q := s.first(p.Pos(), p.End()); q.IsValid() {
		if q > p.Pos() {
			s.out = append(s.out, Interval{p.Pos(), q, p})
		}
		return true
	}
	s.loop = p
	s.loops = append(s.loops, p)
	s.out = append(s.out, Interval{p.Pos(), p.End(), s.loop})
	s.start = p.End()
	return false
}

// labeled returns the statement labeled name around n.
func labeled(parents map[ast.Node]ast.Node, n ast.Node, name string) ast.Node {
	for ; n != nil; n = parents[n] {
		switch l := n.(type) {
		case *ast.LabeledStmt:
			if l.Label.Name == name {
				return l.Stmt
			}
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// breakTarget returns the statement an unlabeled break in n leaves: the
// innermost enclosing for, range, switch or select.
func breakTarget(parents map[ast.Node]ast.Node, n ast.Node) ast.Node {
	for ; n != nil; n = parents[n] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return n
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

func isClauseList(n ast.Node) bool {
	switch n.(type) {
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return true
	}
	return false
}

// DeclaredIn reports whether v is declared inside n.
func DeclaredIn(v *types.Var, n ast.Node) bool {
	return n != nil && n.Pos() <= v.Pos() && v.Pos() < n.End()
}
