// Package refs answers, once for every check, "is this the same lock,
// channel, field or variable?", on the package's SSA form
// (golang.org/x/tools/go/ssa).
//
// # What it answers
//
// Of maps an SSA value (the operand of a Lock call, a channel, the
// address of a field or variable) to a Ref: the root it is reached from
// and the field path from that root, and its Class. Two Refs are
//
//   - the same location (Same, a must-alias) when they have the same root
//     value and the same field path with no element step in it: s.mu and
//     s.mu, &s.mu held in a local and s.mu, a captured variable and the
//     variable it captures;
//   - possibly the same (SameClass) when they have the same class: the
//     field's declaring type and name ("(example.com/p.T).mu"), or the
//     package variable ("example.com/p.mu"). This is the answer across
//     functions and goroutines, where the roots are different values.
//
// Values are followed through what does not change identity: pointer
// conversions and interface wrapping, loads of a local variable that is
// stored once, phis whose inputs agree, and a closure's free variables
// (to the enclosing function's binding). A phi whose inputs differ
// (n = n.next in a loop) has no root but keeps its class. Translate maps
// a callee's Ref rooted at a parameter onto the caller's argument at a
// call or go statement.
//
// # The SSA form
//
// The package's SSA is built on first use (SSA), so a package where no
// check asks costs nothing: the checks ask only after their cheap
// syntactic gates. It is built as go/analysis/passes/buildssa builds it
// (one Program per package, imports created from types without bodies),
// with the model's never-returning calls (os.Exit, log.Fatal, t.Fatal,
// runtime.Goexit) ending their blocks. The builder runs without debug
// information, so syntax maps to SSA by position (CallAt, InstrsAt).
package refs

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
)

var Analyzer = &analysis.Analyzer{
	Name:       "refs",
	Doc:        "identity of locks, channels, fields and variables on the package's SSA form",
	Run:        run,
	Requires:   []*analysis.Analyzer{model.Analyzer},
	ResultType: reflect.TypeFor[*Info](),
}

// Info is the pass's result.
type Info struct {
	pass  *analysis.Pass
	m     *model.Model
	build func() *Program
}

// Program is the package's SSA form and its indexes.
type Program struct {
	Pkg *ssa.Package
	// Funcs lists every function of the package with a body, declared
	// functions and methods each followed by its literals, in source
	// order (as buildssa's SrcFuncs).
	Funcs []*ssa.Function
	byPos map[token.Pos][]ssa.Instruction
	bySyn map[ast.Node]*ssa.Function
	// closures maps a function literal to the MakeClosure that creates
	// it (none when it captures nothing).
	closures map[*ssa.Function]*ssa.MakeClosure

	mu    sync.Mutex
	cache map[ssa.Value]Ref

	consts func() map[*ssa.Global]ssa.Value // ConstValue's index, built once
	stores func() map[string][]*ssa.Store   // FieldStores's index, built once
}

func run(pass *analysis.Pass) (any, error) {
	info := &Info{pass: pass, m: pass.ResultOf[model.Analyzer].(*model.Model)}
	info.build = sync.OnceValue(info.buildSSA)
	return info, nil
}

// SSA returns the package's SSA form, building it on first use.
func (info *Info) SSA() *Program { return info.build() }

func (info *Info) buildSSA() *Program {
	pass := info.pass
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	prog.SetNoReturn(func(fn *types.Func) bool {
		e, ok := info.m.Lookup(fn)
		return ok && e.Is(model.Exits)
	})
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	p := &Program{
		Pkg:      pkg,
		byPos:    make(map[token.Pos][]ssa.Instruction),
		bySyn:    make(map[ast.Node]*ssa.Function),
		closures: make(map[*ssa.Function]*ssa.MakeClosure),
		cache:    make(map[ssa.Value]Ref),
	}
	p.consts = sync.OnceValue(p.constGlobals)
	p.stores = sync.OnceValue(p.fieldStores)
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		p.Funcs = append(p.Funcs, fn)
		if syn := fn.Syntax(); syn != nil {
			p.bySyn[syn] = fn
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if pos := instr.Pos(); pos.IsValid() {
					p.byPos[pos] = append(p.byPos[pos], instr)
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if f, ok := mc.Fn.(*ssa.Function); ok {
						p.closures[f] = mc
					}
				}
			}
		}
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil && fn.Blocks != nil {
				add(fn)
			}
		}
	}
	// Package-level variable initialisers live in init.
	if init := pkg.Func("init"); init != nil && init.Blocks != nil {
		add(init)
	}
	return p
}

