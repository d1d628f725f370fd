package unsafeshare

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/loops"
	"github.com/asynclint/asynclint/passes/refs"
)

// An element handed to its goroutine: in a loop that starts a goroutine
// in each iteration, the starter sets an element before the go statement
// and hands that goroutine a pointer to it, at the same index
// (ts.shards[i].wake = make(...); go ts.run(&ts.shards[i])). The go
// statement orders the write before that goroutine; the index takes a
// new value in each iteration and the slice stays the same, so every
// other iteration's accesses are to other elements.

// handedElement reports whether pa, an access of the starter, reaches
// the element that the go statement hands the goroutine that makes ba
// through ba.arg (see above).
func (c *spawnCheck) handedElement(pa access, ba bodyAccess) bool {
	if c.s.Go == nil || ba.arg == nil {
		return false
	}
	for _, argIx := range indexSteps(ba.arg) {
		for _, pIx := range indexSteps(pa.node) {
			if c.a.handedElement(c.s.In, c.s.Go, pIx, argIx) {
				return true
			}
		}
	}
	return false
}

// handedElement is handedElement for the pairs of goroutines: o is an
// access of the function that starts g's goroutine, g's access reaches
// its location through an argument of the start.
func (r *racer) handedElement(o, g occ) bool {
	s := g.ctx
	if s == nil || o.a.Fn != s.In || !r.loops[s][o.a.Instr.Block()] {
		return false
	}
	ref, fn, atStart := r.upInside(g)
	if !atStart {
		return false
	}
	arg := refs.Arg(fn, s.Instr.Common(), ref.Root.(*ssa.Parameter))
	in := r.c.ix.Of(s.In.Syntax())
	gs := refs.SyntaxAt[*ast.GoStmt](s.In, s.Instr.Pos())
	if arg == nil || in == nil || gs == nil || gs.Go != s.Instr.Pos() {
		return false
	}
	for _, ya := range indexAddrs(arg) {
		for _, xa := range indexAddrs(o.a.Addr) {
			argIx, pIx := indexAt(s.In, ya.Pos()), indexAt(s.In, xa.Pos())
			if argIx != nil && pIx != nil && r.c.handedElement(in, gs, pIx, argIx) {
				return true
			}
		}
	}
	return false
}

// handedElement reports whether pIx, an index expression of an access
// of fn, picks the element that argIx, in the argument of the go
// statement g of fn, hands g's goroutine, before g in the same iteration
// of a loop whose variable is the index (see above).
func (a *checker) handedElement(fn *funcs.Func, g *ast.GoStmt, pIx, argIx *ast.IndexExpr) bool {
	info := a.pass.TypesInfo
	id, ok := ast.Unparen(argIx.Index).(*ast.Ident)
	pid, okp := ast.Unparen(pIx.Index).(*ast.Ident)
	if !ok || !okp || pIx.End() > g.Pos() {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || info.Uses[pid] != v {
		return false
	}
	around := enclosingLoops(fn.Body, g) // innermost first
	i := slices.IndexFunc(around, func(l ast.Stmt) bool { return loops.Distinct(info, l, v) })
	if i < 0 {
		return false
	}
	loop := around[i]
	if pIx.Pos() < loopBody(loop).Pos() || slices.ContainsFunc(around[:i], func(l ast.Stmt) bool { return within(pIx, l) }) {
		return false // not in the iteration, or in a loop that starts g again after it
	}
	col := &collector{info: info, m: a.m}
	cont, ok := col.pathOf(argIx.X)
	pc, okp := col.pathOf(pIx.X)
	if !ok || !okp || pc != cont || hb.DeclaredIn(cont.root, loop) {
		return false
	}
	// The same slice in every iteration: nothing in the loop assigns it,
	// or what it is reached through (ts, ts.shards for ts.shards[i]).
	accs, _ := a.accessesOf(fn)
	return !slices.ContainsFunc(accs, func(acc access) bool {
		return acc.write && within(acc.node, loop) && acc.p.root == cont.root && strings.HasPrefix(cont.rest, acc.p.rest)
	})
}

// indexSteps returns the index expressions along a path expression, the
// outermost first: ts.shards[i] in &ts.shards[i].wake.
func indexSteps(e ast.Node) []*ast.IndexExpr {
	var out []*ast.IndexExpr
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return out
			}
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			out = append(out, x)
			e = x.X
		default:
			return out
		}
	}
}

// indexAddrs returns the element addresses along an address, the
// outermost first.
func indexAddrs(v ssa.Value) []*ssa.IndexAddr {
	var out []*ssa.IndexAddr
	for range 8 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			out = append(out, x)
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return out
			}
			v = x.X
		default:
			return out
		}
	}
	return out
}

// indexAt returns the index expression of fn whose bracket is at pos
// (an IndexAddr's position), or nil.
func indexAt(fn *ssa.Function, pos token.Pos) *ast.IndexExpr {
	if !pos.IsValid() {
		return nil
	}
	if ix := refs.SyntaxAt[*ast.IndexExpr](fn, pos); ix != nil && ix.Lbrack == pos {
		return ix
	}
	return nil
}

// enclosingLoops returns the loop statements of body around n, the
// innermost first, not crossing a function literal.
func enclosingLoops(body *ast.BlockStmt, n ast.Node) []ast.Stmt {
	var out []ast.Stmt
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || !within(n, x) {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			out = append([]ast.Stmt{x.(ast.Stmt)}, out...)
		}
		return true
	})
	return out
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	if r, ok := loop.(*ast.RangeStmt); ok {
		return r.Body
	}
	return loop.(*ast.ForStmt).Body
}

// within reports whether n lies inside outer.
func within(n, outer ast.Node) bool { return outer.Pos() <= n.Pos() && n.End() <= outer.End() }
