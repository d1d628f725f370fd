package lockawait

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/maysuspend"
	"github.com/asynclint/asynclint/passes/maywait"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "lockawait",
	Doc:      analysisdoc.Extract(doc, "lockawait"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/lockawait/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, lockset.Analyzer, maysuspend.Analyzer, maywait.Analyzer, model.Analyzer},
	Run:      run,
}

// A site is a suspension point or a wait, with what the message says of
// it.
type site struct {
	node    ast.Node
	pos     token.Pos
	call    *ast.CallExpr
	chain   []maysuspend.Step
	suspend bool
	unlocks bool // sync.Cond.Wait: releases the lock it is bound to
	// For a wait: any lock counts (a Wait call, time.Sleep), or only
	// those the goroutines that could end it take (a channel operation).
	always bool
	wakers []string
	via    *funcs.Func // the function of the package the site calls
}

// maxProvenDepth is the longest chain (the call in the lock holder, the
// calls below it, the wait) reported on the peers' proof by default.
const maxProvenDepth = maywait.ProvenDepth

// chanOps turns on the report of sync locks held across channel
// operations in plain Go without the proof that a goroutine that could
// end the wait needs the lock (-lockawait.chans). It is off by default:
// over std and x/net such reports rested on invariants the analysis
// cannot see (a token channel with room by construction, a protocol that
// guarantees the buffer has space); see the doc.
var chanOps bool

func init() {
	Analyzer.Flags.BoolVar(&chanOps, "chans", false,
		"also report sync locks held across channel operations in plain Go when no goroutine that could end the wait is shown to need the lock (more findings, less precise)")
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	if !locks.Any() {
		return nil, nil // the cheap gate: no sync lock is ever held here
	}
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	c := &checker{
		pass:       pass,
		locks:      locks,
		suspends:   pass.ResultOf[maysuspend.Analyzer].(*maysuspend.Result),
		waits:      pass.ResultOf[maywait.Analyzer].(*maywait.Result),
		m:          pass.ResultOf[model.Analyzer].(*model.Model),
		reportedAt: make(map[token.Pos]bool),
	}
	for _, fn := range ix.Funcs {
		if locks.Holds(fn) {
			c.check(fn)
		}
	}
	return nil, nil
}

// A checker holds what the check of each function shares.
type checker struct {
	pass     *analysis.Pass
	locks    *lockset.Result
	suspends *maysuspend.Result
	waits    *maywait.Result
	m        *model.Model
	// reportedAt: waits in helpers are reported where they are, once.
	reportedAt map[token.Pos]bool
}

// A waitKey is a held lock and the end of a chain: two calls that reach
// the same wait through the same callee are the same mistake.
type waitKey struct {
	lock token.Pos
	end  maysuspend.Step
}

// check reports the sites of fn where a lock that counts is held.
func (c *checker) check(fn *funcs.Func) {
	// One finding per held lock and wait.
	reported := make(map[waitKey]bool)
	for _, s := range c.sites(fn) {
		held := c.held(s)
		if len(held) == 0 {
			continue
		}
		if len(s.chain) > 1 {
			k := waitKey{held[0].Pos, s.chain[len(s.chain)-1]}
			if reported[k] {
				continue
			}
			reported[k] = true
		}
		peer, sleeps := "", false
		if !s.suspend && !s.always && len(s.chain) > 0 {
			end := s.chain[len(s.chain)-1].Pos
			inst := c.locks.ValuePath(held[0].Key)
			peer = c.waits.Peer(end, held[0].Order, inst)
			if peer == "" && s.via != nil {
				// The chain shown is the callee's first wait; the
				// proof may rest on another one below it.
				if chain, p := c.provingChain(s.via, slices.Clone(s.chain[:1]), held[0].Order, inst, 2); chain != nil {
					s.chain, peer = chain, p
					end = chain[len(chain)-1].Pos
				}
			}
			sleeps = c.waits.Sleeps(end)
		}
		at, moved := innermost(s, c.suspends, c.waits)
		if moved {
			if c.reportedAt[at] {
				continue
			}
			c.reportedAt[at] = true
		}
		report(c.pass, fn, c.locks, s, held, peer, sleeps, at, moved)
	}
}