// ConstValue returns the value of v when it is a constant, or a load of
// an unexported package variable of the package that is assigned one
// constant and never assigned again ("var queueSize = 1000000"): nothing
// outside the package can change it, and nothing inside does.
func (p *Program) ConstValue(v ssa.Value) (*ssa.Const, bool) {
	if k, ok := v.(*ssa.Const); ok {
		return k, true
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, false
	}
	g, ok := load.X.(*ssa.Global)
	if !ok || g.Pkg != p.Pkg || g.Object() == nil || g.Object().Exported() {
		return nil, false
	}
	k, ok := p.consts()[g].(*ssa.Const)
	return k, ok
}

// constGlobals maps each package variable stored to exactly once, with
// a constant, to that constant, and those stored otherwise to nil.
// FieldStores returns the package's stores to a struct field of class
// ("(example.com/p.T).f"), in source order.
func (p *Program) FieldStores(class string) []*ssa.Store { return p.stores()[class] }

func (p *Program) fieldStores() map[string][]*ssa.Store {
	out := make(map[string][]*ssa.Store)
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
						if c := p.Of(fa).Class; c != "" {
							out[c] = append(out[c], st)
						}
					}
				}
			}
		}
	}
	return out
}

func (p *Program) constGlobals() map[*ssa.Global]ssa.Value {
	out := make(map[*ssa.Global]ssa.Value)
	seen := make(map[*ssa.Global]bool)
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var g *ssa.Global
				var val ssa.Value
				switch instr := instr.(type) {
				case *ssa.Store:
					g, _ = instr.Addr.(*ssa.Global)
					val = instr.Val
					if vg, ok := val.(*ssa.Global); ok { // p = &v
						seen[vg], out[vg] = true, nil
					}
				default:
					// An address taken otherwise (&v passed on, a field
					// or element address) may be stored through.
					var ops [8]*ssa.Value
					for _, op := range instr.Operands(ops[:0]) {
						if og, ok := (*op).(*ssa.Global); ok {
							if u, isLoad := instr.(*ssa.UnOp); !isLoad || u.Op != token.MUL {
								seen[og], out[og] = true, nil
							}
						}
					}
					continue
				}
				if g == nil {
					continue
				}
				if _, isConst := val.(*ssa.Const); isConst && !seen[g] {
					out[g] = val
				} else {
					out[g] = nil
				}
				seen[g] = true
			}
		}
	}
	return out
}

// Func returns the SSA function built from a *ast.FuncDecl or
// *ast.FuncLit of the package, or nil.
func (p *Program) Func(syntax ast.Node) *ssa.Function { return p.bySyn[syntax] }

// InstrsAt returns the instructions whose position is pos: a call's
// Lparen, a send's or receive's arrow, a select's, go's or defer's
// keyword (see each instruction's Pos in go/ssa).
func (p *Program) InstrsAt(pos token.Pos) []ssa.Instruction { return p.byPos[pos] }

// SyntaxAt returns the innermost node of type T in fn's syntax that
// encloses pos (the send statement of a send's arrow, the call of a
// call's Lparen), or the zero T: the way back from an instruction to
// the syntax a message or a lock set is keyed by.
func SyntaxAt[T ast.Node](fn *ssa.Function, pos token.Pos) T {
	var zero T
	syn := fn.Syntax()
	if syn == nil || !pos.IsValid() {
		return zero
	}
	var out T
	ast.Inspect(syn, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if t, ok := n.(T); ok {
			out = t // keep going: an inner one wins
		}
		return true
	})
	return out
}

