package lockorder

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/internal/factsonly"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "lockorder",
	Doc:       analysisdoc.Extract(doc, "lockorder"),
	URL:       "https://github.com/asynclint/asynclint/blob/main/analyzers/lockorder/doc.go",
	Requires:  []*analysis.Analyzer{funcs.Analyzer, lockset.Analyzer, lockacq.Analyzer, chanflow.Analyzer, tasks.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(Edges)},
}

// Edge is one place where a goroutine holding lock From takes lock To.
// Locks are named by their order class (lockset's OrderClass).
type Edge struct {
	From, To         string
	FromMode, ToMode model.LockMode
	// Func names the function; FromName and ToName the locks as it
	// writes them; FromPos and ToPos ("file.go:line") where each is
	// taken; Via the chain to To when it is taken by a callee ("by
	// calling s.g, which locks ...").
	Func             string
	FromName, ToName string
	FromPos, ToPos   string
	Via              string
	// Calls counts the calls down to To's lock: 0 when Func takes it.
	Calls int
	// Others are the classes of the other locks held at the same time:
	// a lock held on both sides of an inversion serializes them.
	Others []string
	// Std is set for an edge of the standard library.
	Std bool

	pos  token.Pos    // this package's edges only
	end  token.Pos    // the end of the call at pos
	fn   *funcs.Func  // the function of this package's edge
	test *funcs.Func  // the test it is part of (see testRoot)
	held lockset.Lock // the From lock, as fn holds it
	toAt string       // where To is taken: its lock call's position
}

// Edges is the package fact: the lock-order edges of the package and
// those its imports passed on (see run), one per pair of classes.
type Edges struct{ List []Edge }

func (*Edges) AFact() {}

func (e *Edges) String() string {
	s := make([]string, len(e.List))
	for i, x := range e.List {
		s[i] = short(x.From) + " -> " + short(x.To)
	}
	return "lock order " + strings.Join(s, ", ")
}

// maxEdges bounds the edges a package fact carries.
const maxEdges = 4096

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	acq := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)

	// This package's edges (the cheap gate: only where a lock is held).
	var own []Edge
	if locks.Any() || locks.TakesAny() {
		t := new(tree)
		own = edges(pass, ix, locks, acq, func(fn *funcs.Func, call *ast.CallExpr, sites []lockacq.Site) {
			t.visit(fn, call, sites, locks)
		})
		t.report(pass, locks)
	}
	if locks.Any() {
		own = append(own, templates(pass, ix, locks, pass.ResultOf[chanflow.Analyzer].(*chanflow.Result))...)
	}

	// The graph: the edges the direct imports pass on, one per pair (in
	// import path order, for deterministic messages), then this
	// package's. Go vet hands a package the facts of its direct imports
	// only: each package passes on its own edges and those it was handed,
	// so that an edge reaches every package above it.
	imps := slices.Clone(pass.Pkg.Imports())
	slices.SortFunc(imps, func(x, y *types.Package) int { return strings.Compare(x.Path(), y.Path()) })
	seen := make(map[pair]bool)
	var graph []Edge
	for _, imp := range imps {
		var f Edges
		if !pass.ImportPackageFact(imp, &f) {
			continue
		}
		for _, e := range f.List {
			if p := (pair{e.From, e.To}); !seen[p] {
				seen[p] = true
				graph = append(graph, e)
			}
		}
	}
	imported := len(graph)
	if locks.TakesAny() {
		own = append(own, instantiate(pass, ix, acq, graph)...)
	}
	ownSeen := make(map[pair]bool)
	// One edge per pair, and per test for a test's own (see testRoot).
	type testPair struct {
		pair
		test *funcs.Func
	}
	ownAt := make(map[testPair]bool)
	for _, e := range own {
		p := pair{e.From, e.To}
		if tp := (testPair{p, e.test}); !ownAt[tp] {
			ownSeen[p], ownAt[tp] = true, true
			graph = append(graph, e)
		}
	}

	export(pass, graph, imported, ownSeen)
	if factsonly.On() { // a facts-only run reports nothing
		return nil, nil
	}
	if locks.Any() {
		argOrder(pass, ix, locks, acq, pass.ResultOf[tasks.Analyzer].(*tasks.Result))
	}
	if len(own) == 0 {
		return nil, nil
	}
	report(pass, ix, locks, graph, imported, own)
	return nil, nil
}