// provingChain returns the chain, from prefix down through fn, to a wait
// whose peer may take a lock of class, and that peer; nil if none is at
// most maxProvenDepth steps down.
func (c *checker) provingChain(fn *funcs.Func, prefix []maysuspend.Step, class, inst string, depth int) ([]maysuspend.Step, string) {
	if depth > maxProvenDepth {
		return nil, ""
	}
	sites := c.waits.Sites(fn)
	for _, t := range sites {
		if t.Via == nil && len(t.Fact.Chain) == 1 {
			if p := c.waits.Peer(t.Fact.Chain[0].Pos, class, inst); p != "" {
				return append(prefix, t.Fact.Chain[0]), p
			}
		}
	}
	for _, t := range sites {
		if t.Via != nil && t.Via != fn && len(t.Fact.Chain) > 0 {
			if chain, p := c.provingChain(t.Via, append(slices.Clone(prefix), t.Fact.Chain[0]), class, inst, depth+1); chain != nil {
				return chain, p
			}
		}
	}
	return nil, ""
}

// sites returns the suspension points and the waits of fn, in source
// order. Suspension points come first: a site that both suspends and
// waits is reported once, as a suspension.
func (c *checker) sites(fn *funcs.Func) []site {
	var sites []site
	seen := make(map[ast.Node]bool)
	for _, s := range c.suspends.Sites(fn) {
		seen[s.Node] = true
		sites = append(sites, site{node: s.Node, pos: s.Pos, call: s.Call, chain: s.Fact.Chain, suspend: true, via: s.Via})
	}
	for _, s := range c.waits.Sites(fn) {
		if seen[s.Node] {
			continue
		}
		// The peers' proof matches locks by class: across a long chain,
		// that is rarely one lock that one goroutine holds (see the
		// doc). Deeper waits need -chans.
		if !chanOps && !s.Fact.Always && len(s.Fact.Chain) > maxProvenDepth {
			continue
		}
		if testSleep(c.pass, c.m, c.waits, s) {
			continue
		}
		always := s.Fact.Always || chanOps && isChanOp(s.Fact.Chain)
		sites = append(sites, site{node: s.Node, pos: s.Pos, call: s.Call, chain: s.Fact.Chain, unlocks: s.Unlocks,
			always: always, wakers: s.Fact.Wakers, via: s.Via})
	}
	slices.SortStableFunc(sites, func(a, b site) int { return int(a.pos - b.pos) })
	return sites
}

// held returns the locks held at a site that count: for a wait whose
// wakers are known, those its wakers may take; for a Cond.Wait, not the
// Cond's own lock.
func (c *checker) held(s site) []lockset.Lock {
	held := c.locks.HeldAt(s.node)
	if !s.suspend && !s.always {
		held = slices.DeleteFunc(slices.Clone(held), func(l lockset.Lock) bool {
			return !maywait.Conflicts(s.wakers, l.Order, c.locks.ValuePath(l.Key), l.Mode)
		})
	}
	if s.unlocks {
		held = otherThanCondLock(c.locks, s.call, held)
	}
	return held
}

// innermost follows a site's chain down through the package's
// unexported helpers to the wait itself, and returns where to report
// and whether that is below the site. An unexported helper is part of
// its caller's code: its wait is the mistake to fix. An exported
// function's wait is its contract (a Next that waits for data): the
// mistake is the call made under the lock, and the walk stops there.
func innermost(s site, suspends *maysuspend.Result, waits *maywait.Result) (token.Pos, bool) {
	pos, via, k := s.pos, s.via, 1
	for via != nil && via.Obj != nil && !via.Obj.Exported() && k < len(s.chain) {
		rest := s.chain[k:]
		found := false
		if s.suspend {
			for _, t := range suspends.Sites(via) {
				if slices.Equal(t.Fact.Chain, rest) {
					pos, via, found = t.Pos, t.Via, true
					break
				}
			}
		} else {
			for _, t := range waits.Sites(via) {
				if slices.Equal(t.Fact.Chain, rest) {
					pos, via, found = t.Pos, t.Via, true
					break
				}
			}
		}
		if !found {
			break
		}
		k++
	}
	return pos, k > 1
}

