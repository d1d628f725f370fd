// Package access lists, on the package's SSA form, the loads and stores
// a function makes to memory another goroutine may reach: fields,
// package variables, captured variables, and the elements of maps,
// slices and arrays; with the sync/atomic operations on them. Checks
// about data shared between goroutines (unsafeshare) ask it; which
// location an access touches is passes/refs' Ref, so "the same field"
// is one answer for every check.
//
// What is listed, per function (its literals are functions of their
// own):
//
//   - a load (*p) or store of an address reached through a field
//     (FieldAddr), a package variable (Global), an element (IndexAddr),
//     or a variable captured by a closure (a FreeVar, or the enclosing
//     function's Alloc that a closure captures);
//   - a map lookup (read), a map update, delete or clear (write), and a
//     range over a map (read);
//   - a call of a sync/atomic function on an address (Atomic).
//
// Locals that no closure captures are not listed: only their own
// goroutine sees them. Nor is the store of a return of a named result
// as itself (return x, nil, x named): the compiler emits none.
package access

import (
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

var Analyzer = &analysis.Analyzer{
	Name:       "access",
	Doc:        "loads and stores of shared memory (fields, globals, captured variables, elements) on the package's SSA form",
	Run:        run,
	Requires:   []*analysis.Analyzer{refs.Analyzer, model.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Access is one load or store.
type Access struct {
	Instr ssa.Instruction
	Fn    *ssa.Function
	// Addr is the address loaded or stored, or the map.
	Addr ssa.Value
	Ref  refs.Ref
	// Chain lists the classes of the fields the address is reached
	// through, outermost first ("(p.Cache).stats", "(p.Stats).Hits"):
	// a load of a whole struct reads every field below it.
	Chain []string
	Write bool
	// Atomic: a sync/atomic function's access.
	Atomic bool
	// Index is the index of an element access (IndexAddr, or the key of
	// a map access), or nil.
	Index ssa.Value
	// Map: the access is to an element of a map.
	Map bool
	// Inner names the type not safe for concurrent use (bytes.Buffer,
	// *rand.Rand, ...) whose inner state a method call or a call it is
	// passed to reads or writes; Addr is the value's address or the
	// value.
	Inner string
	Pos   token.Pos
}

// Result is the pass's result.
type Result struct {
	prog func() *refs.Program
	m    *model.Model
	mu   sync.Mutex
	of   map[*ssa.Function][]*Access
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.ResultOf[refs.Analyzer].(*refs.Info)
	return &Result{
		prog: info.SSA,
		m:    pass.ResultOf[model.Analyzer].(*model.Model),
		of:   make(map[*ssa.Function][]*Access),
	}, nil
}

// Of returns fn's accesses in instruction order (computed once).
func (r *Result) Of(fn *ssa.Function) []*Access {
	r.mu.Lock()
	defer r.mu.Unlock()
	if out, ok := r.of[fn]; ok {
		return out
	}
	c := &collector{prog: r.prog(), m: r.m, fn: fn}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c.instr(instr)
		}
	}
	r.of[fn] = c.out
	return c.out
}

type collector struct {
	prog *refs.Program
	m    *model.Model
	fn   *ssa.Function
	out  []*Access
}

func (c *collector) add(instr ssa.Instruction, addr ssa.Value, write bool, pos token.Pos) *Access {
	if !pos.IsValid() {
		pos = instr.Pos()
	}
	if !pos.IsValid() {
		if v, ok := addr.(ssa.Instruction); ok {
			pos = v.Pos()
		}
	}
	a := &Access{Instr: instr, Fn: c.fn, Addr: addr, Ref: c.prog.Of(addr), Chain: chain(c.prog, addr), Write: write, Pos: pos}
	if ia, ok := addr.(*ssa.IndexAddr); ok {
		a.Index = ia.Index
	}
	c.out = append(c.out, a)
	return a
}

func (c *collector) instr(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Store:
		if ld, ok := in.Val.(*ssa.UnOp); ok && ld.Op == token.MUL && ld.X == in.Addr {
			return // x = x (a return to a named result that holds it)
		}
		if Shared(in.Addr) {
			c.add(in, in.Addr, true, in.Pos())
		}
	case *ssa.UnOp:
		if in.Op == token.MUL && Shared(in.X) {
			c.add(in, in.X, false, in.Pos())
		}
	case *ssa.Lookup:
		if isMap(in.X.Type()) {
			a := c.add(in, in.X, false, in.Pos())
			a.Map, a.Index = true, in.Index
		}
	case *ssa.MapUpdate:
		a := c.add(in, in.Map, true, in.Pos())
		a.Map, a.Index = true, in.Key
	case *ssa.Range:
		if isMap(in.X.Type()) {
			a := c.add(in, in.X, false, in.Pos())
			a.Map = true
		}
	case ssa.CallInstruction:
		c.call(in)
	}
}

