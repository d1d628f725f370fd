package chanflow

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// goroutines finds the starts, the package's call edges, and which
// starts run each function.
func (b *builder) goroutines() {
	for _, fn := range b.prog.Funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if s := b.start(fn, c); s != nil {
					b.f.starts = append(b.f.starts, s)
				}
				if _, isGo := c.(*ssa.Go); isGo {
					continue // the target runs on the new goroutine
				}
				callees := b.calleesOf(c.Common())
				targets := callees
				if some := b.someTargets(c.Common()); len(some) > 0 {
					targets = append(slices.Clone(callees), some...)
				}
				if len(targets) > 0 {
					b.f.targets[c] = b.unwrapAll(targets)
				}
				for _, callee := range callees {
					if !slices.Contains(b.f.callees[fn], callee) {
						b.f.callees[fn] = append(b.f.callees[fn], callee)
					}
				}
			}
		}
	}
	slices.SortStableFunc(b.f.starts, func(x, y *Start) int { return int(x.Pos - y.Pos) })
	for _, s := range b.f.starts {
		seen := map[*ssa.Function]bool{}
		var visit func(fn *ssa.Function)
		visit = func(fn *ssa.Function) {
			if seen[fn] {
				return
			}
			seen[fn] = true
			b.f.runBy[fn] = append(b.f.runBy[fn], s)
			for _, c := range b.f.callees[fn] {
				visit(c)
			}
			// A function literal defined in fn and called there runs on
			// the same goroutine; one that is only started does not.
		}
		for _, t := range s.Targets {
			visit(t)
		}
	}
}

// start returns the start c makes, or nil.
func (b *builder) start(fn *ssa.Function, c ssa.CallInstruction) *Start {
	common := c.Common()
	if g, ok := c.(*ssa.Go); ok {
		s := &Start{Instr: g, In: fn, Kind: model.Goroutine, Pos: g.Pos()}
		if common.IsInvoke() {
			s.Targets = b.implementations(common)
		} else if t := b.target(common.Value); t != nil {
			s.Targets = []*ssa.Function{t}
		}
		return s
	}
	if common.IsInvoke() {
		return nil
	}
	e, body := b.bodyArg(common, model.Spawns)
	if body == nil {
		return nil
	}
	s := &Start{Instr: c, In: fn, Kind: e.Spawn, Pos: c.Pos()}
	if t := b.target(body); t != nil {
		s.Targets = []*ssa.Function{t}
	}
	return s
}

// bodyArg returns, for a static call of a model function with effect
// (Spawns, Runs), its entry and the function argument it runs.
func (b *builder) bodyArg(common *ssa.CallCommon, effect model.Effect) (model.Entry, ssa.Value) {
	callee := common.StaticCallee()
	if callee == nil {
		return model.Entry{}, nil
	}
	obj, _ := callee.Object().(*types.Func)
	if callee.Origin() != nil {
		obj, _ = callee.Origin().Object().(*types.Func)
	}
	e, ok := b.m.Lookup(obj)
	if !ok || !e.Is(effect) || e.Body < 0 {
		return model.Entry{}, nil
	}
	args := common.Args
	if sig := callee.Signature; sig.Recv() != nil {
		args = args[1:]
	}
	if e.Body >= len(args) {
		return model.Entry{}, nil
	}
	return e, args[e.Body]
}

// target resolves a function value to the package function it runs; a
// parameter resolves when every call of its function passes the same one.
func (b *builder) target(v ssa.Value) *ssa.Function {
	if fn := funcOf(v); fn != nil {
		if fn.Pkg != b.prog.Pkg || fn.Blocks == nil {
			if fn.Synthetic != "" && len(fn.Blocks) > 0 {
				// A bound method or wrapper: the method it calls.
				return wrapped(fn, b.prog.Pkg)
			}
			return nil
		}
		if fn.Synthetic != "" {
			return wrapped(fn, b.prog.Pkg)
		}
		return fn
	}
	if p, ok := v.(*ssa.Parameter); ok {
		return b.paramTarget(p)
	}
	if r := b.prog.Of(v); r.Class != "" {
		if fns := b.funcFields[r.Class]; len(fns) == 1 {
			return fns[0]
		}
	}
	return nil
}

// wrapped returns the package method a synthetic wrapper (a bound method
// value, a pointer wrapper) calls.
// Wrapped returns the method of pkg a synthetic wrapper (a bound method
// x.m taken as a value, or an interface method wrapper) calls, or nil.
func Wrapped(fn *ssa.Function, pkg *ssa.Package) *ssa.Function { return wrapped(fn, pkg) }

func wrapped(fn *ssa.Function, pkg *ssa.Package) *ssa.Function {
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if callee := c.Common().StaticCallee(); callee != nil && callee.Pkg == pkg && callee.Blocks != nil {
					return callee
				}
			}
		}
	}
	return nil
}

func (b *builder) paramTarget(p *ssa.Parameter) *ssa.Function {
	fn := p.Parent()
	idx := slices.Index(fn.Params, p)
	if idx < 0 || b.callableOutside(fn) {
		return nil
	}
	var out *ssa.Function
	u := b.uses[fn]
	if u == nil {
		return nil
	}
	for _, c := range u.calls {
		args := c.Common().Args
		if idx >= len(args) {
			return nil
		}
		t := funcOf(args[idx])
		if t == nil || (out != nil && t != out) {
			return nil
		}
		out = t
	}
	return out
}