// pair is an edge's two classes.
type pair struct{ from, to string }

// export passes the edges on: see run.
func export(pass *analysis.Pass, graph []Edge, imported int, ownSeen map[pair]bool) {
	// Pass the edges on. The standard library passes on its own edges
	// only, and nobody passes on its edges further: carried up the whole
	// import graph they cost more than a quarter of the suite's time on
	// std, and its internal locks are not a caller's to order (a cycle
	// between two of its packages is seen only by their direct
	// importers).
	std := model.DescribesPass(pass)
	var out []Edge
	exported := make(map[pair]bool)
	for i, e := range graph {
		// A test's own edge is its to check (see testRoot).
		if lockset.LocalClass(e.From) || lockset.LocalClass(e.To) || len(out) >= maxEdges || exported[pair{e.From, e.To}] || e.test != nil {
			continue
		}
		if i < imported {
			if std || e.Std || ownSeen[pair{e.From, e.To}] {
				continue
			}
		}
		e.pos, e.fn, e.test = token.NoPos, nil, nil
		e.Std = e.Std || std
		exported[pair{e.From, e.To}] = true
		out = append(out, e)
	}
	if len(out) > 0 && pass.Pkg.Name() != "main" { // a main package is imported by none
		pass.ExportPackageFact(&Edges{List: out})
	}
}

// edges lists the package's edges, in source order.
func edges(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, acq *lockacq.Result, visit func(fn *funcs.Func, call *ast.CallExpr, sites []lockacq.Site)) []Edge {
	var out []Edge
	tests := make(map[*funcs.Func]*funcs.Func)
	add := func(fn *funcs.Func, h lockset.Lock, held []lockset.Lock, to, toName string, toMode model.LockMode, toKey lockset.Key, at, end token.Pos, via, toAt string, calls int) {
		if h.Order == "" || to == "" || h.Order == to {
			return // two locks of one class: see the doc
		}
		if acq.FreshHeld(fn, h.Key, at, end) || acq.FreshTaken(fn, toKey, at) {
			return
		}
		e := Edge{From: h.Order, To: to, FromMode: h.Mode, ToMode: toMode, Func: funcName(fn),
			FromName: h.Name, ToName: toName, FromPos: pos(pass, h.Pos), ToPos: pos(pass, at), Via: via, Calls: calls, pos: at, end: end, fn: fn, held: h, toAt: toAt}
		if t, ok := tests[fn]; ok {
			e.test = t
		} else {
			e.test = testRoot(pass, ix, fn)
			tests[fn] = e.test
		}
		if h.Via != "" {
			e.FromName += " (by " + h.Via + ")"
		}
		for _, o := range held {
			if o.Order != h.Order && o.Order != to && !slices.Contains(e.Others, o.Order) {
				e.Others = append(e.Others, o.Order)
			}
		}
		out = append(out, e)
	}
	for _, fn := range ix.Funcs {
		entry := onEntry(pass, locks, fn)
		for _, op := range locks.LockOps(fn) {
			if op.Try || op.Iface {
				continue
			}
			held := withEntry(op.Held, entry, op.Released)
			for _, h := range held {
				if h.Key != op.Lock.Key {
					add(fn, h, held, op.Lock.Order, op.Lock.Name, op.Lock.Mode, op.Lock.Key, op.Call.Pos(), op.Call.End(), "", pos(pass, op.Call.Pos()), 0)
				}
			}
		}
		if !acq.Any() {
			continue
		}
		callbackEdges(fn, acq, add)
		if !locks.Holds(fn) && len(entry) == 0 {
			continue
		}
		for _, call := range acq.Calls(fn) {
			held := withEntry(locks.HeldAt(call), entry, locks.ReleasedAt(call))
			if len(held) == 0 {
				continue
			}
			sites := acq.At(fn, call)
			visit(fn, call, sites)
			for _, s := range sites {
				// A lock taken only under a bool parameter ("needLock")
				// follows the caller's argument: doublelock's rule too.
				if len(s.Chain) > maxVia || s.Guarded {
					continue
				}
				for _, h := range held {
					if h.Key == s.Key || slices.ContainsFunc(s.Released, func(km lockset.KeyMode) bool { return km.Key == h.Key }) {
						continue
					}
					add(fn, h, held, s.Class, s.Name, s.Mode, s.Key, call.Pos(), call.End(), lockacq.Describe(s.Chain), lockPos(s.Chain), len(s.Chain)-1)
				}
			}
		}
	}
	// By file name and offset: the files' bases in the file set depend on
	// the order they were parsed in, which is not fixed.
	slices.SortStableFunc(out, func(x, y Edge) int {
		px, py := pass.Fset.Position(x.pos), pass.Fset.Position(y.pos)
		return cmp.Or(strings.Compare(px.Filename, py.Filename), cmp.Compare(px.Offset, py.Offset))
	})
	return out
}

