package wgmisuse

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

type plainKey struct {
	fn    *ssa.Function
	class string
}

// A repeated Done: a callback the package registers (stores into a field
// or package variable) and then calls, through that location, from
// inside a loop, calls Done on every call, while the group's Adds run
// once. The second call makes the counter negative: a panic.
type ticks struct {
	c     *checker
	flows *chanflow.Result
	prog  *refs.Program
	// cycles memoizes the blocks of each function that are in a cycle.
	cycles map[*ssa.Function]map[*ssa.BasicBlock]bool
	// plain memoizes plainBody.
	plain map[plainKey]bool
	// stores lists the package's stores by the class of their address.
	stores map[string][]*ssa.Store
	// counts lists the package's Add calls.
	counts []ssa.CallInstruction
	// dones maps a function to the Done calls on every path of its body.
	dones    map[*ssa.Function][]ssa.CallInstruction
	reported map[ssa.CallInstruction]bool
}

func (c *checker) checkRepeatedDone() {
	t := &ticks{
		c:        c,
		flows:    c.pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		cycles:   make(map[*ssa.Function]map[*ssa.BasicBlock]bool),
		plain:    make(map[plainKey]bool),
		stores:   make(map[string][]*ssa.Store),
		dones:    make(map[*ssa.Function][]ssa.CallInstruction),
		reported: make(map[ssa.CallInstruction]bool),
	}
	t.prog = t.flows.Program()
	var calls []ssa.CallInstruction
	for _, fn := range t.prog.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Store:
					if r := t.prog.Of(x.Addr); r.Class != "" {
						t.stores[r.Class] = append(t.stores[r.Class], x)
					}
				case ssa.CallInstruction:
					if _, isGo := x.(*ssa.Go); isGo {
						continue
					}
					switch t.kindOf(x.Common()) {
					case add:
						t.counts = append(t.counts, x)
					case done:
						if mustRun(b) {
							t.dones[fn] = append(t.dones[fn], x)
						}
					}
					calls = append(calls, x)
				}
			}
		}
	}
	if len(t.dones) == 0 || len(t.counts) == 0 {
		return
	}
	for _, call := range calls {
		t.checkLoopCall(call)
	}
}

// kindOf classifies a call of a WaitGroup method by the model.
func (t *ticks) kindOf(common *ssa.CallCommon) kind {
	callee := common.StaticCallee()
	if callee == nil {
		return 255
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Signature().Recv() == nil {
		return 255
	}
	e, ok := t.c.m.Lookup(obj)
	switch {
	case !ok:
	case e.Is(model.Counts):
		return add
	case e.Is(model.Wakes):
		return done
	}
	return 255
}

// checkLoopCall judges a call in a loop of a function value or interface
// method loaded from a field or package variable.
func (t *ticks) checkLoopCall(call ssa.CallInstruction) {
	common := call.Common()
	if c, ok := call.(*ssa.Call); ok && c.Referrers() != nil && len(*c.Referrers()) > 0 {
		return // a result the loop may test (stop after the first)
	}
	class := t.prog.Of(common.Value).Class
	if class == "" || strings.Contains(class, "[]") {
		return // a list of callbacks is called once per element
	}
	fn := call.Parent()
	cyc := t.cycle(fn, call.Block())
	if cyc == nil || t.guardedLoop(cyc, class) {
		return
	}
	targets := t.flows.CallTargets(call)
	for _, st := range t.stores[class] {
		f, adapter := t.registered(st.Val, common)
		if f == nil {
			continue
		}
		// The function the loop calls runs f: f itself, or an adapter
		// (a method of a func type) that calls its receiver.
		first := f
		if adapter != nil {
			first = adapter
		}
		if !contains(targets, first) || !t.plainBody(first, class) {
			continue
		}
		if adapter != nil && (!callsReceiver(adapter) || !t.plainBody(f, class)) {
			continue
		}
		for _, d := range t.dones[f] {
			t.judge(d, call, cyc, st)
		}
	}
}

// registered returns the function a stored value runs when the loop's
// call is made through it: a closure or function (a func field), a value
// of a type whose method the loop invokes, or a function converted to a
// func type whose method the loop invokes (then also that method, the
// adapter).
func (t *ticks) registered(v ssa.Value, common *ssa.CallCommon) (f, adapter *ssa.Function) {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		}
		break
	}
	if !common.IsInvoke() {
		return funcValue(v), nil
	}
	ms := t.prog.Pkg.Prog.MethodSets.MethodSet(v.Type())
	sel := ms.Lookup(common.Method.Pkg(), common.Method.Name())
	if sel == nil {
		return nil, nil
	}
	m := t.prog.Pkg.Prog.MethodValue(sel)
	if m == nil || m.Pkg != t.prog.Pkg {
		return nil, nil
	}
	if ct, ok := v.(*ssa.ChangeType); ok {
		if _, fnType := v.Type().Underlying().(*types.Signature); fnType {
			return funcValue(ct.X), m
		}
	}
	return m, nil
}

