// Package tasks finds the places where a package starts concurrent work
// and the function each one runs: runtime tasks (Spawn, JoinSet.Spawn,
// Runtime.Run, Timeout), blocking-pool work (SpawnBlocking), BlockInPlace
// bodies, and plain goroutines (go statements, errgroup.Group.Go,
// sync.WaitGroup.Go). Which call spawns what is the model's knowledge.
//
// A body is resolved when it is a function literal, a named function, or
// a method value or expression. A body held in a variable, parameter or
// field is left unresolved (Body is nil): the checks stay silent on it.
package tasks

import (
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
)

// Spawn is one place that starts concurrent work.
type Spawn struct {
	// Instr is the spawning call or go statement.
	Instr ssa.CallInstruction
	// Kind says where the body runs.
	Kind model.SpawnKind
	// Callee is the spawning function (nil for a go statement).
	Callee *types.Func
	// Body is the function the work runs, when known. It may belong to
	// another package, in which case it has no blocks.
	Body *ssa.Function
	// BodyObj is the named function or method the body is, if any.
	BodyObj *types.Func
}

// Pos returns the position of the spawning call.
func (s *Spawn) Pos() token.Pos { return s.Instr.Common().Pos() }

// Result lists the package's spawn sites in source order.
type Result struct {
	Spawns []*Spawn
}

var Analyzer = &analysis.Analyzer{
	Name:       "tasks",
	Doc:        "find where a package spawns tasks and goroutines, and the functions they run",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, model.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	res := new(Result)
	for _, fn := range ssainfo.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if g, ok := instr.(*ssa.Go); ok {
					body, obj := resolve(g.Call.Value)
					if g.Call.IsInvoke() {
						body, obj = nil, g.Call.Method
					}
					res.Spawns = append(res.Spawns, &Spawn{Instr: g, Kind: model.Goroutine, Body: body, BodyObj: obj})
					continue
				}
				common := call.Common()
				callee := common.StaticCallee()
				if callee == nil {
					continue
				}
				obj := model.Func(callee)
				e, ok := m.Lookup(obj)
				if !ok || !e.Is(model.Spawns) {
					continue
				}
				s := &Spawn{Instr: call, Kind: e.Spawn, Callee: obj}
				if i := e.BodyArg(common); i >= 0 {
					s.Body, s.BodyObj = resolve(common.Args[i])
				}
				res.Spawns = append(res.Spawns, s)
			}
		}
	}
	return res, nil
}

// resolve returns the function a function-typed value certainly is.
func resolve(v ssa.Value) (*ssa.Function, *types.Func) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeClosure:
			fn := x.Fn.(*ssa.Function)
			return fn, namedObject(fn)
		case *ssa.Function:
			return x, namedObject(x)
		}
		return nil, nil
	}
}

// namedObject returns the named function or method fn is (or wraps, for
// method values and expressions), or nil for a function literal.
func namedObject(fn *ssa.Function) *types.Func {
	if fn.Parent() != nil {
		return nil
	}
	return model.Func(fn)
}
