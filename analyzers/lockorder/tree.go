package lockorder

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// Two locks of one type are one class, and a cycle needs two: but in a
// tree whose nodes point at their parent and keep their children (a
// back-pointer pair the package keeps, see lockset.Canon), a method that
// holds a node's lock and takes its parent's (child first: a charge
// that climbs to the root) and one that holds a node's lock and takes a
// child's (parent first: a limit pushed down) take the same two locks
// in opposite orders when one runs on a child and the other on its
// parent.
//
//	func (g *Group) Charge(n int64) { g.mu.Lock(); ...; g.parent.Charge(n) ... }
//	func (g *Group) SetLimit(l int64) { g.mu.Lock(); ...; for _, c := range g.children { c.capLimit(l) } }

// A treeEdge is a lock of a node taken while the node's own is held:
// its parent's (up) or a child's (down).
type treeEdge struct {
	fn    *funcs.Func
	call  *ast.CallExpr
	held  lockset.Lock
	name  string
	chain []lockacq.Step
	link  *types.Var // the parent field (up) or the children field (down)
}

// A tree collects the edges edges visits, and reports the tree whose
// nodes are locked both ways.
type tree struct {
	ups, downs []treeEdge
}

// visit records the tree edges of a call of fn: the sites the call may
// lock, against the locks of fn's receiver held at it.
func (t *tree) visit(fn *funcs.Func, call *ast.CallExpr, sites []lockacq.Site, locks *lockset.Result) {
	if fn.Obj == nil || fn.Obj.Signature().Recv() == nil {
		return
	}
	recv := fn.Obj.Signature().Recv()
	node := model.NamedOf(recv.Type())
	if node == nil {
		return
	}
	var own []lockset.Lock
	for _, h := range locks.HeldAt(call) {
		if h.Key.Root() == recv && !strings.Contains(h.Key.Fields()[1:], ".") {
			own = append(own, h)
		}
	}
	for _, s := range sites {
		if len(s.Chain) > maxVia || s.Guarded || s.Key.IsZero() {
			continue
		}
		for _, h := range own {
			e := treeEdge{fn: fn, call: call, held: h, name: s.Name, chain: s.Chain}
			if f := s.Key.Fields(); s.Key.Root() == recv && strings.HasSuffix(f, h.Key.Fields()) {
				// recv.parent.mu: the parent's lock.
				if p := oneField(node, strings.TrimSuffix(f, h.Key.Fields())); p != nil && model.NamedOf(p.Type()) == node {
					e.link = p
					t.ups = append(t.ups, e)
				}
				continue
			}
			if v := s.Key.Root(); v != nil && v != recv && s.Key.Fields() == h.Key.Fields() && model.NamedOf(v.Type()) == node {
				// c.mu, c an element of recv.children.
				if owner, g, ok := locks.ElemOwner(v); ok && owner.Root() == recv && owner.Fields() == "" {
					e.link = g
					t.downs = append(t.downs, e)
				}
			}
		}
	}
}

// report reports a node type whose package locks parent after child and
// child after parent.
func (t *tree) report(pass *analysis.Pass, locks *lockset.Result) {
	for _, d := range t.downs {
		for _, u := range t.ups {
			if d.held.Key.Fields() != u.held.Key.Fields() || !locks.BackPointer(d.link, u.link) {
				continue
			}
			pass.Reportf(d.call.Pos(), "lock order inversion in a tree of %s: %s holds %s (locked at %s) and locks a child's, %s at %s %s, but %s holds %s (locked at %s) and locks its parent's, %s at %s %s: a node and its parent locked by these two deadlock",
				model.NamedOf(d.held.Key.Root().Type()).Name(),
				funcName(d.fn), d.held.Name, pos(pass, d.held.Pos), d.name, pos(pass, d.call.Pos()), lockacq.Describe(d.chain),
				funcName(u.fn), u.held.Name, pos(pass, u.held.Pos), u.name, pos(pass, u.call.Pos()), lockacq.Describe(u.chain))
			return
		}
	}
}

// oneField returns the field of the type n declares that a one-field
// path (".parent") names.
func oneField(n *types.TypeName, path string) *types.Var {
	if !strings.HasPrefix(path, ".") || strings.Contains(path[1:], ".") {
		return nil
	}
	f, _, _ := types.LookupFieldOrMethod(n.Type(), true, n.Pkg(), path[1:])
	v, _ := f.(*types.Var)
	return v
}
