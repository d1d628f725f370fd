package wgmisuse

import (
	"go/ast"
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
)

// checkNoDone reports a Wait on a group the function declares, counts
// with Add, and never counts down: no Done on it anywhere in the
// function or its literals, and the group is never handed on (its
// address taken, passed, copied, a method value). The goroutines the
// Adds count finish without telling it, and Wait never returns.
func (c *checker) checkNoDone(fn *funcs.Func) {
	var adds, waits []op
	for _, o := range c.ops[fn] {
		switch o.kind {
		case add:
			adds = append(adds, o)
		case wait:
			if !o.nested {
				waits = append(waits, o)
			}
		case done, goes:
			return // the simple case only: no Done of any group here
		}
	}
	if len(adds) == 0 || len(waits) == 0 {
		return
	}
	for _, w := range waits {
		root := c.rootOf(w.call)
		if root == nil || !(fn.Body.Pos() <= root.Pos() && root.Pos() < fn.Body.End()) || types.ExprString(w.call.Fun) != root.Name()+".Wait" {
			continue // a group of the function's own, used by its name
		}
		var a *op
		for i, o := range adds {
			if o.key == w.key && o.call.Pos() < w.call.Pos() {
				a = &adds[i]
			}
		}
		if a == nil || c.groupEscapes(fn, root) {
			continue
		}
		c.pass.Reportf(w.call.Lparen, "%s.Wait never returns: %s.Add at %s counts goroutines, but nothing calls %s.Done; defer %s.Done() in each goroutine it counts",
			w.name, w.name, c.pos(a.call.Pos()), w.name, w.name)
	}
}

// groupEscapes reports whether the group variable is used other than as the
// receiver of its own Add and Wait calls: passed, copied, its address
// or a method value taken.
func (c *checker) groupEscapes(fn *funcs.Func, v *types.Var) bool {
	info := c.pass.TypesInfo
	found := false
	var stack []ast.Node
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v || found {
			return !found
		}
		// wg.Add(...) / wg.Wait(): the ident is the X of a selector that
		// is the Fun of a call.
		if len(stack) >= 3 {
			sel, ok1 := stack[len(stack)-2].(*ast.SelectorExpr)
			call, ok2 := stack[len(stack)-3].(*ast.CallExpr)
			if ok1 && ok2 && call.Fun == sel && (sel.Sel.Name == "Add" || sel.Sel.Name == "Wait") {
				return true
			}
		}
		found = true
		return false
	})
	return found
}
