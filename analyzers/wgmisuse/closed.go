package wgmisuse

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
)

// A group can count a producer that is not a goroutine of its own: Add,
// then a call that starts the work and returns its output channel
// (c.workers.Add(1); ackOut := c.router.dispatch(in)), whose close says
// the work is done. The goroutine that drains the channel calls Done for
// it when it sees the close, besides its own deferred Done: two counted
// units, not one Done twice.

// forClosed reports whether the explicit Done e of fn runs once it has
// seen a channel closed (in the !ok branch of v, ok := <-ch, or after a
// range over ch), and the package has an Add of e's group that no go
// statement follows: the producer it counts.
func (c *checker) forClosed(fn *funcs.Func, e op) bool {
	return c.unpairedAdd(e.class) && c.afterClose(fn, e.call)
}

// afterClose reports whether call, in fn, is in the !ok branch of a
// receive's ok or follows a range over a channel in its block.
func (c *checker) afterClose(fn *funcs.Func, call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	path, _ := astutil.PathEnclosingInterval(fn.File, call.Pos(), call.End())
	for i, n := range path {
		switch n := n.(type) {
		case *ast.IfStmt:
			if i > 0 && path[i-1] == n.Body && c.notOK(path[i+1:], n.Cond) {
				return true
			}
		case *ast.BlockStmt:
			if i == 0 {
				continue
			}
			for _, st := range n.List {
				if st.Pos() >= path[i-1].Pos() {
					break
				}
				if r, ok := st.(*ast.RangeStmt); ok {
					if _, ok := types.Unalias(info.TypeOf(r.X)).Underlying().(*types.Chan); ok {
						return true
					}
				}
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// notOK reports whether cond is !ok for an ok that a receive in an
// enclosing statement (outer, innermost first) assigns.
func (c *checker) notOK(outer []ast.Node, cond ast.Expr) bool {
	u, ok := astutil.Unparen(cond).(*ast.UnaryExpr)
	if !ok || u.Op != token.NOT {
		return false
	}
	id, ok := astutil.Unparen(u.X).(*ast.Ident)
	if !ok {
		return false
	}
	v := c.pass.TypesInfo.ObjectOf(id)
	for _, n := range outer {
		var as *ast.AssignStmt
		switch n := n.(type) {
		case *ast.CommClause:
			as, _ = n.Comm.(*ast.AssignStmt)
		case *ast.BlockStmt:
			for _, st := range n.List {
				if a, ok := st.(*ast.AssignStmt); ok && receives(a) && len(a.Lhs) == 2 {
					if lid, ok := a.Lhs[1].(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(lid) == v {
						return true
					}
				}
			}
		}
		if as != nil && receives(as) && len(as.Lhs) == 2 {
			if lid, ok := as.Lhs[1].(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(lid) == v {
				return true
			}
		}
	}
	return false
}

func receives(as *ast.AssignStmt) bool {
	if len(as.Rhs) != 1 {
		return false
	}
	u, ok := astutil.Unparen(as.Rhs[0]).(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

// unpairedAdd reports whether some Add of class, in the package, is not
// followed by a go statement in its block.
func (c *checker) unpairedAdd(class string) bool {
	if class == "" {
		return false
	}
	for fn, ops := range c.ops {
		for _, a := range own(ops, add) {
			if a.class != class {
				continue
			}
			path, _ := astutil.PathEnclosingInterval(fn.File, a.call.Pos(), a.call.End())
			for i, n := range path {
				blk, ok := n.(*ast.BlockStmt)
				if !ok || i == 0 {
					continue
				}
				for j, st := range blk.List {
					if st == path[i-1] && j+1 < len(blk.List) {
						if _, isGo := blk.List[j+1].(*ast.GoStmt); !isGo {
							return true
						}
					}
				}
				break
			}
		}
	}
	return false
}
