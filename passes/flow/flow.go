// Package flow answers path questions over a function's control-flow
// graph (golang.org/x/tools/go/cfg): "can this function return, after
// this statement, without using this variable?" It is the question
// lostcancel asks of a cancel func, and the one taskleak asks of a task
// handle or a join set; its search is lostcancel's.
package flow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// Use reports whether an identifier that refers to the variable, in its
// syntactic context, counts as a use. The stack holds the identifier's
// enclosing nodes within the CFG node, outermost first.
type Use func(id *ast.Ident, stack []ast.Node) bool

// UnusedPath returns a return statement that can be reached from def (a
// node of g; nil for the function's entry) without a use of v, or nil if
// every path uses v. A naked
// return uses v if v is a named result. Returns synthesised by the CFG
// for the end of a function are returned too (their position is the
// closing brace).
func UnusedPath(info *types.Info, g *cfg.CFG, v *types.Var, def ast.Node, sig *types.Signature, use Use) *ast.ReturnStmt {
	named := sig != nil && tupleContains(sig.Results(), v)
	uses := func(n ast.Node) bool {
		found := false
		ast.PreorderStack(n, nil, func(n ast.Node, stack []ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.Ident:
				if info.Uses[n] == v && use(n, stack) {
					found = true
				}
			case *ast.ReturnStmt:
				if n.Results == nil && named {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return PathWithout(g, def, uses)
}

// PathWithout returns a return statement that can be reached from def (a
// node of g; nil for the function's entry) through no node that stops
// it, or nil if every path meets one. A stop node is one for which stop
// reports true; the search visits CFG nodes, not their subtrees.
func PathWithout(g *cfg.CFG, def ast.Node, stop func(ast.Node) bool) *ast.ReturnStmt {
	any := func(nodes []ast.Node) bool {
		for _, n := range nodes {
			if stop(n) {
				return true
			}
		}
		return false
	}
	var start *cfg.Block
	var rest []ast.Node
	if def == nil && len(g.Blocks) > 0 {
		start, rest = g.Blocks[0], g.Blocks[0].Nodes
	}
	for _, b := range g.Blocks {
		if def == nil || start != nil {
			break
		}
		for i, n := range b.Nodes {
			if n == def {
				start, rest = b, b.Nodes[i+1:]
				break
			}
		}
	}
	if start == nil || any(rest) {
		return nil
	}
	if ret := start.Return(); ret != nil {
		return ret
	}
	seen := make(map[*cfg.Block]bool)
	var search func(blocks []*cfg.Block) *ast.ReturnStmt
	search = func(blocks []*cfg.Block) *ast.ReturnStmt {
		for _, b := range blocks {
			if seen[b] {
				continue
			}
			seen[b] = true
			if any(b.Nodes) {
				continue
			}
			if ret := b.Return(); ret != nil {
				return ret
			}
			if ret := search(b.Succs); ret != nil {
				return ret
			}
		}
		return nil
	}
	return search(start.Succs)
}

func tupleContains(tuple *types.Tuple, v *types.Var) bool {
	for i := 0; i < tuple.Len(); i++ {
		if tuple.At(i) == v {
			return true
		}
	}
	return false
}