// CallAt returns the call, go or defer instruction whose call's Lparen
// (or, for go and defer, keyword) is at pos, or nil.
func (p *Program) CallAt(pos token.Pos) ssa.CallInstruction {
	for _, instr := range p.byPos[pos] {
		if c, ok := instr.(ssa.CallInstruction); ok {
			return c
		}
	}
	return nil
}

// Closure returns the MakeClosure that creates the function literal fn,
// or nil (fn is not a literal, or captures nothing).
func (p *Program) Closure(fn *ssa.Function) *ssa.MakeClosure { return p.closures[fn] }

// Ref is a reference to a location or a reference value (a lock, a
// channel, a map, a WaitGroup), as Of computes it.
type Ref struct {
	// Root is the value the path starts at: an *ssa.Alloc, *ssa.Global,
	// *ssa.Parameter, *ssa.FreeVar with no known binding, *ssa.MakeChan,
	// a call's result, ...; nil when the value has no single root.
	Root ssa.Value
	// Path is the selections from Root: ".mu", ".inner.mu", ".ch[]"
	// (an element), "" for the root itself.
	Path string
	// Class names the location independently of the root: the type that
	// declares the last field and the field ("(example.com/p.T).mu"), a
	// package variable ("example.com/p.mu"), with "[]" for elements.
	// "" when the value is not reached through a field or a package
	// variable.
	Class string
}

// Known reports whether r has a root.
func (r Ref) Known() bool { return r.Root != nil }

// Same reports whether a and b are certainly the same location: the same
// root and the same path, with no element step (two elements of a slice
// or map may differ).
func Same(a, b Ref) bool {
	return a.Root != nil && a.Root == b.Root && a.Path == b.Path && !strings.Contains(a.Path, "[]")
}

// SameClass reports whether a and b may be the same location: Same, or
// the same class.
func SameClass(a, b Ref) bool {
	return Same(a, b) || (a.Class != "" && a.Class == b.Class)
}

// Of returns the Ref of v.
func (p *Program) Of(v ssa.Value) Ref {
	p.mu.Lock()
	r, ok := p.cache[v]
	p.mu.Unlock()
	if ok {
		return r
	}
	// The walk keeps its own memo, so that a phi cycle is cut the same
	// way whichever value a caller asks first (the checks of a package
	// may ask at the same time).
	r = (&walk{p: p, memo: make(map[ssa.Value]Ref)}).of(v, 0)
	p.mu.Lock()
	p.cache[v] = r
	p.mu.Unlock()
	return r
}

type walk struct {
	p    *Program
	memo map[ssa.Value]Ref
}

const maxDepth = 32

func (w *walk) of(v ssa.Value, depth int) Ref {
	if v == nil || depth > maxDepth {
		return Ref{}
	}
	if r, ok := w.memo[v]; ok {
		return r // computed, or cycle: in progress
	}
	w.memo[v] = cycle
	r := w.of1(v, depth+1)
	w.memo[v] = r
	if depth == 0 && r == cycle {
		r = Ref{}
	}
	return r
}

// cycle is what a value being computed gives when it is met again: a phi
// ignores that edge (a loop that does not change the value).
var cycle = Ref{Path: "(cycle)"}

func (w *walk) of1(v ssa.Value, depth int) Ref {
	p := w
	if x := converted(v); x != nil {
		return p.of(x, depth)
	}
	if c, ok := v.(*ssa.Convert); ok {
		return p.of(c.X, depth)
	}
	switch v := v.(type) {
	case *ssa.Extract:
		// v, ok := m[k]: the element, as m[k].
		if l, ok := v.Tuple.(*ssa.Lookup); ok && v.Index == 0 {
			return elem(p.of(l.X, depth))
		}
		// for _, v := range m: the element, as m[k].
		if n, ok := v.Tuple.(*ssa.Next); ok && v.Index == 2 && !n.IsString {
			if rg, ok := n.Iter.(*ssa.Range); ok {
				return elem(p.of(rg.X, depth))
			}
		}
	case *ssa.FieldAddr:
		return field(p.of(v.X, depth), v.X.Type(), v.Field)
	case *ssa.Field:
		return field(p.of(v.X, depth), v.X.Type(), v.Field)
	case *ssa.IndexAddr:
		return elem(p.of(v.X, depth))
	case *ssa.Index:
		return elem(p.of(v.X, depth))
	case *ssa.Lookup:
		return elem(p.of(v.X, depth))
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return p.load(v, depth)
		}
	case *ssa.Phi:
		return p.phi(v, depth)
	case *ssa.FreeVar:
		if b := p.p.binding(v); b != nil {
			return p.of(b, depth)
		}
	case *ssa.Global:
		return Ref{Root: v, Class: v.Pkg.Pkg.Path() + "." + v.Name()}
	}
	return Ref{Root: v}
}

