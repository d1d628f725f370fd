package unsafeshare

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/passes/model"
)

// A path is what an access touches: a variable, then field selections,
// dereferences ("*") and elements ("[]": of a map, slice or array, or the
// inner state of a value not safe for concurrent use).
type path struct {
	root *types.Var
	rest string
}

func (p path) String() string {
	// For messages: "x", "s.count", "m[]" as "m".
	s := p.root.Name() + strings.ReplaceAll(strings.ReplaceAll(p.rest, "[]", ""), "*", "")
	return s
}

// An access is one read or write of a path.
type access struct {
	p     path
	node  ast.Node
	write bool
	// index is the index of an element access of a slice or array.
	index ast.Expr
	// nc names the type not safe for concurrent use whose state the
	// access reads or writes ("a map", "bytes.Buffer"), or "".
	nc string
	// atomic: the access is an argument of a sync/atomic function.
	atomic bool
}

// collector lists the accesses of a function body.
type collector struct {
	info *types.Info
	m    *model.Model
	skip ast.Node // a subtree left out (the spawned literal, in its starter)
	out  []access
	// atomics lists the accesses made through sync/atomic functions.
	atomics []access
}

func (c *collector) add(e ast.Expr, write bool, index ast.Expr, nc string) {
	p, ok := c.pathOf(e)
	if !ok {
		return
	}
	c.out = append(c.out, access{p: p, node: e, write: write, index: index, nc: nc})
}

// pathOf returns the path an expression denotes: a variable, field
// selections (embedded fields spelled out), dereferences and elements.
func (c *collector) pathOf(e ast.Expr) (path, bool) {
	p, ok := c.path0(e)
	p.rest = norm(p.rest)
	return p, ok
}

func (c *collector) path0(e ast.Expr) (path, bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.path0(e.X)
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			v, ok = c.info.Defs[e].(*types.Var)
		}
		if !ok || v == nil || v.IsField() || e.Name == "_" {
			return path{}, false
		}
		return path{root: v}, true
	case *ast.StarExpr:
		p, ok := c.path0(e.X)
		p.rest += "*"
		return p, ok
	case *ast.IndexExpr:
		t := c.info.TypeOf(e.X)
		if t == nil {
			return path{}, false
		}
		switch t.Underlying().(type) {
		case *types.Map, *types.Slice, *types.Array:
		case *types.Pointer: // *[N]T
		default:
			return path{}, false
		}
		p, ok := c.path0(e.X)
		p.rest += "[]"
		return p, ok
	case *ast.SelectorExpr:
		s := c.info.Selections[e]
		if s == nil {
			if v, ok := c.info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return path{root: v}, true // pkg.v
			}
			return path{}, false
		}
		if s.Kind() != types.FieldVal {
			return path{}, false
		}
		p, ok := c.path0(e.X)
		if !ok {
			return p, false
		}
		t := c.info.TypeOf(e.X)
		for _, i := range s.Index()[:len(s.Index())-1] {
			if ptr, ok := t.Underlying().(*types.Pointer); ok {
				t = ptr.Elem()
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return path{}, false
			}
			p.rest += "." + st.Field(i).Name()
			t = st.Field(i).Type()
		}
		p.rest += "." + e.Sel.Name
		return p, true
	}
	return path{}, false
}

// body walks a function body.
func (c *collector) body(b *ast.BlockStmt) {
	if b != nil {
		c.stmt(b)
	}
}

func (c *collector) stmt(s ast.Node) {
	ast.Inspect(s, func(n ast.Node) bool {
		if n == nil || n == c.skip {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				c.expr(r)
			}
			for _, l := range n.Lhs {
				if n.Tok == token.DEFINE {
					if id, ok := l.(*ast.Ident); ok && c.info.Defs[id] != nil {
						continue // a new variable: nobody else sees it yet
					}
				}
				c.lhs(l) // x += y: the write is what matters

			}
			return false
		case *ast.IncDecStmt:
			c.lhs(n.X)
			return false
		case *ast.RangeStmt:
			c.expr(n.X)
			if nc := c.mapName(n.X); nc != "" {
				if p, ok := c.pathOf(n.X); ok {
					p.rest += "[]"
					c.out = append(c.out, access{p: p, node: n.X, nc: nc})
				}
			}
			if n.Tok == token.ASSIGN {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if x != nil {
						c.lhs(x)
					}
				}
			}
			c.stmt(n.Body)
			return false
		case ast.Expr:
			c.expr(n)
			return false
		}
		return true
	})
}

// lhs records a write of an assigned expression, and the reads in it
// (indices, the map or slice whose element is set).
func (c *collector) lhs(e ast.Expr) {
	e = ast.Unparen(e)
	if ix, ok := e.(*ast.IndexExpr); ok {
		c.expr(ix.Index)
		c.add(e, true, ix.Index, c.mapName(ix.X))
		c.inner(ix.X)
		return
	}
	c.add(e, true, nil, "")
	c.inner(e)
}