// testSleep reports whether a wait is a time.Sleep made under a lock by
// a test itself: over std and nats-server, every one held the lock on
// purpose, to hold other goroutines off while the test set a scene. A
// helper of the tests that sleeps for it (waitParked, polling until
// goroutines are parked on the lock the test holds) is the test too,
// when every call down to the sleep is in a test file; a sleep in the
// code under test is not.
func testSleep(pass *analysis.Pass, m *model.Model, waits *maywait.Result, s maywait.Site) bool {
	if s.Callee == nil || !posfmt.InTest(pass.Fset, s.Pos) {
		return false
	}
	if len(s.Fact.Chain) == 1 {
		e, ok := m.Lookup(s.Callee)
		return ok && e.Is(model.Sleeps)
	}
	for _, st := range s.Fact.Chain {
		file, _, _ := strings.Cut(st.Pos, ":")
		if !strings.HasSuffix(file, "_test.go") {
			return false
		}
	}
	return waits.Sleeps(s.Fact.Chain[len(s.Fact.Chain)-1].Pos)
}

// isChanOp reports whether a wait's chain ends in a channel operation or
// a select, rather than in a call such as WaitGroup.Wait or time.Sleep.
func isChanOp(chain []maysuspend.Step) bool {
	if len(chain) == 0 {
		return false
	}
	return strings.HasPrefix(chain[len(chain)-1].Name, "a ")
}

// otherThanCondLock returns the locks held across a sync.Cond.Wait other
// than the one the Wait releases. If that lock is not known to be held
// (the analysis cannot tell which lock the Cond is bound to), it returns
// nil: precision first.
func otherThanCondLock(locks *lockset.Result, wait *ast.CallExpr, held []lockset.Lock) []lockset.Lock {
	keys := locks.CondLocks(wait)
	var others []lockset.Lock
	found := false
	for _, l := range held {
		if slices.Contains(keys, l.Key) {
			found = true
		} else {
			others = append(others, l)
		}
	}
	if !found {
		return nil
	}
	return others
}

// report reports s with held; peer, when known, names the goroutine
// that could end the wait and may take the first held lock before (for
// a sleep, one that takes the lock and waits while it sleeps). The
// finding is at at; moved says it is in a helper below the site, and the
// chain then starts at fn.
func report(pass *analysis.Pass, fn *funcs.Func, locks *lockset.Result, s site, held []lockset.Lock, peer string, sleeps bool, at token.Pos, moved bool) {
	l := held[0]
	kind := "sync lock"
	if l.Mode == model.Shared {
		kind = "sync read lock"
	}
	where := "locked at " + posString(pass, l.Pos)
	if l.Via != "" {
		where = "locked by " + l.Via + " at " + posString(pass, l.Pos)
	}
	var what string
	if moved {
		name := "the func literal"
		if fn.Obj != nil {
			name = model.Name(fn.Obj, pass.Pkg)
		}
		what = name + " " + (&maysuspend.Suspending{Chain: s.chain}).Describe()
	} else if len(s.chain) == 1 {
		what = fmt.Sprintf("%s (%s)", s.chain[0].Name, s.chain[0].Pos)
	} else {
		rest := &maysuspend.Suspending{Chain: s.chain[1:]}
		what = s.chain[0].Name + " " + rest.Describe()
	}
	var msg string
	if s.suspend {
		msg = fmt.Sprintf("%s %s (%s) is held across a suspension point: %s; release it before suspending, or use runtime.Mutex",
			kind, l.Name, where, what)
	} else {
		msg = fmt.Sprintf("%s %s (%s) is held while waiting for another goroutine: %s; release it before waiting",
			kind, l.Name, where, what)
		switch {
		case peer != "" && sleeps:
			msg += fmt.Sprintf(" (%s takes %s, and waits as long as this sleep)", peer, l.Name)
		case peer != "":
			msg += fmt.Sprintf(" (%s may take %s first)", peer, l.Name)
		}
	}
	if len(held) > 1 {
		more := "locks"
		if len(held) == 2 {
			more = "lock"
		}
		msg = fmt.Sprintf("%s (%d more %s held)", msg, len(held)-1, more)
	}
	d := analysis.Diagnostic{Pos: at, Message: msg}
	if fix, ok := unlockFirst(pass, fn, locks, s, held); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	pass.Report(d)
}