func funcValue(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.MakeClosure:
		f, _ := x.Fn.(*ssa.Function)
		return f
	case *ssa.Function:
		return x
	}
	return nil
}

func contains(fns []*ssa.Function, f *ssa.Function) bool {
	for _, g := range fns {
		if g == f {
			return true
		}
	}
	return false
}

// callsReceiver reports whether a method of a func type calls its
// receiver on every path.
func callsReceiver(m *ssa.Function) bool {
	if len(m.Params) == 0 {
		return false
	}
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && c.Common().Value == m.Params[0] && mustRun(b) {
				return true
			}
		}
	}
	return false
}

// plainBody reports whether a callback can do nothing that stops it
// from being called again: it unregisters nothing (no store into the
// location the loop loads it from, class), sets no flag (no store of a
// bool outside its own variables), deletes nothing from a map, closes no
// channel, calls no method of another package the model does not know
// as a lock or group operation (a Ticker's Stop, a context's cancel),
// and the package functions it calls or makes closures of do none of
// that either. Calls of functions of other packages that are not
// methods (log.Printf) and of func values the package does not resolve
// are taken to be plain.
func (t *ticks) plainBody(fn *ssa.Function, class string) bool {
	k := plainKey{fn, class}
	if v, ok := t.plain[k]; ok {
		return v
	}
	t.plain[k] = true // a cycle: the other functions decide
	v := true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !v {
				break
			}
			switch x := instr.(type) {
			case *ssa.Store:
				r := t.prog.Of(x.Addr)
				if r.Class == class {
					v = false
				} else if basic, ok := x.Val.Type().Underlying().(*types.Basic); ok && basic.Kind() == types.Bool {
					if a, local := r.Root.(*ssa.Alloc); !local || a.Parent() != fn || a.Heap {
						v = false
					}
				}
			case *ssa.MakeClosure:
				if f, ok := x.Fn.(*ssa.Function); ok && !t.plainBody(f, class) {
					v = false
				}
			case ssa.CallInstruction:
				common := x.Common()
				if bi, ok := common.Value.(*ssa.Builtin); ok {
					if bi.Name() == "close" || bi.Name() == "delete" {
						v = false
					}
					continue
				}
				if len(fn.Params) > 0 && common.Value == fn.Params[0] && !common.IsInvoke() {
					continue // an adapter calling its receiver: judged on its own
				}
				if fns := t.flows.CallTargets(x); len(fns) > 0 {
					for _, f := range fns {
						if !t.plainBody(f, class) {
							v = false
						}
					}
					continue
				}
				callee := common.StaticCallee()
				if common.IsInvoke() || callee == nil {
					continue // a func value or interface of unknown targets
				}
				if callee.Pkg == t.prog.Pkg || callee.Signature.Recv() == nil {
					continue
				}
				obj, _ := callee.Object().(*types.Func)
				if obj == nil {
					v = false
					continue
				}
				e, ok := t.c.m.Lookup(obj)
				if !ok || !(e.Is(model.Locks) || e.Is(model.Unlocks) || e.Is(model.Wakes) || e.Is(model.Signals)) {
					v = false
				}
			}
		}
	}
	t.plain[k] = v
	return v
}

