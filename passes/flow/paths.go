package flow

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// New builds the control-flow graph of a function body, in which the
// paths after panic and after the model's Exits calls (os.Exit,
// log.Fatal, t.Fatal, runtime.Goexit, ...) are dead. Build graphs lazily,
// only for the functions a question is asked of: building one for every
// function of std costs more than the whole check.
func New(info *types.Info, ix *funcs.Index, m *model.Model, body *ast.BlockStmt) *cfg.CFG {
	if body == nil {
		return nil
	}
	g := cfg.New(body, MayReturn(info, ix, m))
	// A range over a Ticker's channel never ends: the channel is never
	// closed. Only a return or a break leaves it, so the edge to the
	// loop's end is dead.
	for _, b := range g.Blocks {
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeLoop && model.IsTickerChan(info, rs.X) {
			b.Succs = slices.DeleteFunc(b.Succs, func(s *cfg.Block) bool { return s.Kind == cfg.KindRangeDone })
		}
	}
	return g
}

// MayReturn returns the mayReturn function of cfg.New that New uses: a
// call may return unless it is panic or a call the model says exits.
func MayReturn(info *types.Info, ix *funcs.Index, m *model.Model) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
				return false
			}
		}
		_, obj := ix.Callee(call)
		e, ok := m.Lookup(obj)
		return !ok || !e.Is(model.Exits)
	}
}

// A Point is a node of a CFG block: Block.Nodes[Index].
type Point struct {
	Block *cfg.Block
	Index int
}

// Locate returns the CFG node that contains n (a call, a send, a
// statement), or false if n is in no live block (dead code, or another
// function's body).
func Locate(g *cfg.CFG, n ast.Node) (Point, bool) {
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, x := range b.Nodes {
			if x.Pos() <= n.Pos() && n.End() <= x.End() {
				return Point{b, i}, true
			}
		}
	}
	return Point{}, false
}

// What a node is, for the path questions: nothing of interest, a target
// the path looks for, or a barrier that ends the path.
type Mark uint8

const (
	Pass Mark = iota
	Target
	Barrier
)

// MustReach reports whether every path from just after p reaches a node
// marked Target before a Barrier and before returning, and some path
// does. Paths that die (after panic, os.Exit) are vacuously fine, and so
// are paths that go around a loop for ever: a loop is taken to end.
func MustReach(g *cfg.CFG, p Point, mark func(ast.Node) Mark) bool {
	// scan returns, for the nodes of b from i on: Target or Barrier if
	// one decides the path, else Pass (go on to the successors).
	scan := func(b *cfg.Block, i int) Mark {
		for _, n := range b.Nodes[i:] {
			if m := mark(n); m != Pass {
				return m
			}
		}
		return Pass
	}
	// must[b]: every path from the start of b reaches a target. The
	// greatest fixpoint: start true everywhere, shrink.
	memo := make(map[*cfg.Block]Mark, len(g.Blocks))
	must := make(map[*cfg.Block]bool, len(g.Blocks))
	for _, b := range g.Blocks {
		memo[b] = scan(b, 0)
		must[b] = memo[b] != Barrier && (memo[b] == Target || b.Return() == nil)
	}
	for changed := true; changed; {
		changed = false
		for _, b := range g.Blocks {
			if !must[b] || memo[b] == Target {
				continue
			}
			for _, s := range b.Succs {
				if !must[s] {
					must[b] = false
					changed = true
					break
				}
			}
		}
	}
	switch scan(p.Block, p.Index+1) {
	case Target:
		return true
	case Barrier:
		return false
	}
	if p.Block.Return() != nil || len(p.Block.Succs) == 0 {
		return false // nothing after p: the question is moot
	}
	for _, s := range p.Block.Succs {
		if !must[s] {
			return false
		}
	}
	return Reach(g, p, mark) != nil
}

// Reach returns the first Target node found on some path from just after
// p that meets no Barrier before it, or nil.
func Reach(g *cfg.CFG, p Point, mark func(ast.Node) Mark) ast.Node {
	return ReachEntering(g, p, mark, nil)
}

// ReachEntering is Reach, with enter, if not nil, marking whole blocks
// as a path enters them: a Barrier block ends the path (the body of a
// select case that received, say, whose receive the CFG puts before the
// branch).
func ReachEntering(g *cfg.CFG, p Point, mark func(ast.Node) Mark, enter func(*cfg.Block) Mark) ast.Node {
	for _, n := range p.Block.Nodes[p.Index+1:] {
		switch mark(n) {
		case Target:
			return n
		case Barrier:
			return nil
		}
	}
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), p.Block.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		stop := false
		if enter != nil {
			switch enter(b) {
			case Barrier:
				continue
			case Target:
				if len(b.Nodes) > 0 {
					return b.Nodes[0]
				}
				return b.Stmt
			}
		}
		for _, n := range b.Nodes {
			m := mark(n)
			if m == Target {
				return n
			}
			if m == Barrier {
				stop = true
				break
			}
		}
		if !stop {
			stack = append(stack, b.Succs...)
		}
	}
	return nil
}

// ReturnWithout returns a return statement reachable from the function's
// entry on a path that meets no Target (with Barrier nodes ending the
// path), or nil: "can the function return without doing this?".
func ReturnWithout(g *cfg.CFG, mark func(ast.Node) Mark) *ast.ReturnStmt {
	return PathWithout(g, nil, func(n ast.Node) bool { return mark(n) != Pass })
}

// InCycle reports whether p's block can be reached again from itself: p
// is in a loop (for, range, or goto).
func InCycle(p Point) bool {
	b0 := p.Block
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), b0.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == b0 {
			return true
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

// Graphs builds, on demand and once each, the CFG and the parent map of
// the functions of a package that a check asks about: most functions are
// never asked about, and building every CFG up front costs memory.
type Graphs struct {
	info    *types.Info
	ix      *funcs.Index
	m       *model.Model
	cfgs    map[*funcs.Func]*cfg.CFG
	parents map[*funcs.Func]map[ast.Node]ast.Node
}

// NewGraphs returns an empty cache for a package's functions.
func NewGraphs(info *types.Info, ix *funcs.Index, m *model.Model) *Graphs {
	return &Graphs{info: info, ix: ix, m: m,
		cfgs:    make(map[*funcs.Func]*cfg.CFG),
		parents: make(map[*funcs.Func]map[ast.Node]ast.Node)}
}

// CFG returns fn's control-flow graph (see New).
func (g *Graphs) CFG(fn *funcs.Func) *cfg.CFG {
	c, ok := g.cfgs[fn]
	if !ok {
		c = New(g.info, g.ix, g.m, fn.Body)
		g.cfgs[fn] = c
	}
	return c
}

// Parents maps each node of fn's body to its parent node.
func (g *Graphs) Parents(fn *funcs.Func) map[ast.Node]ast.Node {
	p, ok := g.parents[fn]
	if !ok {
		p = make(map[ast.Node]ast.Node)
		var stack []ast.Node
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				p[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			return true
		})
		g.parents[fn] = p
	}
	return p
}