// calleesOf returns the package functions a call may run on the calling
// goroutine.
func (b *builder) calleesOf(common *ssa.CallCommon) []*ssa.Function {
	if common.IsInvoke() {
		return b.implementations(common)
	}
	if fn := Origin(common.StaticCallee()); fn != nil {
		if fn.Pkg == b.prog.Pkg && fn.Blocks != nil {
			if fn.Synthetic != "" {
				if w := wrapped(fn, b.prog.Pkg); w != nil {
					return []*ssa.Function{w}
				}
				return nil
			}
			return []*ssa.Function{fn}
		}
		if w := wrapped(fn, b.prog.Pkg); w != nil && fn.Synthetic != "" {
			return []*ssa.Function{w}
		}
		// A call that runs its argument before it returns
		// (sync.Once.Do) calls it.
		if _, body := b.bodyArg(common, model.Runs); body != nil {
			if t := b.target(body); t != nil {
				return []*ssa.Function{t}
			}
		}
		return nil
	}
	if p, ok := common.Value.(*ssa.Parameter); ok {
		if t := b.paramTarget(p); t != nil {
			return []*ssa.Function{t}
		}
		return b.namedFuncs(common.Value.Type())
	}
	if ts := b.heldParamTargets(common.Value); len(ts) > 0 {
		return ts
	}
	if ts := b.listedFuncs(common.Value); len(ts) > 0 {
		return ts
	}
	if r := b.prog.Of(common.Value); r.Class != "" {
		return b.funcFields[r.Class]
	}
	return nil
}

// listedFuncs resolves a function taken from a slice or array literal of
// functions the function ranges over (for _, load := range
// []func(context.Context) error{v.loadNodes, v.loadZones} { ... load(ctx)
// ... }), also captured by a literal that calls it: any element, when
// the literal's elements are stored once each and nothing else writes
// them.
func (b *builder) listedFuncs(v ssa.Value) []*ssa.Function {
	for range 4 {
		switch x := v.(type) {
		case *ssa.FreeVar:
			v = b.prog.Binding(x)
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			switch addr := x.X.(type) {
			case *ssa.IndexAddr:
				return b.literalElems(addr.X)
			case *ssa.Alloc, *ssa.FreeVar:
				// A variable of its own per iteration, assigned once.
				a := addr
				if fv, ok := addr.(*ssa.FreeVar); ok {
					a = b.prog.Binding(fv)
				}
				alloc, ok := a.(*ssa.Alloc)
				if !ok {
					return nil
				}
				if v = refs.OnlyStore(alloc); v == nil {
					return nil
				}
				continue
			}
		}
		return nil
	}
	return nil
}

// literalElems returns the functions stored in the elements of the
// array a slice literal makes, when those stores are all its uses but
// the slice itself.
func (b *builder) literalElems(v ssa.Value) []*ssa.Function {
	if sl, ok := v.(*ssa.Slice); ok {
		v = sl.X
	}
	arr, ok := v.(*ssa.Alloc)
	if !ok || arr.Referrers() == nil {
		return nil
	}
	var out []*ssa.Function
	for _, ref := range *arr.Referrers() {
		switch r := ref.(type) {
		case *ssa.Slice:
		case *ssa.IndexAddr:
			if r.Referrers() == nil {
				return nil
			}
			for _, u := range *r.Referrers() {
				st, ok := u.(*ssa.Store)
				if !ok || st.Addr != r {
					if _, load := u.(*ssa.UnOp); load {
						continue
					}
					return nil
				}
				t := b.target(st.Val)
				if t == nil {
					return nil
				}
				out = append(out, t)
			}
		default:
			return nil
		}
	}
	return out
}

// someTargets returns, for a call of a func-valued field, the functions
// the package registers there through a method other packages may call
// (someFields): known targets, not all of them.
func (b *builder) someTargets(common *ssa.CallCommon) []*ssa.Function {
	if len(b.someFields) == 0 || common.IsInvoke() || common.StaticCallee() != nil {
		return nil
	}
	if r := b.prog.Of(common.Value); r.Class != "" {
		return b.someFields[r.Class]
	}
	return nil
}

// implementations returns the package's methods an interface call may
// run: those named like its method whose receiver type implements the
// interface of the called value. That interface, not the one declaring
// the method: a hash.Hash's Write is io.Writer's method, and every
// writer of the package implements io.Writer, few hash.Hash.
func (b *builder) implementations(common *ssa.CallCommon) []*ssa.Function {
	iface, ok := common.Value.Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	k := implKey{iface, common.Method.Name()}
	if out, ok := b.impls[k]; ok {
		return out
	}
	out := b.implementations1(iface, common.Method)
	if b.impls == nil {
		b.impls = make(map[implKey][]*ssa.Function)
	}
	b.impls[k] = out
	return out
}

// An implKey is an interface and one of its methods' names.
type implKey struct {
	iface *types.Interface
	name  string
}

func (b *builder) implementations1(iface *types.Interface, m *types.Func) []*ssa.Function {
	var out []*ssa.Function
	for _, mem := range b.prog.Pkg.Members {
		tn, ok := mem.(*ssa.Type)
		if !ok {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			if types.IsInterface(t) || !types.Implements(t, iface) {
				continue
			}
			sel := b.prog.Pkg.Prog.MethodSets.MethodSet(t).Lookup(m.Pkg(), m.Name())
			if sel == nil {
				continue
			}
			if fn := b.prog.Pkg.Prog.MethodValue(sel); fn != nil && fn.Pkg == b.prog.Pkg && fn.Blocks != nil {
				if !slices.Contains(out, fn) {
					out = append(out, fn)
				}
			}
			break
		}
	}
	return out
}
