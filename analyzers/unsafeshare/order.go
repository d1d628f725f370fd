package unsafeshare

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// A point is a place where a function may take part in a happens-before
// edge with another goroutine: a channel operation, a join (Wait, Await,
// Next), a suspension point of the runtime, an atomic operation or
// sync.Once.Do, or a call of a function that may wait. What comes after
// it (for the goroutine that waits) may be ordered after what the other
// goroutine did before its side of the edge. The check does not try to
// match the two sides beyond the channel or value they use: an access
// after a point that may matter is taken as ordered.
type point struct {
	pos, end token.Pos
	// classes are the channels or values the point synchronizes on
	// (lockset classes); always means any goroutine may be on the other
	// side (a join, a call that may wait, an expression that is not a
	// path).
	classes []string
	always  bool
	// recv: a channel receive (or a select or range), which needs a send
	// or close on the other side.
	recv bool
}

func (a *checker) points(fn *funcs.Func) []point {
	if ps, ok := a.pointsOf[fn]; ok {
		return ps
	}
	var ps []point
	chanClass := func(pt *point, x ast.Expr) {
		if c, ok := a.locks.Class(x); ok {
			pt.classes = append(pt.classes, c)
		} else {
			pt.always = true
		}
	}
	seen := make(map[ast.Node]bool)
	for _, s := range a.waits.Sites(fn) {
		pt := point{pos: s.Pos, end: s.Node.End()}
		seen[s.Node] = true
		switch n := s.Node.(type) {
		case *ast.SendStmt:
			chanClass(&pt, n.Chan)
		case *ast.UnaryExpr:
			chanClass(&pt, n.X)
			pt.recv = true
		case *ast.RangeStmt:
			chanClass(&pt, n.X)
			pt.recv = true
		case *ast.SelectStmt:
			pt.recv = true
			for _, c := range model.SelectCases(n) {
				if x := commChan(c); x != nil {
					chanClass(&pt, x)
				} else {
					pt.always = true
				}
			}
		case *ast.CallExpr:
			if s.Callee != nil {
				if e, ok := a.m.Lookup(s.Callee); ok && e.Is(model.Sleeps) {
					continue // a sleep orders nothing
				}
			}
			pt.always = true
		default:
			pt.always = true
		}
		ps = append(ps, pt)
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
			_, obj := a.ix.Callee(n)
			e, ok := a.m.Lookup(obj)
			if !ok {
				return true
			}
			switch {
			case e.Is(model.Spawns) && !e.Is(model.Joins):
			case e.Is(model.Joins), e.Is(model.Suspends) && !(e.Is(model.Locks) || e.Is(model.Unlocks)):
				ps = append(ps, point{pos: n.Lparen, end: n.End(), always: true})
			case e.Is(model.Syncs):
				pt := point{pos: n.Lparen, end: n.End()}
				if e.Is(model.Atomic) && len(n.Args) > 0 {
					chanClass(&pt, n.Args[0])
				} else if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					chanClass(&pt, sel.X)
				} else {
					pt.always = true
				}
				ps = append(ps, pt)
			}
		}
		return true
	})
	slices.SortFunc(ps, func(x, y point) int { return int(x.pos - y.pos) })
	a.pointsOf[fn] = ps
	return ps
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

// counts reports whether a point may order against a goroutine whose
// code mentions the classes in other.
func (pt point) counts(other map[string]int) bool {
	if pt.always {
		return true
	}
	for _, c := range pt.classes {
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
func minus(x, y map[string]int) map[string]int {
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
type interval struct {
	from, to token.Pos
	loop     ast.Node
}

// region computes where the starter runs concurrently with the body it
// spawns at spawn: from the spawn to the first point that may order
// (counting only points that the body could be the other side of), in
// the enclosing blocks; a loop around the spawn with no such point makes
// the whole loop concurrent, and the body spawned several times. It
// returns the intervals and the loops passed, innermost first.
func region(fnBody *ast.BlockStmt, parents map[ast.Node]ast.Node, spawn ast.Node, pts []point, counts func(point) bool) ([]interval, []ast.Node) {
	first := func(from, to token.Pos) token.Pos {
		for _, pt := range pts {
			if pt.pos >= from && pt.pos < to && counts(pt) {
				return pt.pos
			}
		}
		return token.NoPos
	}
	var out []interval
	var loops []ast.Node
	var loop ast.Node
	cur := spawn
	start := spawn.End()
	// scan adds [start, end) up to the first point; it reports whether
	// the region ends there.
	scan := func(end token.Pos) bool {
		if p := first(start, end); p.IsValid() {
			if p > start {
				out = append(out, interval{start, p, loop})
			}
			return true
		}
		if end > start {
			out = append(out, interval{start, end, loop})
		}
		start = end
		return false
	}
	for cur != fnBody {
		p := parents[cur]
		if p == nil {
			break
		}
		switch p := p.(type) {
		case *ast.BlockStmt:
			if isClauseList(parents[p]) {
				start = p.End() // the other clauses
				break
			}
			if scan(p.End()) {
				return out, loops
			}
		case *ast.CaseClause, *ast.CommClause:
			if scan(p.End()) {
				return out, loops
			}
		case *ast.ForStmt, *ast.RangeStmt:
			var body *ast.BlockStmt
			if f, ok := p.(*ast.ForStmt); ok {
				body = f.Body
			} else {
				body = p.(*ast.RangeStmt).Body
			}
			if cur != body {
				if scan(p.End()) {
					return out, loops
				}
				break
			}
			// The other iterations: is there a point in the loop (all
			// of it before the spawn, in the iteration)?
			if q := first(p.Pos(), p.End()); q.IsValid() {
				if q > p.Pos() {
					out = append(out, interval{p.Pos(), q, p})
				}
				return out, loops
			}
			loop = p
			loops = append(loops, p)
			out = append(out, interval{p.Pos(), p.End(), loop})
			start = p.End()
		case *ast.IfStmt:
			if cur == p.Init || cur == p.Cond {
				if scan(p.End()) {
					return out, loops
				}
			}
			start = p.End()
		case *ast.FuncLit:
			return out, loops
		default:
			if scan(p.End()) {
				return out, loops
			}
		}
		cur = p
	}
	return out, loops
}

func isClauseList(n ast.Node) bool {
	switch n.(type) {
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return true
	}
	return false
}

// parentsOf maps each node of a function body to its parent.
func parentsOf(body *ast.BlockStmt) map[ast.Node]ast.Node {
	parents := make(map[ast.Node]ast.Node)
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return parents
}

// declaredIn reports whether v is declared inside n.
func declaredIn(v *types.Var, n ast.Node) bool {
	return n != nil && n.Pos() <= v.Pos() && v.Pos() < n.End()
}
