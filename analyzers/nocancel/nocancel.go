package nocancel

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/ctxroot"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/refs"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "nocancel",
	Doc:      analysisdoc.Extract(doc, "nocancel"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/nocancel/doc.go",
	Requires: []*analysis.Analyzer{inspect.Analyzer, funcs.Analyzer, model.Analyzer, tasks.Analyzer, ctxroot.Analyzer, chanflow.Analyzer, refs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	if len(pass.ResultOf[tasks.Analyzer].(*tasks.Result).Spawns) > 0 {
		checkWatchedSends(pass, pass.ResultOf[chanflow.Analyzer].(*chanflow.Result))
	}
	if model.Imports(pass.Pkg, model.Sleeps|model.Timer) {
		checkTimerDrains(pass)
	}
	if !model.Imports(pass.Pkg, model.NewRoot|model.ObservesCancel) {
		return nil, nil // no ctx can be in scope
	}
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	// Bodies that run as executor tasks: blockingcall reports their
	// time.Sleep, with its own fix.
	taskBody := make(map[ast.Node]bool)
	spawns := pass.ResultOf[tasks.Analyzer].(*tasks.Result)
	for _, s := range spawns.Spawns {
		if s.Kind == model.Executor && s.Body != nil {
			taskBody[s.Body.Node] = true
		}
	}

	nilOnly := spawns.NilOnlyGroups()
	roots := pass.ResultOf[ctxroot.Analyzer].(*ctxroot.Result)
	checkLoops(pass, ix, spawns)
	if hasCancelField(pass) {
		checkStoredCancels(pass, pass.ResultOf[refs.Analyzer].(*refs.Info).SSA())
		checkOwners(pass, ix, m, spawns)
	}

	var below []brokenCall
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.SendStmt)(nil), (*ast.UnaryExpr)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if as, ok := n.(*ast.AssignStmt); ok {
			derivedDropped(pass, ix, m, nilOnly, as)
			return true
		}
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op != token.ARROW {
			return true // only a receive can be a raw wait: skip the scope walk
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			if ctx := ctxInScope(pass, stack, n); ctx != nil && !taskBody[funcs.Innermost(stack)] {
				rawWait(pass, ix, m, n, stack, ctx)
			}
			return true
		}
		ctx := ctxInScope(pass, stack, call)
		if ctx == nil {
			return true
		}
		_, obj := ix.Callee(call)
		e, known := m.Lookup(obj)
		switch {
		case known && e.Is(model.Sleeps):
			if !taskBody[funcs.Innermost(stack)] && actionableSleep(pass, ix, m, stack, call, ctx) {
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(),
					Message: fmt.Sprintf("%s ignores %s: the wait cannot be cancelled; select on %s.Done() and a timer instead",
						model.Name(obj, pass.Pkg), describe(pass, ctx), ctx.Name()),
					SuggestedFixes: sleepFix(pass, stack, call, ctx),
				})
			}
		case known && e.CtxVariant != "" && !ctxAttachedLater(pass, stack, call, ctx):
			fixVariant(pass, call, obj, e.CtxVariant, ctx)
		}
		brokenChain(pass, ix, m, call, obj, ctx)
		if f := roots.Object(obj); f != nil {
			below = append(below, brokenCall{call, obj, f, ctx})
		}
		return true
	})
	reportBelow(pass, below)
	return nil, nil
}

// brokenChain reports context.Background() or TODO() passed as a
// callee's context while ctx is in scope.
func brokenChain(pass *analysis.Pass, ix *funcs.Index, m *model.Model, call *ast.CallExpr, callee *types.Func, ctx *types.Var) {
	sig, ok := pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || ctxroot.BoundedDerivation(m, callee) {
		return // context.WithTimeout(context.Background(), d): a lifetime of its own
	}
	if posfmt.InTest(pass.Fset, call.Pos()) {
		return // a test decouples on purpose (a hook that must outlive a cancel)
	}
	for i, arg := range call.Args {
		if i >= sig.Params().Len() || !model.IsContext(sig.Params().At(i).Type()) {
			continue
		}
		root, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			continue
		}
		_, rootFn := ix.Callee(root)
		if e, ok := m.Lookup(rootFn); !ok || !e.Is(model.NewRoot) {
			continue
		}
		what := fmt.Sprintf("context.%s() breaks the cancellation chain: %s is in scope; pass it", rootFn.Name(), describe(pass, ctx))
		if e, ok := m.Lookup(callee); ok && e.Is(model.Spawns) && model.IsRuntime(callee) {
			// The runtime travels in the context: a root context
			// carries neither it nor ctx's cancellation.
			what = fmt.Sprintf("task spawned with context.%s() gets neither the runtime nor the cancellation of %s (it fails with ErrNoRuntime); pass %s, or context.WithoutCancel(%s) if it must outlive its parent",
				rootFn.Name(), describe(pass, ctx), ctx.Name(), ctx.Name())
		}
		pass.Report(analysis.Diagnostic{
			Pos: root.Pos(), End: root.End(), Message: what,
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "Pass " + ctx.Name(),
				TextEdits: []analysis.TextEdit{{Pos: root.Pos(), End: root.End(), NewText: []byte(ctx.Name())}},
			}},
		})
	}
}

