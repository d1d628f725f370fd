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
package mayblock

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// Step is one link of a witness chain: a call of Name (or a blocking
// operation named Name) at Pos, a "file.go:line" position.
type Step struct {
	Name string
	Pos  string
}

// Blocking is the fact on a function that may block without suspending.
// Chain[0] is the call the function makes; the last step is the blocking
// operation itself.
type Blocking struct {
	Chain []Step
	// Instead says what to use instead of the blocking operation.
	Instead string
}

func (*Blocking) AFact() {}

func (b *Blocking) String() string { return "blocks: " + b.Describe() }

// Describe renders the chain as "calls load (a.go:3), which calls
// os.ReadFile (a.go:9)".
func (b *Blocking) Describe() string {
	var sb strings.Builder
	for i, s := range b.Chain {
		if i > 0 {
			sb.WriteString(", which ")
		}
		if strings.HasPrefix(s.Name, "a ") {
			fmt.Fprintf(&sb, "does %s (%s)", s.Name, s.Pos)
		} else {
			fmt.Fprintf(&sb, "calls %s (%s)", s.Name, s.Pos)
		}
	}
	return sb.String()
}

// maxChain bounds a witness chain; longer chains keep their first steps
// and the blocking operation.
const maxChain = 8

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
type Result struct {
	sites map[*funcs.Func][]Site
	facts map[*funcs.Func]*Blocking
	index *funcs.Index
	pass  *analysis.Pass
	model *model.Model
}

// Sites returns where fn, a function of the package, may block, in source
// order.
func (r *Result) Sites(fn *funcs.Func) []Site { return r.sites[fn] }

// Object returns the Blocking fact of a function of any package, or nil.
func (r *Result) Object(obj *types.Func) *Blocking {
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if e, ok := r.model.Lookup(obj); ok {
		if e.Is(model.Blocks) {
			return &Blocking{Chain: []Step{{Name: model.Name(obj, r.pass.Pkg)}}, Instead: e.Instead}
		}
		return nil
	}
	if obj.Pkg() == r.pass.Pkg {
		return r.facts[r.index.Decl(obj)]
	}
	if funcs.IsInterfaceMethod(obj) {
		return nil // not known: precision first
	}
	var b Blocking
	if r.pass.ImportObjectFact(obj, &b) {
		return &b
	}
	return nil
}

var Analyzer = &analysis.Analyzer{
	Name:       "mayblock",
	Doc:        "compute which functions may block without suspending, with the witness chain",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer},
	FactTypes:  []analysis.Fact{new(Blocking)},
	ResultType: reflect.TypeFor[*Result](),
}

