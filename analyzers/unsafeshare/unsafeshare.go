package unsafeshare

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	ssaaccess "github.com/asynclint/asynclint/passes/access"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "unsafeshare",
	Doc:      analysisdoc.Extract(doc, "unsafeshare"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/unsafeshare/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, tasks.Analyzer, lockset.Analyzer, hb.Analyzer, chanflow.Analyzer, ssaaccess.Analyzer},
	Run:      run,
}

type checker struct {
	pass   *analysis.Pass
	ix     *funcs.Index
	m      *model.Model
	locks  *lockset.Result
	spawns []*tasks.Spawn
	hb     *hb.Result
	held   map[*funcs.Func]map[ast.Node][]lockset.Lock
	// per function, computed once for all its spawns and for mixed
	accesses map[*funcs.Func]funcAccesses
	// lines reported, by file and line
	lines map[string]bool
	// users: usersOf's memo
	users map[*types.Func][]*funcs.Func
	// noraces: the functions marked //go:norace (norace's memo)
	noraces []*ast.FuncDecl
}

// reportf reports at pos, once per line, unless pos is in a function
// marked //go:norace.
func (a *checker) reportf(pos token.Pos, format string, args ...any) {
	if a.norace(pos) {
		return
	}
	p := a.pass.Fset.Position(pos)
	a.lines[fmt.Sprintf("%s:%d", p.Filename, p.Line)] = true
	a.pass.Reportf(pos, format, args...)
}

// norace reports whether pos is in a function declared with a
// //go:norace directive, or in a function literal inside one: the race
// detector does not instrument it, on purpose, and the program says its
// races there are deliberate (a lock-free event loop's flags).
func (a *checker) norace(pos token.Pos) bool {
	if a.noraces == nil {
		a.noraces = []*ast.FuncDecl{}
		for _, f := range a.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil && slices.ContainsFunc(fd.Doc.List, func(c *ast.Comment) bool {
					return strings.HasPrefix(c.Text, "//go:norace")
				}) {
					a.noraces = append(a.noraces, fd)
				}
			}
		}
	}
	return slices.ContainsFunc(a.noraces, func(fd *ast.FuncDecl) bool { return fd.Pos() <= pos && pos < fd.End() })
}

func (a *checker) reportedLine(pos token.Pos) bool {
	p := a.pass.Fset.Position(pos)
	return a.lines[fmt.Sprintf("%s:%d", p.Filename, p.Line)]
}

// funcAccesses is what accessesOf returns for a function.
type funcAccesses struct {
	all   []access
	plain int // all[:plain] are plain; all[plain:] atomic, as writes
}

func run(pass *analysis.Pass) (any, error) {
	ts := pass.ResultOf[tasks.Analyzer].(*tasks.Result)
	a := &checker{
		pass:     pass,
		ix:       pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:        pass.ResultOf[model.Analyzer].(*model.Model),
		locks:    pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		spawns:   ts.Spawns,
		hb:       pass.ResultOf[hb.Analyzer].(*hb.Result),
		held:     make(map[*funcs.Func]map[ast.Node][]lockset.Lock),
		accesses: make(map[*funcs.Func]funcAccesses),
		lines:    make(map[string]bool),
	}
	if model.Describes(pass.Pkg.Path()) || model.SelfSynchronized(pass.Pkg.Path()) {
		return nil, nil
	}
	// The cheap gate: nothing is shared in a package that starts nothing.
	if len(ts.Spawns) > 0 {
		for _, s := range ts.Spawns {
			a.spawn(s)
		}
		a.guarded()
	}
	a.mixed()
	// Methods of a type that add atomically race with its plain
	// accesses even in a package that starts nothing.
	if len(ts.Spawns) > 0 || funcs.Imports(pass.Pkg, "sync/atomic") {
		flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
		r := newRacer(a, flow.Program(), flow, pass.ResultOf[ssaaccess.Analyzer].(*ssaaccess.Result))
		r.loopVars()
		r.readLocked()
		r.published()
		r.pairs()
	}
	return nil, nil
}

// container strips the index, dereference and parentheses off an access
// expression: s.m for s.m[k], p for *p.
func container(n ast.Node) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.IndexExpr:
			n = x.X
		case *ast.StarExpr:
			n = x.X
		case *ast.ParenExpr:
			n = x.X
		default:
			return n
		}
	}
}

// heldAt returns the locks held at an access node of fn.
func (a *checker) heldAt(fn *funcs.Func, n ast.Node) []lockset.Lock {
	h, ok := a.held[fn]
	if !ok {
		h = a.locks.HeldAtAccesses(fn)
		a.held[fn] = h
	}
	// lockset records identifiers and selectors: m[k] is held where m is.
	n = container(n)
	return h[n]
}

// mayShareLock reports whether the access x of fx and the access y of fy
// may hold a lock in common: one lockset says is held at both, or one held
// at either that the other's function takes somewhere. lockset's answer is
// a must: a lock released and taken again on some paths (a helper that
// unlocks around a call) is not certainly held, and a check that took
// "not certainly held" for "not held" would cry wolf.
func (a *checker) mayShareLock(fx *funcs.Func, x ast.Node, fy *funcs.Func, y ast.Node) bool {
	hx, hy := a.heldAt(fx, x), a.heldAt(fy, y)
	if commonLock(hx, hy) {
		return true
	}
	if c := a.ownLockAt(fx, x); c != "" && c == a.ownLockAt(fy, y) {
		return true
	}
	takes := func(fn *funcs.Func, held []lockset.Lock) bool {
		for _, l := range held {
			if slices.Contains(a.locks.Taken(fn), l.Class) {
				return true
			}
		}
		return false
	}
	return takes(fy, hx) || takes(fx, hy)
}

func commonLock(x, y []lockset.Lock) bool {
	for _, l := range x {
		for _, m := range y {
			if l.Class == m.Class && (l.Mode == model.Exclusive || m.Mode == model.Exclusive) {
				return true
			}
		}
	}
	return false
}

// pos renders a position as "file.go:12".
func (a *checker) pos(p token.Pos) string {
	posn := a.pass.Fset.Position(p)
	return fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
}

func verb(write bool) string {
	if write {
		return "written"
	}
	return "read"
}

// what names what a path holds for messages: "firstErr", "m (a map)".
func what(acc access) string {
	s := acc.p.String()
	if acc.nc != "" {
		s += " (" + strings.TrimPrefix(acc.nc, "a ") + ", not safe for concurrent use)"
	}
	return s
}

// kindOf names the spawned work for messages.
func kindOf(s *tasks.Spawn) string {
	switch s.Kind {
	case model.Goroutine:
		return "goroutine"
	}
	return "task"
}

// ownLockAt returns the class of a lock the package implements itself
// (see ownLock) that fn takes before n and does not release between,
// in the order of the source, or "". lockset knows only the model's
// locks.
func (a *checker) ownLockAt(fn *funcs.Func, n ast.Node) string {
	if fn == nil || fn.Body == nil {
		return ""
	}
	held := ""
	ast.Inspect(fn.Body, func(x ast.Node) bool {
		if x == nil || x.Pos() >= n.Pos() {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		_, obj := a.ix.Callee(call)
		if obj == nil || obj.Pkg() != a.pass.Pkg {
			return true
		}
		if _, known := a.m.Lookup(obj); known {
			return true
		}
		lock, ok := ownLockFunc(obj)
		if !ok {
			return true
		}
		c, ok := a.locks.Class(sel.X)
		switch {
		case !ok:
		case lock:
			held = c
		case held == c:
			held = ""
		}
		return true
	})
	return held
}