// addFunc adds an edge: see edges.
type addFunc func(fn *funcs.Func, h lockset.Lock, held []lockset.Lock, to, toName string, toMode model.LockMode, toKey lockset.Key, at, end token.Pos, via, toAt string, calls int)

// callbackEdges adds the edges of the function literals fn passes to
// callees that run them holding their locks (s.locked(func() { ... })).
func callbackEdges(fn *funcs.Func, acq *lockacq.Result, add addFunc) {
	for _, call := range acq.Calls(fn) {
		for _, cb := range acq.CallbackHolds(fn, call) {
			for _, s := range cb.Sites {
				if len(s.Chain) > maxVia || s.Guarded {
					continue
				}
				for _, h := range cb.Held {
					if h.Key != s.Key && !slices.ContainsFunc(s.Released, func(km lockset.KeyMode) bool { return km.Key == h.Key }) {
						add(fn, h, cb.Held, s.Class, s.Name, s.Mode, s.Key, call.Pos(), call.End(), lockacq.Describe(s.Chain), lockPos(s.Chain), len(s.Chain)-1)
					}
				}
			}
		}
	}
}

// onEntry returns the locks fn's caller holds when it calls fn: those fn
// releases on every path without taking them (lockset's HeldOnEntry),
// named "m (held on entry: released at a.go:40 without being taken)",
// taken at fn's declaration.
func onEntry(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func) []lockset.Lock {
	kms := locks.HeldOnEntry(fn)
	if len(kms) == 0 {
		return nil
	}
	var out []lockset.Lock
	for _, km := range kms {
		at := token.NoPos
		for _, u := range locks.UnlockOps(fn) {
			if u.Lock == km && !u.Helper {
				at = u.Pos
				break
			}
		}
		if !at.IsValid() {
			continue
		}
		out = append(out, lockset.Lock{Key: km.Key, Mode: km.Mode, Pos: fn.Node.Pos(), Order: locks.OrderClass(km.Key),
			Name: km.Key.String() + " (held on entry: released at " + pos(pass, at) + " without being taken)"})
	}
	return out
}

// withEntry adds to held the locks held on entry that the function has
// not released, on any path, before this point.
func withEntry(held, entry []lockset.Lock, released []lockset.KeyMode) []lockset.Lock {
	if len(entry) == 0 {
		return held
	}
	var out []lockset.Lock // taken first
	for _, l := range entry {
		if !slices.Contains(released, lockset.KeyMode{Key: l.Key, Mode: l.Mode}) &&
			!slices.ContainsFunc(held, func(h lockset.Lock) bool { return h.Key == l.Key }) {
			out = append(out, l)
		}
	}
	return append(out, held...)
}

// maxVia bounds the chain of calls to a lock taken through calls: the
// deeper the chain, the likelier a condition along it (a value already
// initialized, a state checked before locking) keeps the lock from being
// taken; four calls cover the inversions of the bug studies.
const maxVia = 5

// long turns on the report of cycles of three and four locks
// (-lockorder.long). By default only two locks taken in opposite orders
// are reported: over nats-server, 32 of its 35 cycles were of three or
// four locks, each edge taken on a different value of a type with many
// (clients, accounts), through chains of calls, and none could be shown
// to deadlock; its 3 two-lock cycles were real inversions.
var long bool

func init() {
	Analyzer.Flags.BoolVar(&long, "long", false,
		"also report cycles of three and four locks (more findings, less precise)")
}