func posString(pass *analysis.Pass, pos token.Pos) string {
	p := pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// unlockFirst moves the Unlock that follows the site's statement before
// it, when that is sound:
//
//   - the site is the operation itself (a call of the model's suspension
//     point or wait, or a channel operation), not a call of a function of
//     the program, which could touch the guarded state;
//   - one lock is held, and the very next statement of the same block
//     unlocks it, in the same mode;
//   - the site's statement reads and writes only local variables (no
//     field, no package variable, no pointer, no index, no other call),
//     so nothing the lock guards is touched once it is released;
//   - no comment lies inside either statement (a comment at the end of
//     a line stays on its line).
func unlockFirst(pass *analysis.Pass, fn *funcs.Func, locks *lockset.Result, s site, held []lockset.Lock) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if len(held) != 1 || len(s.chain) != 1 {
		return none, false
	}
	if _, ok := s.node.(*ast.SelectStmt); ok {
		return none, false
	}
	if _, ok := s.node.(*ast.RangeStmt); ok {
		return none, false
	}
	path, _ := astutil.PathEnclosingInterval(fileOf(pass, s.node.Pos()), s.node.Pos(), s.node.End())
	var stmt ast.Stmt
	var block *ast.BlockStmt
	for i, n := range path {
		if b, ok := n.(*ast.BlockStmt); ok && i > 0 {
			stmt, _ = path[i-1].(ast.Stmt)
			block = b
			break
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return none, false
		}
	}
	if stmt == nil || block == nil {
		return none, false
	}
	switch stmt.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.SendStmt:
	default:
		return none, false
	}
	i := slices.Index(block.List, stmt)
	if i < 0 || i+1 >= len(block.List) {
		return none, false
	}
	next, ok := block.List[i+1].(*ast.ExprStmt)
	if !ok {
		return none, false
	}
	call, ok := astutil.Unparen(next.X).(*ast.CallExpr)
	if !ok {
		return none, false
	}
	key, mode, ok := locks.Unlocks(call)
	if !ok || key != held[0].Key || mode != held[0].Mode {
		return none, false
	}
	if !onlyLocals(pass, fn, stmt, s.call) {
		return none, false
	}
	file := fileOf(pass, stmt.Pos())
	for _, cg := range file.Comments {
		for _, n := range []ast.Node{stmt, next} {
			if cg.Pos() < n.End() && cg.End() > n.Pos() {
				return none, false // a comment inside a statement
			}
		}
	}
	src, err := pass.ReadFile(pass.Fset.File(stmt.Pos()).Name())
	if err != nil {
		return none, false
	}
	text := func(n ast.Node) []byte {
		f := pass.Fset.File(n.Pos())
		return bytes.Clone(src[f.Offset(n.Pos()):f.Offset(n.End())])
	}
	return analysis.SuggestedFix{
		Message: "Unlock " + held[0].Name + " before waiting",
		TextEdits: []analysis.TextEdit{
			{Pos: stmt.Pos(), End: stmt.End(), NewText: text(next)},
			{Pos: next.Pos(), End: next.End(), NewText: text(stmt)},
		},
	}, true
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// onlyLocals reports whether stmt reads and writes only the function's
// local variables (and constants, types, and the site's own callee).
func onlyLocals(pass *analysis.Pass, fn *funcs.Func, stmt ast.Stmt, site *ast.CallExpr) bool {
	info := pass.TypesInfo
	ok := true
	ast.Inspect(stmt, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if n != site {
				if tv, isType := info.Types[n.Fun]; !isType || !tv.IsType() {
					ok = false // another call: it could touch anything
				}
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil {
				// Only the site's own method: t.Await.
				if sel.Kind() != types.MethodVal || n != siteFun(site) {
					ok = false
				}
				return true
			}
			// A qualified identifier: the site's callee, a constant or a
			// type.
			switch info.Uses[n.Sel].(type) {
			case *types.Const, *types.TypeName:
			default:
				if n != siteFun(site) {
					ok = false
				}
			}
			return false
		case *ast.StarExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.FuncLit:
			ok = false
		case *ast.Ident:
			switch obj := info.ObjectOf(n).(type) {
			case *types.Var:
				if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
					ok = false // a package variable
				}
				if !(fn.Node.Pos() <= obj.Pos() && obj.Pos() < fn.Node.End()) {
					ok = false // captured from an enclosing function
				}
			case nil, *types.Const, *types.TypeName, *types.Func, *types.PkgName, *types.Nil, *types.Builtin:
			default:
				ok = false
			}
		}
		return true
	})
	return ok
}

func siteFun(call *ast.CallExpr) ast.Expr {
	if call == nil {
		return nil
	}
	return astutil.Unparen(call.Fun)
}