// converted returns the value v is a conversion of, the same object
// under another type (a named type, an interface, a type assertion
// that panics if it fails, v, ok := x.(T)'s v), or nil.
func converted(v ssa.Value) ssa.Value {
	switch v := v.(type) {
	case *ssa.ChangeType:
		return v.X
	case *ssa.MakeInterface:
		return v.X
	case *ssa.ChangeInterface:
		return v.X
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return v.X
		}
	case *ssa.Extract:
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return ta.X
		}
	}
	return nil
}

// load follows a load of a local variable that holds one value on every
// path (stored once, or only the same value): mu := &s.mu, captured by a
// closure, is s.mu. Any other load names the location it reads: the
// contents of s.ch are known by s.ch.
func (p *walk) load(v *ssa.UnOp, depth int) Ref {
	if a, ok := v.X.(*ssa.Alloc); ok {
		if stored := onlyStore(a); stored != nil {
			return p.of(stored, depth)
		}
	}
	if fv, ok := v.X.(*ssa.FreeVar); ok {
		if a, ok := p.p.binding(fv).(*ssa.Alloc); ok {
			if stored := onlyStore(a); stored != nil {
				return p.of(stored, depth)
			}
		}
	}
	return p.of(v.X, depth)
}

// OnlyStore returns the value stored in a local variable when every
// store to it stores that value and its address is used only to load and
// store (and by closures that do not store to it).
func OnlyStore(a *ssa.Alloc) ssa.Value { return onlyStore(a) }

func onlyStore(a *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != a {
				return nil
			}
			if stored != nil && stored != r.Val {
				return nil
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			// Captured: the closure may store to it too.
			if fn, ok := r.Fn.(*ssa.Function); ok && storesFreeVar(fn, r, a) {
				return nil
			}
		default:
			return nil
		}
	}
	return stored
}

func storesFreeVar(fn *ssa.Function, mc *ssa.MakeClosure, a *ssa.Alloc) bool {
	for i, b := range mc.Bindings {
		if b != a || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *fn.FreeVars[i].Referrers() {
			switch r := ref.(type) {
			case *ssa.Store:
				if r.Addr == fn.FreeVars[i] {
					return true
				}
			case *ssa.UnOp:
			default:
				return true
			}
		}
	}
	return false
}

func (p *walk) phi(v *ssa.Phi, depth int) Ref {
	var out Ref
	first := true
	for _, e := range v.Edges {
		r := p.of(e, depth)
		if r == cycle {
			continue
		}
		if first {
			out, first = r, false
			continue
		}
		if r.Root != out.Root || r.Path != out.Path {
			out.Root, out.Path = nil, ""
		}
		if r.Class != out.Class {
			out.Class = ""
		}
	}
	if first {
		return cycle
	}
	return out
}

// binding returns the value a closure's free variable is bound to in the
// function that makes the closure, or nil.
// Binding returns the value a closure binds to a free variable, or nil.
func (p *Program) Binding(fv *ssa.FreeVar) ssa.Value { return p.binding(fv) }

func (p *Program) binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	mc := p.closures[fn]
	if mc == nil {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f == fv && i < len(mc.Bindings) {
			return mc.Bindings[i]
		}
	}
	return nil
}

func field(base Ref, t types.Type, index int) Ref {
	st, named := structOf(t)
	if st == nil || index >= st.NumFields() {
		return Ref{}
	}
	f := st.Field(index)
	r := Ref{Root: base.Root, Path: base.Path + "." + f.Name()}
	if base.Root == nil {
		r.Path = ""
	}
	if named != nil {
		r.Class = "(" + qualified(named) + ")." + f.Name()
	} else if base.Class != "" {
		r.Class = base.Class + "." + f.Name()
	}
	return r
}

