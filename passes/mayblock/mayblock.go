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
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

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
	Instr ssa.Instruction
	Pos   token.Pos
	// Callee is the called function, or nil for a channel operation.
	Callee *types.Func
	// Fact describes the site: Chain[0] is the site itself.
	Fact *Blocking
}

// Result gives the blocking sites of every function of the package.
type Result struct {
	sites map[*ssa.Function][]Site
	// facts holds the Blocking fact of each function of the package.
	facts map[*ssa.Function]*Blocking
	pass  *analysis.Pass
	model *model.Model
}

// Sites returns where fn, a function of the package, may block, in
// instruction order.
func (r *Result) Sites(fn *ssa.Function) []Site { return r.sites[fn] }

// Func returns the Blocking fact of fn, of this package or another, or nil.
func (r *Result) Func(fn *ssa.Function) *Blocking {
	if b, ok := r.facts[fn]; ok {
		return b
	}
	return r.Object(model.Func(fn))
}

// Object returns the Blocking fact of a function object of any package, or
// nil.
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
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, model.Analyzer},
	FactTypes:  []analysis.Fact{new(Blocking)},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		sites: make(map[*ssa.Function][]Site),
		facts: make(map[*ssa.Function]*Blocking),
		pass:  pass,
		model: pass.ResultOf[model.Analyzer].(*model.Model),
	}
	if model.Describes(pass.Pkg.Path()) {
		return r, nil
	}

	// The package's functions: its source functions and closures, in
	// source order, for deterministic witnesses.
	funcs := ssainfo.SrcFuncs
	local := make(map[*ssa.Function]bool, len(funcs))
	for _, fn := range funcs {
		local[fn] = true
	}
	// callers[g] lists the local functions that call local function g,
	// with the call, for propagation.
	type edge struct {
		caller *ssa.Function
		instr  ssa.Instruction
		callee *ssa.Function
	}
	callers := make(map[*ssa.Function][]edge)

	// suspends is true for functions annotated //asynclint:suspends.
	skip := func(fn *ssa.Function) bool {
		e, ok := r.model.Lookup(model.Func(fn))
		return ok && e.Is(model.Suspends)
	}

	// First, the direct sites: blocking operations and calls to
	// functions known to block (by the model or by facts).
	for _, fn := range funcs {
		if skip(fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if what, ok := model.BlockingOp(instr); ok {
					r.addSite(fn, Site{Instr: instr, Pos: instr.Pos(), Fact: &Blocking{
						Chain:   []Step{{Name: what, Pos: r.posString(instr.Pos())}},
						Instead: "a runtime.Chan, or runtime.BlockInPlace",
					}})
					continue
				}
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := instr.(*ssa.Go); isGo {
					continue
				}
				common := call.Common()
				var obj *types.Func
				callee := common.StaticCallee()
				if common.IsInvoke() {
					obj = common.Method
				} else if callee != nil {
					if local[callee] {
						if _, known := r.model.Lookup(model.Func(callee)); !known {
							callers[callee] = append(callers[callee], edge{fn, instr, callee})
							continue
						}
					}
					obj = model.Func(callee)
				}
				if obj == nil {
					continue // a function value: unknown callee
				}
				if f := r.Object(obj); f != nil {
					r.addSite(fn, Site{Instr: instr, Pos: common.Pos(), Callee: obj, Fact: r.extend(obj, common.Pos(), f)})
				}
			}
		}
	}

	// Then propagate through local calls, breadth first from the
	// directly blocking functions, so witnesses are short and stable.
	var queue []*ssa.Function
	for _, fn := range funcs {
		if len(r.sites[fn]) > 0 {
			r.facts[fn] = r.sites[fn][0].Fact
			queue = append(queue, fn)
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, e := range callers[g] {
			if skip(e.caller) {
				continue
			}
			pos := e.instr.(ssa.CallInstruction).Common().Pos()
			name := funcName(e.callee, pass.Pkg)
			site := Site{Instr: e.instr, Pos: pos, Callee: model.Func(e.callee), Fact: r.chain(name, pos, r.facts[g])}
			r.addSite(e.caller, site)
			if r.facts[e.caller] == nil {
				r.facts[e.caller] = site.Fact
				queue = append(queue, e.caller)
			}
		}
	}
	// Sites were appended in discovery order; restore instruction order.
	for fn, sites := range r.sites {
		sortSites(fn, sites)
	}

	for fn, f := range r.facts {
		if obj := model.Func(fn); obj != nil && fn.Synthetic == "" && obj.Pkg() == pass.Pkg && fn.Parent() == nil {
			pass.ExportObjectFact(obj, f)
		}
	}
	return r, nil
}

func (r *Result) addSite(fn *ssa.Function, s Site) {
	r.sites[fn] = append(r.sites[fn], s)
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

// funcName names a local function for messages: "load", "(*T).m", or,
// for a closure, "the func literal" (the step's position says which).
func funcName(fn *ssa.Function, pkg *types.Package) string {
	if obj := model.Func(fn); obj != nil && fn.Parent() == nil {
		return model.Name(obj, pkg)
	}
	return "the func literal"
}

// sortSites orders sites by their position in fn's instruction list.
func sortSites(fn *ssa.Function, sites []Site) {
	index := make(map[ssa.Instruction]int)
	i := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			index[instr] = i
			i++
		}
	}
	// Insertion sort: site lists are short.
	for i := 1; i < len(sites); i++ {
		for j := i; j > 0 && index[sites[j].Instr] < index[sites[j-1].Instr]; j-- {
			sites[j], sites[j-1] = sites[j-1], sites[j]
		}
	}
}
