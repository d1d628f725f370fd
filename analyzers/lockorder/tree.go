package lockorder

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
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

// checkTree reports a node type whose package locks parent after child
// and child after parent.
func checkTree(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, acq *lockacq.Result) {
	var ups, downs []treeEdge
	for _, fn := range ix.Funcs {
		if fn.Obj == nil || fn.Obj.Signature().Recv() == nil || !locks.Holds(fn) {
			continue
		}
		recv := fn.Obj.Signature().Recv()
		node := derefNamed(recv.Type())
		if node == nil {
			continue
		}
		for _, call := range acq.Calls(fn) {
			var own []lockset.Lock
			for _, h := range locks.HeldAt(call) {
				if h.Key.Root() == recv && !strings.Contains(h.Key.Fields()[1:], ".") {
					own = append(own, h)
				}
			}
			if len(own) == 0 {
				continue
			}
			for _, s := range acq.At(fn, call) {
				if len(s.Chain) > maxVia || s.Guarded || s.Key.IsZero() {
					continue
				}
				for _, h := range own {
					e := treeEdge{fn: fn, call: call, held: h, name: s.Name, chain: s.Chain}
					if f := s.Key.Fields(); s.Key.Root() == recv && strings.HasSuffix(f, h.Key.Fields()) {
						// recv.parent.mu: the parent's lock.
						mid := strings.TrimSuffix(f, h.Key.Fields())
						if p := fieldNamed(node, mid); p != nil && derefNamed(p.Type()) == node {
							e.link = p
							ups = append(ups, e)
						}
						continue
					}
					if v := s.Key.Root(); v != nil && v != recv && s.Key.Fields() == h.Key.Fields() && derefNamed(v.Type()) == node {
						// c.mu, c an element of recv.children.
						if owner, g, ok := locks.ElemOwner(v); ok && owner.Root() == recv && owner.Fields() == "" {
							e.link = g
							downs = append(downs, e)
						}
					}
				}
			}
		}
	}
	for _, d := range downs {
		for _, u := range ups {
			if d.held.Key.Fields() != u.held.Key.Fields() || !locks.BackPointer(d.link, u.link) {
				continue
			}
			pass.Reportf(d.call.Pos(), "lock order inversion in a tree of %s: %s holds %s (locked at %s) and locks a child's, %s at %s %s, but %s holds %s (locked at %s) and locks its parent's, %s at %s %s: a node and its parent locked by these two deadlock",
				types.TypeString(derefNamed(d.held.Key.Root().Type()), types.RelativeTo(pass.Pkg)),
				funcName(d.fn), d.held.Name, pos(pass, d.held.Pos), d.name, pos(pass, d.call.Pos()), lockacq.Describe(d.chain),
				funcName(u.fn), u.held.Name, pos(pass, u.held.Pos), u.name, pos(pass, u.call.Pos()), lockacq.Describe(u.chain))
			return
		}
	}
}

func derefNamed(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// fieldNamed returns the field of n a one-field path (".parent") names.
func fieldNamed(n *types.Named, path string) *types.Var {
	if !strings.HasPrefix(path, ".") || strings.Contains(path[1:], ".") {
		return nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == path[1:] {
			return st.Field(i)
		}
	}
	return nil
}