// read records a read of e, whose path is p, as a whole.
func (c *collector) read(e ast.Expr, p path) {
	a := access{p: p, node: e}
	if ix, ok := e.(*ast.IndexExpr); ok {
		a.index, a.nc = ix.Index, c.mapName(ix.X)
	}
	c.out = append(c.out, a)
}

func (c *collector) mapName(x ast.Expr) string {
	if t := c.info.TypeOf(x); t != nil {
		if _, ok := t.Underlying().(*types.Map); ok {
			return "a map"
		}
	}
	return ""
}

// inner walks the parts of a path expression that are evaluated but are
// not the path: indices, and the operands of calls inside it.
func (c *collector) inner(e ast.Expr) {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		c.inner(e.X)
	case *ast.StarExpr:
		c.inner(e.X)
	case *ast.IndexExpr:
		c.expr(e.Index)
		c.inner(e.X)
	case *ast.Ident:
	default:
		c.expr(e)
	}
}

// expr walks an expression evaluated for its value.
func (c *collector) expr(e ast.Expr) {
	if e == nil || e == c.skip {
		return
	}
	switch e := e.(type) {
	case *ast.FuncLit:
		return
	case *ast.ParenExpr:
		c.expr(e.X)
	case *ast.Ident, *ast.SelectorExpr, *ast.StarExpr, *ast.IndexExpr:
		if p, ok := c.pathOf(e); ok {
			c.read(e, p)
			c.inner(e)
			return
		}
		switch e := e.(type) {
		case *ast.SelectorExpr:
			c.expr(e.X)
		case *ast.StarExpr:
			c.expr(e.X)
		case *ast.IndexExpr:
			c.expr(e.X)
			c.expr(e.Index)
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			// The address escapes: what is done through it is not
			// known here. Only the evaluation of its parts is.
			c.inner(e.X)
			return
		}
		c.expr(e.X)
	case *ast.CallExpr:
		c.call(e)
	default:
		ast.Inspect(e, func(n ast.Node) bool {
			if n == nil || n == e {
				return n == e
			}
			if x, ok := n.(ast.Expr); ok {
				c.expr(x)
				return false
			}
			return true
		})
	}
}

// call records what a call reads and writes: the receiver of a method of
// a type not safe for concurrent use, the map a builtin changes, the
// values not safe for concurrent use passed to it, and its operands.
func (c *collector) call(call *ast.CallExpr) {
	if call == c.skip {
		return
	}
	fn := typeutil.Callee(c.info, call)
	if b, ok := fn.(*types.Builtin); ok {
		switch b.Name() {
		case "delete", "clear":
			if len(call.Args) > 0 {
				if p, ok := c.pathOf(call.Args[0]); ok {
					if nc := c.mapName(call.Args[0]); nc != "" {
						p.rest += "[]"
						c.out = append(c.out, access{p: p, node: call.Args[0], write: true, nc: nc})
						c.inner(call.Args[0])
						for _, a := range call.Args[1:] {
							c.expr(a)
						}
						return
					}
				}
			}
		case "len":
			if len(call.Args) == 1 {
				if p, ok := c.pathOf(call.Args[0]); ok {
					if nc := c.mapName(call.Args[0]); nc != "" {
						p.rest += "[]"
						c.out = append(c.out, access{p: p, node: call.Args[0], nc: nc})
						c.inner(call.Args[0])
						return
					}
				}
			}
		}
	}
	if f, ok := fn.(*types.Func); ok {
		if e, ok := model.Lookup(f); ok && e.Is(model.Atomic) && len(call.Args) > 0 {
			if u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
				if p, ok := c.pathOf(u.X); ok {
					c.atomics = append(c.atomics, access{p: p, node: u.X, atomic: true})
				}
			}
		}
	}
	// A method of a value not safe for concurrent use.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := c.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			if nc, ok := c.m.NotConcurrent(c.info.TypeOf(sel.X)); ok && nc.Name != "a map" {
				if p, ok := c.pathOf(sel.X); ok {
					p.rest += "[]"
					c.out = append(c.out, access{p: p, node: sel.X, write: !nc.IsReadOnly(sel.Sel.Name), nc: nc.Name})
					c.inner(sel.X)
				}
			} else if ptrRecv(s) && !isPointer(c.info.TypeOf(sel.X)) {
				c.inner(sel.X) // &x taken for the method: not a read of x
			} else {
				c.expr(sel.X)
			}
		} else {
			c.expr(call.Fun)
		}
	} else {
		c.expr(call.Fun)
	}
	for _, a := range call.Args {
		x := ast.Unparen(a)
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			x = u.X
		}
		if nc, ok := c.m.NotConcurrent(c.info.TypeOf(x)); ok && nc.Name != "a map" {
			if p, ok := c.pathOf(x); ok {
				p.rest += "[]"
				c.out = append(c.out, access{p: p, node: x, write: true, nc: nc.Name})
				c.inner(x)
				continue
			}
		}
		c.expr(a)
	}
}

func ptrRecv(s *types.Selection) bool {
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Signature().Recv()
	return recv != nil && isPointer(recv.Type())
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}