// A brokenCall is a call, with ctx in scope, of a function that takes no
// ctx and runs work under a root context: the chain breaks there.
type brokenCall struct {
	call   *ast.CallExpr
	callee *types.Func
	fact   *ctxroot.RootsContext
	ctx    *types.Var
}

// reportBelow reports the broken calls once per mistake: several calls
// of the same function that takes no ctx, or of several functions of
// the package that reach the same context.Background() or TODO() (the
// root), are one mistake, fixed by handing a ctx down to the root, and
// are reported at the first. Calls in _test.go files are not reported: the fix
// belongs to the code under test, whose own callers are reported.
func reportBelow(pass *analysis.Pass, calls []brokenCall) {
	type group struct {
		first   brokenCall
		n       int
		callees map[*types.Func]bool
	}
	type key struct {
		root   string
		callee *types.Func
	}
	groups := make(map[key]*group)
	var order []*group
	for _, b := range calls {
		if posfmt.InTest(pass.Fset, b.call.Pos()) || markedTODO(b.fact) {
			continue
		}
		// The package's own functions that take no ctx share the fix
		// (a ctx handed down to the root); another package's function,
		// or one with a ctx variant, is fixed at its calls.
		k := key{callee: b.callee}
		if b.callee.Pkg() == pass.Pkg && ctxVariant(b.callee) == nil {
			k = key{root: rootOf(b.fact)}
		}
		key := k
		g := groups[key]
		if g == nil {
			g = &group{first: b, callees: make(map[*types.Func]bool)}
			groups[key] = g
			order = append(order, g)
		}
		g.n++
		g.callees[b.callee] = true
	}
	for _, g := range order {
		b := g.first
		name := model.Name(b.callee, pass.Pkg)
		fix := fmt.Sprintf("give %s a ctx parameter and pass %s", name, b.ctx.Name())
		if v := ctxVariant(b.callee); v != nil {
			fix = fmt.Sprintf("call %s(%s, ...) instead", model.Name(v, pass.Pkg), b.ctx.Name())
		}
		more := ""
		if n := g.n - 1; n > 0 && len(g.callees) == 1 {
			more = fmt.Sprintf(" (and %d more calls of %s in this package)", n, name)
		} else if n > 0 {
			more = fmt.Sprintf(" (and %d more calls in this package that reach the same root)", n)
		}
		pass.ReportRangef(b.call, "%s cannot cancel the work under this call: %s calls %s; %s%s",
			describe(pass, b.ctx), name, chainTail(b.fact), fix, more)
	}
}

// markedTODO reports whether the chain ends in context.TODO(): in a
// function with no ctx to pass, that is the marker the context package
// defines for "not yet extended to take a Context"; the author has
// already written down the gap, and its callers are not told again. A
// Background there claims a root, and is reported at the callers.
func markedTODO(f *ctxroot.RootsContext) bool {
	return len(f.Chain) > 0 && strings.HasSuffix(f.Chain[len(f.Chain)-1].Name, "with context.TODO()")
}

// rootOf names the root context a chain ends in: its last step (the
// call with context.Background() or TODO(), and where it is).
func rootOf(f *ctxroot.RootsContext) string {
	if len(f.Chain) == 0 {
		return ""
	}
	last := f.Chain[len(f.Chain)-1]
	return last.Name + "@" + last.Pos
}

// chainTail renders the fact's chain after the called function:
// "fetch with context.Background() (f.go:12)" or "load (f.go:3), which
// calls fetch with context.Background() (f.go:12)".
func chainTail(f *ctxroot.RootsContext) string {
	return strings.TrimPrefix(f.Describe(), "calls ")
}

// ctxVariant returns the sibling of fn that takes a ctx first, by the
// usual names: FooContext, FooCtx, FooWithContext.
func ctxVariant(fn *types.Func) *types.Func {
	sig := fn.Signature()
	for _, suffix := range []string{"Context", "Ctx", "WithContext"} {
		name := fn.Name() + suffix
		var obj types.Object
		if recv := sig.Recv(); recv != nil {
			obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
		} else if fn.Pkg() != nil {
			obj = fn.Pkg().Scope().Lookup(name)
		}
		v, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if p := v.Signature().Params(); p.Len() > 0 && model.IsContext(p.At(0).Type()) {
			return v
		}
	}
	return nil
}

