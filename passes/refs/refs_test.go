package refs_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/refs"
)

// probe reports, at each call of probe(a, b), whether its two arguments
// are the same location (Same) or may be (SameClass).
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report what refs says of probe's two arguments",
	Requires: []*analysis.Analyzer{refs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		prog := pass.ResultOf[refs.Analyzer].(*refs.Info).SSA()
		callsOf(prog, "probe", func(call *ssa.Call) {
			a := prog.Of(unwrap(call.Call.Args[0]))
			b := prog.Of(unwrap(call.Call.Args[1]))
			switch {
			case refs.Same(a, b):
				pass.Reportf(call.Pos(), "same %s, class %s", refs.Name(a), a.Class)
			case refs.SameClass(a, b):
				pass.Reportf(call.Pos(), "class only %s", a.Class)
			default:
				pass.Reportf(call.Pos(), "different %s, %s", refs.Name(a), refs.Name(b))
			}
		})
		return nil, nil
	},
}

// callsOf calls f with each call of the package's function name that
// passes two arguments.
func callsOf(prog *refs.Program, name string, f func(*ssa.Call)) {
	for _, fn := range prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if callee := call.Call.StaticCallee(); callee != nil && callee.Name() == name && len(call.Call.Args) == 2 {
					f(call)
				}
			}
		}
	}
}

// unwrap drops the conversion to probe's any parameters.
func unwrap(v ssa.Value) ssa.Value {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		return mi.X
	}
	return v
}

func TestSame(t *testing.T) {
	fixtures.Run(t, probe, "./refs/...")
}

// originsProbe reports, at each call of objects(a, b), whether
// refs.Origins proves a and b distinct objects.
var originsProbe = &analysis.Analyzer{
	Name:     "originsprobe",
	Doc:      "report what refs.Origins says of objects' two arguments",
	Requires: []*analysis.Analyzer{refs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		prog := pass.ResultOf[refs.Analyzer].(*refs.Info).SSA()
		callsOf(prog, "objects", func(call *ssa.Call) {
			a, okA := prog.Origins(unwrap(call.Call.Args[0]))
			b, okB := prog.Origins(unwrap(call.Call.Args[1]))
			switch {
			case !okA || !okB:
				pass.Reportf(call.Pos(), "not known")
			case refs.Overlap(a, b):
				pass.Reportf(call.Pos(), "may be one")
			default:
				pass.Reportf(call.Pos(), "distinct")
			}
		})
		return nil, nil
	},
}

func TestOrigins(t *testing.T) {
	fixtures.Run(t, originsProbe, "./origins")
}