// edge is a call from one function of the package to another.
type edge struct {
	caller *funcs.Func
	call   *ast.CallExpr
	callee *funcs.Func
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	r := &Result{
		sites: make(map[*funcs.Func][]Site),
		facts: make(map[*funcs.Func]*Blocking),
		index: ix,
		pass:  pass,
		model: pass.ResultOf[model.Analyzer].(*model.Model),
	}
	if model.DescribesPass(pass) {
		return r, nil
	}

	// callers[g] lists the calls of local function g by local functions.
	callers := make(map[*funcs.Func][]edge)
	suspends := func(fn *funcs.Func) bool {
		e, ok := r.model.Lookup(fn.Obj)
		return ok && e.Is(model.Suspends)
	}

	// First, the direct sites: blocking operations and calls to
	// functions known to block (by the model, a directive or a fact).
	for _, fn := range ix.Funcs {
		if suspends(fn) {
			continue
		}
		skip := make(map[ast.Node]bool) // select cases, go statements' calls
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if n == nil || skip[n] {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.GoStmt:
				// The callee runs on another goroutine.
				// Its arguments are evaluated here, but a blocking
				// argument to a go statement is rare enough to miss.
				skip[n.Call] = true
				return true
			case *ast.SelectStmt:
				for _, c := range model.SelectCases(n) {
					skipComm(c, skip)
				}
			case *ast.CallExpr:
				local, obj := ix.Callee(n)
				if local != nil {
					if _, known := r.model.Lookup(obj); !known {
						callers[local] = append(callers[local], edge{fn, n, local})
						return true
					}
				}
				if f := r.Object(obj); f != nil {
					r.sites[fn] = append(r.sites[fn], Site{Node: n, Pos: n.Lparen, Call: n, Callee: obj, Fact: r.extend(obj, n.Lparen, f)})
				}
				return true
			}
			if what, pos, ok := model.ChanOp(pass.TypesInfo, n); ok {
				r.sites[fn] = append(r.sites[fn], Site{Node: n, Pos: pos, Fact: &Blocking{
					Chain:   []Step{{Name: what, Pos: r.posString(pos)}},
					Instead: "a runtime.Chan, or runtime.BlockInPlace",
				}})
			}
			return true
		})
	}

	// Then propagate through local calls, breadth first from the
	// directly blocking functions, so witnesses are short and stable.
	var queue []*funcs.Func
	for _, fn := range ix.Funcs {
		if len(r.sites[fn]) > 0 {
			r.facts[fn] = r.sites[fn][0].Fact
			queue = append(queue, fn)
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, e := range callers[g] {
			if suspends(e.caller) {
				continue
			}
			site := Site{Node: e.call, Pos: e.call.Lparen, Call: e.call, Callee: g.Obj,
				Fact: r.chain(funcName(g, pass.Pkg), e.call.Lparen, r.facts[g])}
			r.sites[e.caller] = append(r.sites[e.caller], site)
			if r.facts[e.caller] == nil {
				r.facts[e.caller] = site.Fact
				queue = append(queue, e.caller)
			}
		}
	}
	for _, sites := range r.sites {
		slices.SortStableFunc(sites, func(a, b Site) int { return cmp.Compare(a.Pos, b.Pos) })
	}
	for _, fn := range ix.Funcs {
		if f := r.facts[fn]; f != nil && fn.Obj != nil {
			pass.ExportObjectFact(fn.Obj, f)
		}
	}
	return r, nil
}

// skipComm marks the channel operation of a select case as part of the
// select.
func skipComm(c ast.Stmt, skip map[ast.Node]bool) {
	switch c := c.(type) {
	case *ast.SendStmt:
		skip[c] = true
	case *ast.ExprStmt:
		skip[astutil.Unparen(c.X)] = true
	case *ast.AssignStmt:
		for _, x := range c.Rhs {
			skip[astutil.Unparen(x)] = true
		}
	}
}

// extend prefixes the fact of obj with the call of obj at pos.
func (r *Result) extend(obj *types.Func, pos token.Pos, f *Blocking) *Blocking {
	name := model.Name(obj, r.pass.Pkg)
	if len(f.Chain) == 1 && f.Chain[0].Pos == "" {
		// A modelled function: the call is the blocking operation.
		return &Blocking{Chain: []Step{{Name: name, Pos: r.posString(pos)}}, Instead: f.Instead}
	}
	return r.chain(name, pos, f)
}

func (r *Result) chain(name string, pos token.Pos, f *Blocking) *Blocking {
	chain := make([]Step, 0, len(f.Chain)+1)
	chain = append(chain, Step{Name: name, Pos: r.posString(pos)})
	chain = append(chain, f.Chain...)
	if len(chain) > maxChain {
		chain = append(chain[:maxChain-1], chain[len(chain)-1])
	}
	return &Blocking{Chain: chain, Instead: f.Instead}
}

func (r *Result) posString(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// funcName names a local function for messages: "load", "(*T).m", or
// "the func literal" (the step's position says which).
func funcName(fn *funcs.Func, pkg *types.Package) string {
	if fn.Obj != nil {
		return model.Name(fn.Obj, pkg)
	}
	return "the func literal"
}