// ctxAttachedLater reports whether the value call returns, assigned to a
// variable, later meets ctx in one call: req.WithContext(ctx), or
// ctxhttp.Do(ctx, client, req). The request then runs under ctx after
// all.
func ctxAttachedLater(pass *analysis.Pass, stack []ast.Node, call *ast.CallExpr, ctx *types.Var) bool {
	// The stack ends with call itself; its parent is the assignment.
	if len(stack) < 2 {
		return false
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := pass.TypesInfo.ObjectOf(id).(*types.Var)
	body := funcs.Innermost(stack)
	if v == nil || body == nil {
		return false
	}
	refers := func(x ast.Node, obj *types.Var) bool {
		found := false
		ast.Inspect(x, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == obj {
				found = true
			}
			return !found
		})
		return found
	}
	attached := false
	ast.Inspect(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if attached || !ok || c.Pos() < as.End() {
			return !attached
		}
		withCtx, withV := false, refers(c.Fun, v)
		for _, a := range c.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok {
				withCtx = withCtx || pass.TypesInfo.Uses[id] == ctx
				withV = withV || pass.TypesInfo.Uses[id] == v
			}
		}
		attached = withCtx && withV
		return !attached
	})
	return attached
}

// fixVariant reports a call that has a variant taking a ctx, and offers
// it: http.NewRequest(m, u, b) -> http.NewRequestWithContext(ctx, m, u, b).
func fixVariant(pass *analysis.Pass, call *ast.CallExpr, obj *types.Func, variant string, ctx *types.Var) {
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(),
		Message: fmt.Sprintf("%s ignores %s; use %s(%s, ...)", model.Name(obj, pass.Pkg), describe(pass, ctx), variant, ctx.Name()),
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && len(call.Args) > 0 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message: "Use " + variant,
			TextEdits: []analysis.TextEdit{
				{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(variant)},
				{Pos: call.Args[0].Pos(), End: call.Args[0].Pos(), NewText: []byte(ctx.Name() + ", ")},
			},
		}}
	}
	pass.Report(d)
}

// derivedDropped reports `g, _ := errgroup.WithContext(ctx)`.
//
// A group every goroutine of which returns nil is not reported: nothing
// can fail, so nothing would cancel the derived context before Wait.
func derivedDropped(pass *analysis.Pass, ix *funcs.Index, m *model.Model, nilOnly map[types.Object]bool, as *ast.AssignStmt) {
	if len(as.Rhs) != 1 {
		return
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	_, obj := ix.Callee(call)
	e, ok := m.Lookup(obj)
	if !ok || !e.Is(model.Derives) || e.CtxResult >= len(as.Lhs) {
		return
	}
	if g, ok := as.Lhs[0].(*ast.Ident); ok && nilOnly[pass.TypesInfo.ObjectOf(g)] {
		return
	}
	if id, ok := as.Lhs[e.CtxResult].(*ast.Ident); ok && id.Name == "_" {
		pass.ReportRangef(id, "the context %s derives is discarded: the group's goroutines cannot see that one of them failed; use it, or a plain errgroup.Group",
			model.Name(obj, pass.Pkg))
	}
}

// ctxInScope returns a context.Context parameter of the innermost
// enclosing function, or of an enclosing one, that the call still sees
// under its name.
func ctxInScope(pass *analysis.Pass, stack []ast.Node, call ast.Node) *types.Var {
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		default:
			continue
		}
		for _, field := range ft.Params.List {
			if !model.IsContext(pass.TypesInfo.TypeOf(field.Type)) {
				continue
			}
			for _, name := range field.Names {
				v, _ := pass.TypesInfo.Defs[name].(*types.Var)
				if v == nil || v.Name() == "_" {
					continue
				}
				if scope := pass.TypesInfo.Scopes[ft]; scope != nil {
					if _, obj := scope.Innermost(call.Pos()).LookupParent(v.Name(), call.Pos()); obj == v {
						return v
					}
				}
			}
		}
		// A literal without a ctx of its own sees its encloser's only if
		// it runs while the encloser does: called on the spot or
		// deferred. A callback stored for later (a handler, a hook) may
		// run long after that ctx is done, and passing it would be wrong.
		if lit, ok := stack[i].(*ast.FuncLit); !ok || !runsInPlace(stack[:i], lit) {
			return nil
		}
	}
	return nil
}

// runsInPlace reports whether a function literal, whose ancestors are
// stack, is called where it stands: func(){...}() or defer func(){...}().
func runsInPlace(stack []ast.Node, lit *ast.FuncLit) bool {
	if len(stack) == 0 {
		return false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != lit {
		return false
	}
	// go func(){...}() is called, but on a goroutine that may outlive
	// the encloser, perhaps on purpose.
	if len(stack) < 2 {
		return true
	}
	_, isGo := stack[len(stack)-2].(*ast.GoStmt)
	return !isGo
}

// describe names the ctx and where it comes from: "ctx (a.go:10)".
func describe(pass *analysis.Pass, v *types.Var) string {
	p := pass.Fset.Position(v.Pos())
	return fmt.Sprintf("%s (%s:%d)", v.Name(), filepath.Base(p.Filename), p.Line)
}
