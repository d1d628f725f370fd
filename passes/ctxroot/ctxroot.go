// Package ctxroot computes which functions, taking no context themselves,
// run work under a root context: they pass context.Background() or
// context.TODO() straight to a callee that takes a ctx, directly or
// through calls. Such a function breaks the cancellation chain of every
// caller that has a ctx: whatever the caller's ctx says, the work goes
// on. Each one gets a RootsContext fact with the chain, so that a caller
// in another package sees it, and nocancel reports the call once, where
// the chain breaks (the caller that has a ctx and does not hand it on),
// not at every function along it.
//
// What counts as the root: a Background() or TODO() call written as the
// ctx argument of a call, as nocancel's own broken-chain rule sees it,
// when the callee may wait for something a ctx could cut short: it may
// block or suspend (passes/mayblock, passes/maysuspend) or it spawns. A
// ctx given to a quick call (slog's Logger.Enabled, a context value
// lookup) has nothing to cancel. A
// root given to a context derivation first (context.WithTimeout,
// WithCancel, errgroup.WithContext, ...) does not count: a function that
// sets itself a deadline, a Close that gives itself five seconds, has
// chosen its own lifetime on purpose, and precision comes first. A root
// stored in a variable first is not followed either.
//
// A function that takes a context.Context parameter is not analysed: the
// chain is whole up to it, and nocancel reports its own Background calls
// directly. The engine is passes/internal/reach: go statements and
// function literals that do not run in place are not followed.
package ctxroot

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/mayblock"
	"github.com/asynclint/asynclint/passes/maysuspend"
	"github.com/asynclint/asynclint/passes/model"
)

// RootsContext is the fact on a function that takes no ctx and runs work
// under a root context. Chain[0] is the call the function makes; the
// last step is the call given the root context.
type RootsContext reach.Witness

func (*RootsContext) AFact() {}

func (f *RootsContext) String() string { return "roots context: " + f.Describe() }

// Describe renders the chain as "calls load (a.go:3), which calls
// fetch with context.Background() (a.go:9)".
func (f *RootsContext) Describe() string { return (*reach.Witness)(f).Describe() }

// Result answers for functions of any package.
type Result struct{ r *reach.Result }

// Object returns the RootsContext fact of a function of any package, or
// nil.
func (r *Result) Object(obj *types.Func) *RootsContext {
	return (*RootsContext)(r.r.Object(obj))
}

var Analyzer = &analysis.Analyzer{
	Name:       "ctxroot",
	Doc:        "compute which functions without a ctx run work under context.Background() or TODO(), with the chain",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, reach.Analyzer, mayblock.Analyzer, maysuspend.Analyzer},
	FactTypes:  []analysis.Fact{new(RootsContext)},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	blocks := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
	suspends := pass.ResultOf[maysuspend.Analyzer].(*maysuspend.Result)
	waits := func(fn *types.Func) bool {
		if e, ok := m.Lookup(fn); ok && e.Is(model.Spawns) {
			return true
		}
		return blocks.Object(fn) != nil || suspends.Object(fn) != nil
	}
	r := reach.Run(pass, pass.ResultOf[reach.Analyzer].(*reach.Events), ix, m,
		reach.Config{
			Stop: func(fn *funcs.Func) bool { return TakesContext(pass.TypesInfo, fn.Type) },
			CallSite: func(fn *funcs.Func, ev reach.Event) *reach.Witness {
				root, callee := RootArg(pass, ix, m, ev.Call)
				if root == nil || !waits(callee) {
					return nil
				}
				return &reach.Witness{Chain: []reach.Step{{
					Name: fmt.Sprintf("%s with context.%s()", model.Name(callee, pass.Pkg), root.Name()),
					Pos:  reach.PosString(pass.Fset, ev.Pos),
				}}}
			},
			Import: func(obj *types.Func) (*reach.Witness, bool) {
				var f RootsContext
				if pass.ImportObjectFact(obj, &f) {
					return (*reach.Witness)(&f), true
				}
				return nil, false
			},
			Export: func(obj *types.Func, w *reach.Witness) { pass.ExportObjectFact(obj, (*RootsContext)(w)) },
		})
	return &Result{r}, nil
}

// TakesContext reports whether a function type has a context.Context
// parameter.
func TakesContext(info *types.Info, ft *ast.FuncType) bool {
	for _, field := range ft.Params.List {
		if model.IsContext(info.TypeOf(field.Type)) {
			return true
		}
	}
	return false
}

// RootArg returns the root-context function (context.Background or TODO)
// whose call is written as a ctx argument of call, and call's callee; nil
// if there is none, or if the callee derives a context from it
// (context.WithTimeout and the like), or is not a named function.
func RootArg(pass *analysis.Pass, ix *funcs.Index, m *model.Model, call *ast.CallExpr) (root, callee *types.Func) {
	_, callee = ix.Callee(call)
	if callee == nil || isDerivation(m, callee) {
		return nil, nil
	}
	sig, ok := pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return nil, nil
	}
	for i, arg := range call.Args {
		if i >= sig.Params().Len() || !model.IsContext(sig.Params().At(i).Type()) {
			continue
		}
		inner, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			continue
		}
		_, fn := ix.Callee(inner)
		if e, ok := m.Lookup(fn); ok && e.Is(model.NewRoot) {
			return fn, callee
		}
	}
	return nil, nil
}

// isDerivation reports whether fn returns a context derived from its ctx
// argument: the context package's With* functions and the model's
// Derives entries.
func isDerivation(m *model.Model, fn *types.Func) bool {
	if e, ok := m.Lookup(fn); ok && e.Is(model.Derives) {
		return true
	}
	sig := fn.Signature()
	for i := range sig.Results().Len() {
		if model.IsContext(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// BoundedDerivation reports whether fn derives a context from its ctx
// argument with a lifetime of its own, bounded by a duration or a time
// (context.WithTimeout, WithDeadline): a root handed to it has a chosen
// end, one call away from any wait.
func BoundedDerivation(m *model.Model, fn *types.Func) bool {
	if fn == nil || !isDerivation(m, fn) {
		return false
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if model.IsDeadline(params.At(i).Type()) {
			return true
		}
	}
	return false
}