func (c *collector) call(in ssa.CallInstruction) {
	common := in.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "delete", "clear":
			if len(common.Args) > 0 && isMap(common.Args[0].Type()) {
				a := c.add(in, common.Args[0], true, in.Pos())
				a.Map = true
			}
		case "len":
			// len reads the map's count, which its writes change.
			if len(common.Args) > 0 && isMap(common.Args[0].Type()) {
				a := c.add(in, common.Args[0], false, in.Pos())
				a.Map = true
			}
		}
		return
	}
	c.inner(in, common)
	callee := common.StaticCallee()
	if callee == nil || len(common.Args) == 0 {
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return
	}
	if e, ok := c.m.Lookup(obj); ok && e.Is(model.Atomic) {
		a := c.add(in, common.Args[0], !model.IsAtomicLoad(obj), in.Pos())
		a.Atomic = true
	}
}

// inner records the uses of values not safe for concurrent use: the
// receiver of their methods (a write unless the model says the method
// only reads), and their addresses passed to any function (a write).
func (c *collector) inner(in ssa.CallInstruction, common *ssa.CallCommon) {
	args := common.Args
	var method string
	if common.IsInvoke() {
		method = common.Method.Name()
		args = append([]ssa.Value{common.Value}, args...)
	} else if callee := common.StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
		method = callee.Name()
	} else {
		method = ""
	}
	for i, a := range args {
		if mi, ok := a.(*ssa.MakeInterface); ok {
			a = mi.X // passed as an io.Writer
		}
		nc, ok := c.m.NotConcurrent(a.Type())
		if !ok || nc.Name == "a map" {
			continue
		}
		isRecv := i == 0 && method != ""
		if _, isPtr := a.Type().Underlying().(*types.Pointer); !isPtr && !isRecv {
			continue // a copy
		}
		write := !isRecv || !nc.IsReadOnly(method)
		acc := c.add(in, a, write, in.Pos())
		acc.Inner = nc.Name
	}
}

// Shared reports whether an address may be reached by another
// goroutine: a field, a global, an element, a captured variable.
func Shared(addr ssa.Value) bool {
	switch a := addr.(type) {
	case *ssa.FieldAddr, *ssa.Global, *ssa.IndexAddr, *ssa.FreeVar:
		return true
	case *ssa.Alloc:
		return a.Heap && captured(a)
	}
	return false
}

// captured reports whether a closure captures the variable a.
func captured(a *ssa.Alloc) bool {
	for _, r := range *a.Referrers() {
		if _, ok := r.(*ssa.MakeClosure); ok {
			return true
		}
	}
	return false
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// chain returns the classes of the fields an address is reached through,
// outermost first.
func chain(prog *refs.Program, v ssa.Value) []string {
	var out []string
walk:
	for i := 0; i < 8 && v != nil; i++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			if r := prog.Of(x); r.Class != "" {
				out = append([]string{r.Class}, out...)
			}
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		}
		break walk
	}
	return out
}