// maxCycle bounds the length of a reported cycle.
func maxCycle() int {
	if long {
		return 4
	}
	return 2
}

// report finds the cycles through this package's edges (graph[imported:])
// and reports each once, at the earliest of its edges in the package.
func report(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, graph []Edge, imported int, own []Edge) {
	var apart *ended // built for the first cycle
	ws := &writers{pass: pass, ix: ix, locks: locks, acq: pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)}
	pairSites := sitesOf(own)
	scopes := make(map[*funcs.Func]scope)
	scopeOf := func(test *funcs.Func) scope {
		if scopes[test] == nil {
			scopes[test] = testScope(ix, test)
		}
		return scopes[test]
	}
	byFrom := make(map[string][]int)
	for i, e := range graph {
		byFrom[e.From] = append(byFrom[e.From], i)
	}
	done := make(map[string]bool)
	var names map[string]string
	// One report per site: cycles that share the edge they are reported
	// at are one place to fix; the others are counted.
	type site struct {
		msg  string
		more int
	}
	sites := make(map[token.Pos]*site)
	var order []token.Pos
	for i := imported; i < len(graph); i++ {
		cycle := shortestBack(graph, byFrom, i)
		if cycle == nil {
			continue
		}
		ok, note := consistent(graph, cycle, ws)
		if !ok || !testFeasible(graph, cycle, imported, scopeOf) {
			continue
		}
		if apart == nil {
			apart = newEnded(pass.ResultOf[chanflow.Analyzer].(*chanflow.Result))
		}
		if apart.apart(graph, cycle, imported, pairSites) || boundLater(pass, ix, graph, cycle, imported) {
			continue
		}
		key := cycleKey(graph, cycle)
		if done[key] {
			continue
		}
		done[key] = true
		// Report at the earliest edge of this package in the cycle; in
		// a test's, when it has one: the test is the one to look at.
		before := func(j, at int) bool {
			if tj, ta := graph[j].test != nil, graph[at].test != nil; tj != ta {
				return tj
			}
			return graph[j].pos < graph[at].pos
		}
		at := i
		for _, j := range cycle {
			if j >= imported && before(j, at) {
				at = j
			}
		}
		if names == nil {
			names = pkgNames(pass.Pkg)
		}
		p := graph[at].pos
		if s := sites[p]; s != nil {
			s.more++
			continue
		}
		sites[p] = &site{msg: message(graph, cycle, at, names) + note}
		order = append(order, p)
	}
	for _, p := range order {
		s := sites[p]
		if s.more > 0 {
			s.msg += fmt.Sprintf(" (and %d more cycles through this edge)", s.more)
		}
		pass.Reportf(p, "%s", s.msg)
	}
}

// shortestBack returns a cycle starting with edge i: i, then the
// shortest path back from its To to its From (breadth first, edges in
// graph order), or nil.
func shortestBack(graph []Edge, byFrom map[string][]int, i int) []int {
	start, goal := graph[i].To, graph[i].From
	type node struct {
		class string
		path  []int
	}
	queue := []node{{start, nil}}
	visited := map[string]bool{start: true}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if len(n.path) >= maxCycle()-1 {
			continue
		}
		for _, j := range byFrom[n.class] {
			e := graph[j]
			path := append(slices.Clone(n.path), j)
			if e.To == goal {
				return append([]int{i}, path...)
			}
			if !visited[e.To] {
				visited[e.To] = true
				queue = append(queue, node{e.To, path})
			}
		}
	}
	return nil
}

// consistent reports whether a cycle can deadlock: no other lock is held
// along every edge (it would serialize them), and a lock read-locked on
// both of its sides is write-locked by the package (readers do not
// exclude each other, but a writer waiting for the first read lock
// makes the second wait: see writers). It returns the writers' part of
// the message.
func consistent(graph []Edge, cycle []int, ws *writers) (bool, string) {
	var note string
	for k, i := range cycle {
		next := graph[cycle[(k+1)%len(cycle)]]
		if graph[i].ToMode == model.Shared && next.FromMode == model.Shared {
			// Three goroutines must meet: the read lock taken in the
			// function of the edge or by its callee, not down a longer
			// chain, whose conditions make the meeting rarer still.
			w := ws.of(graph[i].To)
			if w == "" || graph[i].Calls > 1 {
				return false, ""
			}
			note += "; " + w + ": a writer that waits for the first read lock makes the second wait for it"
		}
	}
	common := slices.Clone(graph[cycle[0]].Others)
	for _, i := range cycle[1:] {
		common = slices.DeleteFunc(common, func(c string) bool { return !slices.Contains(graph[i].Others, c) })
	}
	return len(common) == 0, note
}

