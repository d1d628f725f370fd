// Package maysuspend computes which functions may reach a runtime
// suspension point: Task.Await, runtime.Sleep, the runtime's Mutex and
// RWMutex locks, Semaphore.Acquire, Chan.Send and Recv, JoinSet.Next,
// Wait and Shutdown, Yield, Timeout, Runtime.Run and BlockInPlace — every
// function whose model entry has the Suspends effect, and every function
// annotated //asynclint:suspends. Each function that reaches one,
// directly or through calls, gets a Suspending fact carrying the witness
// chain, so that callers in other packages see it.
//
// It follows calls the way mayblock does (passes/internal/reach): static
// calls, closures and deferred calls; not interfaces, function values, go
// statements or the bodies handed to Spawn. Channel operations of the
// language do not suspend.
package maysuspend

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/internal/reach"
	"github.com/asynclint/asynclint/passes/model"
)

// Step is one link of a witness chain: a call of Name at Pos, a
// "file.go:line" position.
type Step = reach.Step

// Suspending is the fact on a function that may reach a suspension
// point. Chain[0] is the call the function makes; the last step is the
// suspending call.
type Suspending reach.Witness

func (*Suspending) AFact() {}

func (s *Suspending) String() string { return "suspends: " + s.Describe() }

// Describe renders the chain as "calls refresh (a.go:3), which calls
// (*runtime.Task).Await (a.go:9)".
func (s *Suspending) Describe() string { return (*reach.Witness)(s).Describe() }

// Site is a place in a function where it may suspend: a call of a
// suspension point, or of a function that may reach one.
type Site struct {
	// Node is the *ast.CallExpr.
	Node ast.Node
	Pos  token.Pos
	Call *ast.CallExpr
	// Callee is the named function called, if any (nil for a closure).
	Callee *types.Func
	// Fact describes the site: Chain[0] is the site itself.
	Fact *Suspending
	// Via is the function of the package the site calls, if it is one.
	Via *funcs.Func
}

// Result gives the suspension sites of every function of the package.
type Result struct{ r *reach.Result }

// Sites returns where fn, a function of the package, may suspend, in
// source order.
func (r *Result) Sites(fn *funcs.Func) []Site {
	rs := r.r.Sites(fn)
	if len(rs) == 0 {
		return nil
	}
	sites := make([]Site, len(rs))
	for i, s := range rs {
		sites[i] = Site{Node: s.Node, Pos: s.Pos, Call: s.Call, Callee: s.Callee, Fact: (*Suspending)(s.W), Via: s.Via()}
	}
	return sites
}

// Object returns the Suspending fact of a function of any package, or nil.
func (r *Result) Object(obj *types.Func) *Suspending { return (*Suspending)(r.r.Object(obj)) }

var Analyzer = &analysis.Analyzer{
	Name:       "maysuspend",
	Doc:        "compute which functions may reach a runtime suspension point, with the witness chain",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, reach.Analyzer},
	FactTypes:  []analysis.Fact{new(Suspending)},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	r := reach.Run(pass,
		pass.ResultOf[reach.Analyzer].(*reach.Events),
		pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		pass.ResultOf[model.Analyzer].(*model.Model),
		reach.Config{
			Effect: model.Suspends,
			Import: func(obj *types.Func) (*reach.Witness, bool) {
				var s Suspending
				if pass.ImportObjectFact(obj, &s) {
					return (*reach.Witness)(&s), true
				}
				return nil, false
			},
			Export: func(obj *types.Func, w *reach.Witness) { pass.ExportObjectFact(obj, (*Suspending)(w)) },
		})
	return &Result{r}, nil
}
