package lockacq

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// A printf wrapper of the package (func (c *Cluster) logf(format string,
// args ...any) { c.log.Output(2, fmt.Sprintf(format, args...)) }) formats
// the values its callers hand it as fmt does: c.logf("%s", c) calls c's
// String. A call of one takes, besides the wrapper's own locks, those of
// its arguments' String and Error methods, as a Formats call does.

// findForwarders returns the package's functions whose last parameter
// is a variadic ...any they hand on whole (args...) to a Formats call,
// or to another such function of the package.
func findForwarders(info *types.Info, ix *funcs.Index, m *model.Model) map[*funcs.Func]bool {
	params := make(map[*funcs.Func]*types.Var)
	for _, fn := range ix.Funcs {
		if fn.Obj == nil || fn.Body == nil {
			continue
		}
		sig := fn.Obj.Signature()
		if !sig.Variadic() {
			continue
		}
		last := sig.Params().At(sig.Params().Len() - 1)
		if sl, ok := last.Type().(*types.Slice); ok && types.IsInterface(sl.Elem()) {
			params[fn] = last
		}
	}
	out := make(map[*funcs.Func]bool)
	// Two rounds: a wrapper of a wrapper.
	for range 2 {
		for fn, args := range params {
			if out[fn] {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || out[fn] {
					return !out[fn]
				}
				if !call.Ellipsis.IsValid() || len(call.Args) == 0 {
					return true
				}
				id, ok := astutil.Unparen(call.Args[len(call.Args)-1]).(*ast.Ident)
				if !ok || info.Uses[id] != args {
					return true
				}
				local, obj := ix.Callee(call)
				if e, known := m.Lookup(obj); known && e.Is(model.Formats) || local != nil && out[local] {
					out[fn] = true
				}
				return true
			})
		}
	}
	return out
}

// formats reports whether call formats its arguments: a Formats call,
// or a call of a printf wrapper of the package.
func (r *Result) formats(call *ast.CallExpr) bool {
	local, obj := r.ix.Callee(call)
	if e, ok := r.m.Lookup(obj); ok {
		return e.Is(model.Formats)
	}
	return local != nil && r.forwarders[local]
}

// formatEdges adds to g the edges of a call that formats its arguments:
// its locks depend on the String and Error methods of the package it
// formats.
func (r *Result) formatEdges(g *callGraph, fn *funcs.Func, call *ast.CallExpr) {
	g.each = append(g.each, callEdge{caller: fn, call: call})
	for _, dep := range r.formattedDeps(call) {
		g.callers[dep] = append(g.callers[dep], callEdge{caller: fn, call: call})
	}
}