// guardedLoop reports whether the loop may stop calling: it stores a
// bool into memory not local to it (a flag checked and set), or stores
// into the location the callback is loaded from (unregisters it).
func (t *ticks) guardedLoop(cyc map[*ssa.BasicBlock]bool, class string) bool {
	for b := range cyc {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			r := t.prog.Of(st.Addr)
			if r.Class == class {
				return true
			}
			if basic, ok := st.Val.Type().Underlying().(*types.Basic); ok && basic.Kind() == types.Bool {
				if a, local := r.Root.(*ssa.Alloc); !local || a.Parent() != b.Parent() || a.Heap {
					return true
				}
			}
		}
	}
	return false
}

// judge reports d when every Add of its group is a constant 1 outside
// any loop, in the function that registers the callback (reg): the
// group counts one call per registration. An Add elsewhere (a Submit
// that counts each event the loop hands on) may count every call.
func (t *ticks) judge(d, loopCall ssa.CallInstruction, cyc map[*ssa.BasicBlock]bool, reg *ssa.Store) {
	if t.reported[d] {
		return
	}
	g := t.prog.Of(d.Common().Args[0])
	if g.Class == "" && g.Root == nil {
		return
	}
	var first ssa.CallInstruction
	for _, a := range t.counts {
		r := t.prog.Of(a.Common().Args[0])
		if !refs.Same(g, r) && (g.Class == "" || g.Class != r.Class) {
			continue
		}
		if len(a.Common().Args) != 2 {
			return
		}
		k, ok := a.Common().Args[1].(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
			return
		}
		if n, exact := constant.Int64Val(k.Value); !exact || n != 1 {
			return
		}
		if cyc[a.Block()] || t.cycle(a.Parent(), a.Block()) != nil {
			return // counted per iteration
		}
		if a.Parent() != reg.Parent() {
			return
		}
		if first == nil || a.Pos() < first.Pos() {
			first = a
		}
	}
	if first == nil {
		return
	}
	t.reported[d] = true
	name := t.c.groupName(d.Pos())
	t.c.pass.Reportf(d.Pos(),
		"%s.Done runs each time the loop at %s calls it, but its %s.Add(1) at %s counts once: the second call makes the counter negative (a panic); guard the Done with a sync.Once, or Add in the loop",
		name, t.c.pos(loopCall.Pos()), name, t.c.pos(first.Pos()))
}

// mustRun reports whether every path from its function's entry that
// returns goes through b (paths that panic do not count).
func mustRun(b *ssa.BasicBlock) bool {
	every, _ := blocks.OnEveryReturn(b)
	return len(b.Parent().Blocks) > 0 && every
}

// cycle returns the blocks of the loop around b: those b reaches that
// reach b. Nil when b is in no cycle.
func (t *ticks) cycle(fn *ssa.Function, b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	in, ok := t.cycles[fn]
	if !ok {
		in = inCycles(fn)
		t.cycles[fn] = in
	}
	if !in[b] {
		return nil
	}
	return blocks.Loop(b)
}

// inCycles returns the blocks of fn that are in some cycle (Tarjan's
// strongly connected components, linear in the graph).
func inCycles(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	out := make(map[*ssa.BasicBlock]bool)
	index := make(map[*ssa.BasicBlock]int)
	low := make(map[*ssa.BasicBlock]int)
	on := make(map[*ssa.BasicBlock]bool)
	var stack []*ssa.BasicBlock
	n := 0
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		index[b], low[b] = n, n
		n++
		stack = append(stack, b)
		on[b] = true
		for _, s := range b.Succs {
			if _, ok := index[s]; !ok {
				visit(s)
				low[b] = min(low[b], low[s])
			} else if on[s] {
				low[b] = min(low[b], index[s])
			}
		}
		if low[b] == index[b] {
			var comp []*ssa.BasicBlock
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[x] = false
				comp = append(comp, x)
				if x == b {
					break
				}
			}
			if len(comp) > 1 {
				for _, x := range comp {
					out[x] = true
				}
			} else {
				for _, s := range b.Succs {
					if s == b {
						out[b] = true
					}
				}
			}
		}
	}
	for _, b := range fn.Blocks {
		if _, ok := index[b]; !ok {
			visit(b)
		}
	}
	return out
}

// groupName names the group of the Done call at pos as the source does.
func (c *checker) groupName(pos token.Pos) string {
	for _, ops := range c.ops {
		for _, o := range ops {
			if o.kind == done && o.call.Lparen == pos {
				return o.name
			}
		}
	}
	return "the group"
}
