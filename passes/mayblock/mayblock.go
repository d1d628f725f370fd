// Package mayblock computes which functions may block without suspending:
// wait an unbounded time (sleep, I/O, a channel operation, a wait on
// another goroutine) while keeping the caller's worker slot. Each such
// function gets a Blocking fact carrying the witness chain down to the
// blocking operation, so that callers in other packages see it.
//
// What is followed: static calls to functions and methods of concrete
// types, calls to closures, deferred calls. What is not: calls through
// interfaces (unless the model names the interface method, like
// net.Conn.Read) and calls of function values, because the callee is not
// known; go statements, and functions handed to Spawn, SpawnBlocking or
// BlockInPlace, because they do not run on the caller's slot. Precision
// comes first: an unknown callee is assumed not to block.
//
// Functions the model describes (the runtime, time.Sleep, os.ReadFile,
// ...) are taken from the model and their bodies are not used; a function
// annotated //asynclint:suspends is never blocking.
//
// The engine is passes/internal/reach, shared with maysuspend and
// maywait; this package says what counts (the model's Blocks effect and
// every channel operation) and owns the fact.
package mayblock

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

// Step is one link of a witness chain: a call of Name (or a blocking
// operation named Name) at Pos, a "file.go:line" position.
type Step = reach.Step

// Blocking is the fact on a function that may block without suspending.
// Chain[0] is the call the function makes; the last step is the blocking
// operation itself.
type Blocking reach.Witness

func (*Blocking) AFact() {}

func (b *Blocking) String() string { return "blocks: " + b.Describe() }

// Describe renders the chain as "calls load (a.go:3), which calls
// os.ReadFile (a.go:9)".
func (b *Blocking) Describe() string { return (*reach.Witness)(b).Describe() }

// Site is a place in a function where it may block: a blocking operation
// or a call to a function that may block.
type Site struct {
	// Node is the *ast.CallExpr, or the channel operation or select.
	Node ast.Node
	Pos  token.Pos
	// Call is the call, or nil for a channel operation.
	Call *ast.CallExpr
	// Callee is the named function called, if any.
	Callee *types.Func
	// Fact describes the site: Chain[0] is the site itself.
	Fact *Blocking
}

// Result gives the blocking sites of every function of the package.
type Result struct{ r *reach.Result }

// Sites returns where fn, a function of the package, may block, in source
// order.
func (r *Result) Sites(fn *funcs.Func) []Site {
	rs := r.r.Sites(fn)
	if len(rs) == 0 {
		return nil
	}
	sites := make([]Site, len(rs))
	for i, s := range rs {
		sites[i] = Site{Node: s.Node, Pos: s.Pos, Call: s.Call, Callee: s.Callee, Fact: (*Blocking)(s.W)}
	}
	return sites
}

// Object returns the Blocking fact of a function of any package, or nil.
func (r *Result) Object(obj *types.Func) *Blocking { return (*Blocking)(r.r.Object(obj)) }

var Analyzer = &analysis.Analyzer{
	Name:       "mayblock",
	Doc:        "compute which functions may block without suspending, with the witness chain",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer, reach.Analyzer},
	FactTypes:  []analysis.Fact{new(Blocking)},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	r := reach.Run(pass,
		pass.ResultOf[reach.Analyzer].(*reach.Events),
		pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		pass.ResultOf[model.Analyzer].(*model.Model),
		reach.Config{
			Effect:      model.Blocks,
			Opaque:      model.Suspends, // a suspending function is never blocking
			ChanOps:     true,
			ChanInstead: "a runtime.Chan, or runtime.BlockInPlace",
			Import: func(obj *types.Func) (*reach.Witness, bool) {
				var b Blocking
				if pass.ImportObjectFact(obj, &b) {
					return (*reach.Witness)(&b), true
				}
				return nil, false
			},
			Export: func(obj *types.Func, w *reach.Witness) { pass.ExportObjectFact(obj, (*Blocking)(w)) },
		})
	return &Result{r}, nil
}