func cycleKey(graph []Edge, cycle []int) string {
	var parts []string
	for _, i := range cycle {
		parts = append(parts, graph[i].From+"->"+graph[i].To)
	}
	slices.Sort(parts)
	return strings.Join(parts, "|")
}

// message names the cycle, starting at edge at: each edge with both of
// its acquisition sites.
func message(graph []Edge, cycle []int, at int, names map[string]string) string {
	short := func(class string) string { return shortIn(class, names) }
	k := slices.Index(cycle, at)
	order := append(slices.Clone(cycle[k:]), cycle[:k]...)
	first := graph[order[0]]
	var sb strings.Builder
	fmt.Fprintf(&sb, "lock order inversion: %s takes %s then %s (%s locked at %s, then %s at %s%s)",
		first.Func, short(first.From), short(first.To), first.FromName, first.FromPos, first.ToName, first.ToPos, via(first))
	for _, i := range order[1:] {
		e := graph[i]
		fmt.Fprintf(&sb, ", but %s takes %s then %s (%s locked at %s, then %s at %s%s)",
			e.Func, short(e.From), short(e.To), e.FromName, e.FromPos, e.ToName, e.ToPos, via(e))
	}
	sb.WriteString(": goroutines taking them in these orders deadlock")
	return sb.String()
}

func via(e Edge) string {
	if e.Via == "" {
		return ""
	}
	return " " + e.Via
}

// short names a class for messages: "(example.com/p.T).mu" as
// "(p.T).mu", "example.com/p.mu" as "p.mu", with the package's name
// where names is given; a local variable's class is "a local lock" (the
// edges name such locks by FromName and ToName).
func short(class string) string { return shortIn(class, nil) }

func shortIn(class string, names map[string]string) string {
	if lockset.LocalClass(class) {
		return "a local lock"
	}
	if cb, ok := strings.CutPrefix(class, callbackPrefix); ok {
		// "(*example.com/p.Bus).Subscribe#0": the callbacks registered
		// with Subscribe.
		if strings.HasPrefix(cb, "(") {
			start := 1
			if strings.HasPrefix(cb, "(*") {
				start = 2
			}
			if i := strings.Index(cb, ")"); i > start {
				cb = cb[:start] + qualified(cb[start:i], names) + cb[i:]
			}
		} else {
			cb = qualified(cb, names)
		}
		return "the callbacks of " + cb
	}
	if strings.HasPrefix(class, "(") {
		i := strings.Index(class, ")")
		if i < 0 {
			return class
		}
		return "(" + qualified(class[1:i], names) + ")" + class[i+1:]
	}
	return qualified(class, names)
}

// qualified trims the import path of "example.com/p.T" to the package's
// name: "p.T".
func qualified(s string, names map[string]string) string {
	dot := strings.LastIndex(s, ".")
	if dot < 0 {
		return s
	}
	path, rest := s[:dot], s[dot:]
	if name, ok := names[path]; ok {
		return name + rest
	}
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:] + rest
	}
	return s
}

// pkgNames maps the import paths of the package and its dependencies to
// their names.
func pkgNames(pkg *types.Package) map[string]string {
	names := make(map[string]string)
	var add func(p *types.Package)
	add = func(p *types.Package) {
		if _, ok := names[p.Path()]; ok {
			return
		}
		names[p.Path()] = p.Name()
		for _, q := range p.Imports() {
			add(q)
		}
	}
	add(pkg)
	return names
}

// funcName names a function for messages, qualified by its package: the
// edge may be shown in another package.
func funcName(fn *funcs.Func) string {
	if fn.Obj != nil {
		return model.Name(fn.Obj, nil)
	}
	return "a func literal"
}

func pos(pass *analysis.Pass, p token.Pos) string { return lockacq.Pos(pass.Fset, p) }