func elem(base Ref) Ref {
	r := Ref{Root: base.Root, Path: base.Path + "[]"}
	if base.Root == nil {
		r.Path = ""
	}
	if base.Class != "" {
		r.Class = base.Class + "[]"
	}
	return r
}

// structOf returns the struct type t is or points to, and its declared
// type when it has one.
func structOf(t types.Type) (*types.Struct, *types.TypeName) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st, model.NamedOf(t)
}

// Owner returns the type part of a field's class, "(p.T)" of "(p.T).f"
// or "(p.T).f[]"; for any other class, the class itself.
func Owner(class string) string {
	if i := strings.Index(class, ")."); strings.HasPrefix(class, "(") && i >= 0 {
		return class[:i+1]
	}
	return class
}

// TypeOwner returns how the classes of tn's fields begin: "(p.T)".
func TypeOwner(tn *types.TypeName) string { return "(" + qualified(tn) + ")" }

func qualified(tn *types.TypeName) string {
	if tn.Pkg() == nil {
		return tn.Name()
	}
	return tn.Pkg().Path() + "." + tn.Name()
}

// Translate maps r, a Ref computed in the function a call runs, onto the
// caller: a root that is one of the callee's parameters becomes the
// matching argument of call (for a method, the receiver is the first). A
// Ref with any other root keeps only its class.
func (p *Program) Translate(r Ref, callee *ssa.Function, call *ssa.CallCommon) Ref {
	param, ok := r.Root.(*ssa.Parameter)
	if !ok || param.Parent() != callee {
		return Ref{Class: r.Class}
	}
	if arg := Arg(callee, call, param); arg != nil {
		base := p.Of(arg)
		if base.Root == nil {
			return Ref{Class: r.Class}
		}
		return Ref{Root: base.Root, Path: base.Path + r.Path, Class: r.Class}
	}
	return Ref{Class: r.Class}
}

// Arg returns the argument that call passes to callee's parameter param
// (for a method, the receiver is the first), or nil.
func Arg(callee *ssa.Function, call *ssa.CallCommon, param *ssa.Parameter) ssa.Value {
	if i := slices.Index(callee.Params, param); i >= 0 {
		return ArgAt(call, i)
	}
	return nil
}

// ArgAt returns the argument that call passes for its callee's i-th
// parameter (for a method, the receiver is the first), or nil.
func ArgAt(call *ssa.CallCommon, i int) ssa.Value {
	recv := ssa.Value(nil)
	if call.IsInvoke() {
		recv = call.Value
	} else if mc, ok := call.Value.(*ssa.MakeClosure); ok && isBound(mc) {
		recv = mc.Bindings[0]
	}
	if recv != nil {
		if i == 0 {
			return recv
		}
		i--
	}
	if i >= 0 && i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

// isBound reports whether mc makes a bound method value (s.run), whose
// one binding is the receiver.
func isBound(mc *ssa.MakeClosure) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	return ok && len(mc.Bindings) == 1 && strings.HasSuffix(fn.Name(), "$bound")
}

// Name returns how messages name r: the root's variable name and the
// path ("s.mu", "pkg.mu"), or the class when the root has no name.
func Name(r Ref) string {
	switch root := r.Root.(type) {
	case *ssa.Parameter:
		return root.Name() + r.Path
	case *ssa.FreeVar:
		return root.Name() + r.Path
	case *ssa.Alloc:
		if root.Comment != "" {
			return root.Comment + r.Path
		}
	case *ssa.Global:
		return root.Pkg.Pkg.Name() + "." + root.Name() + r.Path
	}
	if r.Class != "" {
		return r.Class
	}
	return "?" + r.Path
}

// FieldOf returns the struct field a FieldAddr selects, or nil.
func FieldOf(fa *ssa.FieldAddr) *types.Var {
	t := fa.X.Type().Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if st, ok := t.(*types.Struct); ok && fa.Field < st.NumFields() {
		return st.Field(fa.Field)
	}
	return nil
}
