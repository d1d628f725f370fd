// Package chanflow answers, for every channel of a package, where it is
// used and by whom: every send, receive, range, close and select case on
// it, in which function, and which goroutines or tasks can run that
// function. Checks about a goroutine stuck on a channel, a close while
// others send, or a lock held while waiting for the other side ask it.
//
// # Which channel
//
// A channel is a class of SSA values that may hold the same channel,
// unified along the package's data flow, flow-insensitively: a make, the
// fields and variables it is stored in (a field of a type is one class
// for every value of the type: "(example.com/p.T).ch"), the parameters of
// the package's functions it is passed to (at calls, go statements and
// closures), the results it is returned as, and the elements of the
// slices and maps that hold it. A call of an instance of a generic
// function of the package (recvAll[int], c.get in a method of
// Cache[K, V]) is a call of its origin's body. Identity comes from
// passes/refs. A test
// file's helper that several channels are passed to (expect(t, ch))
// does not make them one: its parameter joins its arguments only when
// they are one channel already, and otherwise they are open.
//
// A channel is Open when code this package does not contain may use it:
// it is an exported field of an exported type, a parameter or result of a
// function another package can call, a package variable another package
// can name, the result of a call into another package (ctx.Done(),
// time.After), or is passed to another package's function or converted
// to an interface, unless that interface only goes to calls the model
// says look at it as a value (fmt.Println, testify's assert.NotNil). The
// operations of an open channel are not all known;
// a check that needs every receiver of a channel asks for one that is
// not open.
//
// # Which goroutine
//
// A Start is a go statement or a call the model says spawns (runtime
// Spawn, errgroup's Go, WaitGroup.Go, ...), with the function it runs
// when that resolves (a function, a closure, a method value; a parameter
// of a package function whose callers all pass one). RunBy gives the
// starts whose goroutine can execute a function: those whose target
// reaches it through the package's calls (static calls, interface calls
// to the package's own methods, calls of func-valued fields to the
// functions stored in that field). A function with no start runs on
// whatever goroutine calls it.
//
// # Partners
//
// Abandoned proves that a bare send may wait forever because every
// receive of its channel is a case of a select that can leave for good
// by another case, without closing the channel it stops receiving
// from; Watches finds the stop signal (ctx.Done(), a stop channel) a
// function selects on and leaves by. taskleak and nocancel
// both ask them (the sender that watches nothing is the first's, the
// sender that watches a signal but not at its send the second's).
package chanflow

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

var Analyzer = &analysis.Analyzer{
	Name:       "chanflow",
	Doc:        "every operation on each channel of a package, and the goroutines that can run it",
	Run:        run,
	Requires:   []*analysis.Analyzer{refs.Analyzer, model.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// OpKind is what an operation does to its channel.
type OpKind uint8

const (
	Send OpKind = iota + 1
	Recv
	// Range is the receive of a for range loop over the channel.
	Range
	Close
)

func (k OpKind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Range:
		return "range"
	case Close:
		return "close"
	}
	return "?"
}

// Op is one operation on a channel.
type Op struct {
	Kind OpKind
	// Instr is the *ssa.Send, the receive *ssa.UnOp, the *ssa.Select
	// (for a case of a select), or the close *ssa.Call.
	Instr ssa.Instruction
	// Select is the select the operation is a case of, or nil.
	Select *ssa.Select
	// Chan is the channel value the operation uses.
	Chan ssa.Value
	Fn   *ssa.Function
	Pos  token.Pos
}

// Blocks reports whether the operation can wait: a bare send or receive,
// a range, or a case of a select without default.
func (op *Op) Blocks() bool {
	switch op.Kind {
	case Close:
		return false
	}
	return op.Select == nil || op.Select.Blocking
}

// Chan is one channel class.
type Chan struct {
	// Makes are the make calls that create its channels in this package.
	Makes []*ssa.MakeChan
	// Ops are its operations, in source order.
	Ops []*Op
	// Open is true when code outside the package may use it.
	Open bool
	// Name is how messages name it: a field's class, a variable's name.
	Name string
	elem types.Type
	prog *refs.Program
}

// Cap returns the capacity of the channel's makes when it is the same
// constant for all of them, and false otherwise (or when none is seen).
func (c *Chan) Cap() (int64, bool) {
	var out int64 = -1
	for _, m := range c.Makes {
		k, ok := c.prog.ConstValue(m.Size)
		if !ok || k.Value == nil {
			return 0, false
		}
		n, exact := constant.Int64Val(constant.ToInt(k.Value))
		if !exact || (out >= 0 && n != out) {
			return 0, false
		}
		out = n
	}
	return out, out >= 0
}

// roomyCap is the buffer from which a channel is taken to be sized
// never to fill: a request queue of a million slots (database/sql's
// openerCh), whose senders are bounded by design, not by a receiver. A
// buffer of a thousand is not: etcd's watch proxy fills its 1024 slots
// when the stream's reader leaves.
const roomyCap = 1 << 16

// Roomy reports whether every make of the channel has a buffer of 65536
// or more (see roomyCap): a send on it finds room.
func (c *Chan) Roomy() bool {
	k, ok := c.Cap()
	return ok && k >= roomyCap
}

// Tokens reports whether the channel holds tokens: a function that
// makes it also fills it (sends on it, not in a select) and never
// receives from it, as a counting semaphore or a channel used as a mutex
// (make(chan T, 1) and one value put in). A receive from it (an acquire)
// can be ended by any holder of a token, not by one goroutine in
// particular, and a send (a release) has room for the token its sender
// took.
func (c *Chan) Tokens() bool {
	for _, mk := range c.Makes {
		fn := mk.Parent()
		// A fill is unconditional: in the make's block, or in a loop
		// (n tokens). A send under a condition (a first error reported
		// on a channel just made) is a value, not a token.
		fills := c.Has(Send, func(op *Op) bool {
			b := op.Instr.Block()
			return op.Fn == fn && op.Select == nil && (b == mk.Block() || blocks.Loop(b) != nil)
		})
		// A receive in the function or a closure of it (a goroutine
		// it starts) drains what it sends: a queue, not tokens.
		in := func(op *Op) bool { return nested(op.Fn, fn) }
		takes := c.Has(Recv, in) || c.Has(Range, in)
		if fills && !takes {
			return true
		}
	}
	return false
}

// Has reports whether some operation of the channel has kind k and
// satisfies keep (nil keeps all).
func (c *Chan) Has(k OpKind, keep func(*Op) bool) bool {
	for _, op := range c.Ops {
		if op.Kind == k && (keep == nil || keep(op)) {
			return true
		}
	}
	return false
}

// Start is a place that starts a goroutine or task.
type Start struct {
	// Instr is the *ssa.Go, or the spawning call.
	Instr ssa.CallInstruction
	In    *ssa.Function
	// Targets are the package functions it may run: one, or the
	// package's implementations of an interface method; none when that
	// does not resolve.
	Targets []*ssa.Function
	Kind    model.SpawnKind
	Pos     token.Pos
}

// Target returns the one function s runs, or nil.
func (s *Start) Target() *ssa.Function {
	if len(s.Targets) == 1 {
		return s.Targets[0]
	}
	return nil
}

// Result is the pass's result, computed on first use.
type Result struct {
	get func() *flows
}

type flows struct {
	pass    *analysis.Pass
	prog    *refs.Program
	chans   []*Chan
	byValue map[ssa.Value]*Chan
	starts  []*Start
	runBy   map[*ssa.Function][]*Start
	callees map[*ssa.Function][]*ssa.Function
	// targets are the package functions each call may run (calls.go).
	targets map[ssa.CallInstruction][]*ssa.Function
	// calleesAt resolves one call (see CalleesAt).
	calleesAt func(*ssa.CallCommon) []*ssa.Function
	// staticCalls indexes the calls of each function (see StaticCalls).
	staticCalls func() map[*ssa.Function][]*ssa.Call
	// methodValues indexes the method values of the package (bound.go).
	methodValues func() methodValues
	// m and timerFuncs serve IsTimer (timers.go); the checks that share
	// this result may run at once.
	m          *model.Model
	timerMu    sync.Mutex
	timerFuncs map[*ssa.Function]bool
	selectIndex
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.ResultOf[refs.Analyzer].(*refs.Info)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	return &Result{get: sync.OnceValue(func() *flows { return compute(pass, info.SSA(), m) })}, nil
}

// Chans returns the package's channels that have an operation or a make,
// in the order of their first operation or make.
func (r *Result) Chans() []*Chan { return r.get().chans }

// ChanOf returns the channel class of v (a channel value used in the
// package), or nil.
func (r *Result) ChanOf(v ssa.Value) *Chan { return r.get().byValue[v] }

// Starts returns the package's go statements and spawning calls in
// source order.
func (r *Result) Starts() []*Start { return r.get().starts }

// RunBy returns the starts whose goroutine or task can run fn (see the
// package doc), in source order.
func (r *Result) RunBy(fn *ssa.Function) []*Start { return r.get().runBy[fn] }

// Callees returns the package functions fn may call: static calls,
// interface calls to the package's methods, func-valued fields.
func (r *Result) Callees(fn *ssa.Function) []*ssa.Function { return r.get().callees[fn] }

// Program returns the package's SSA form.
func (r *Result) Program() *refs.Program { return r.get().prog }

func compute(pass *analysis.Pass, prog *refs.Program, m *model.Model) *flows {
	b := &builder{
		pass: pass, prog: prog, m: m,
		parent: make(map[key]key),
		open:   make(map[key]bool),
		name:   make(map[key]string),
		ranges: make(map[token.Pos]bool),
		names:  make(map[token.Pos]string),

		helperArgs: make(map[*ssa.Parameter][]ssa.Value),
		f: &flows{
			pass:    pass,
			prog:    prog,
			m:       m,
			byValue: make(map[ssa.Value]*Chan),
			runBy:   make(map[*ssa.Function][]*Start),
			callees: make(map[*ssa.Function][]*ssa.Function),
			targets: make(map[ssa.CallInstruction][]*ssa.Function),
		},
	}
	b.scanSyntax()
	b.indexUses()
	for _, fn := range prog.Funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				b.flow(fn, instr)
			}
		}
	}
	b.joinHelpers()
	b.contexts()
	b.collect()
	b.goroutines()
	b.f.calleesAt = b.calleesOf
	b.f.staticCalls = sync.OnceValue(b.f.indexStaticCalls)
	b.f.methodValues = sync.OnceValue(b.f.indexMethodValues)
	return b.f
}

// key names a node of the flow: a class, or a root and path.
type key struct {
	class string
	root  ssa.Value
	path  string
}

type builder struct {
	pass   *analysis.Pass
	prog   *refs.Program
	m      *model.Model
	parent map[key]key
	open   map[key]bool
	name   map[key]string
	ranges map[token.Pos]bool
	// names maps a make call's Lparen to the variable or field it is
	// assigned to.
	names map[token.Pos]string
	ops   []*Op
	makes []*ssa.MakeChan
	f     *flows
	// funcFields maps a func-valued field's class to the functions
	// stored in it.
	funcFields map[string][]*ssa.Function
	// someFields are the functions the package registers in a field
	// through a method another package may call too: some of what the
	// field holds. They are call targets (CallTargets), not callees of
	// the goroutine structure (CalleesAt, Callees), which want them all.
	someFields map[string][]*ssa.Function
	// converted maps a func type of the package to the functions
	// converted to it (namedFuncs).
	converted map[*types.TypeName][]*ssa.Function
	impls     map[implKey][]*ssa.Function
	uses      map[*ssa.Function]*funcUses
	// helperArgs are the channels passed to each channel parameter of
	// a test's helper, unified with it at the end (joinHelpers).
	helperArgs map[*ssa.Parameter][]ssa.Value
	// pairCalls and ctxCalls are the calls contexts needs, collected by
	// the flow's walk (contextCall).
	pairCalls []*ssa.Call
	ctxCalls  []ssa.CallInstruction
}

func (b *builder) find(k key) key {
	for {
		p, ok := b.parent[k]
		if !ok || p == k {
			return k
		}
		if gp, ok := b.parent[p]; ok {
			b.parent[k] = gp
		}
		k = p
	}
}

func (b *builder) union(x, y key) {
	x, y = b.find(x), b.find(y)
	if x == y {
		return
	}
	b.parent[x] = y
	if b.open[x] {
		b.open[y] = true
	}
	// A field's class names the channel best, then a variable's name.
	if rank(x, b.name[x]) > rank(y, b.name[y]) {
		b.name[y] = b.name[x]
	}
}

func rank(k key, name string) int {
	switch {
	case k.class != "" || strings.HasPrefix(name, "("):
		// a field's class, or a root that took its name from one
		return 3
	case name != "" && !strings.HasPrefix(name, "?"):
		return 2
	case name != "":
		return 1
	}
	return 0
}

func (b *builder) keyOf(v ssa.Value) key {
	r := b.prog.Of(v)
	var k key
	switch {
	case r.Class != "":
		k = key{class: r.Class}
	case r.Root != nil:
		k = key{root: r.Root, path: r.Path}
	default:
		k = key{root: v}
	}
	if _, ok := b.parent[k]; !ok {
		b.parent[k] = k
		b.name[k] = refs.Name(r)
		if r.Class != "" {
			b.name[k] = r.Class
		}
		if mk, ok := r.Root.(*ssa.MakeChan); ok && r.Class == "" {
			if n := b.names[mk.Pos()]; n != "" {
				b.name[k] = n
			}
		}
		// A phi is its edges, which the phi is unified with: it
		// opens nothing by itself.
		_, phi := v.(*ssa.Phi)
		b.open[k] = !(phi && r.Root == nil && r.Class == "") && b.isOpen(r)
	}
	return k
}

// isOpen reports whether code outside the package may reach the value r
// names (see the package doc).
func (b *builder) isOpen(r refs.Ref) bool {
	if openField(r.Class, b.prog.Pkg.Pkg.Path()) {
		return true
	}
	switch root := r.Root.(type) {
	case *ssa.Global:
		if root.Object() != nil && root.Object().Exported() {
			return true
		}
	case *ssa.Parameter:
		if r.Path != "" && r.Class != "" {
			// A field of the parameter, or the elements of a field's
			// slice, as of a map (maps.go): only the package can reach
			// an unexported field, whoever passes the struct in (a
			// channel stored there from outside is open where it
			// comes in).
			return false
		}
		fn := root.Parent()
		return b.callableOutside(fn)
	case *ssa.Call:
		callee := root.Call.StaticCallee()
		if callee == nil || callee.Pkg != b.prog.Pkg {
			return !b.ownedResult(root)
		}
	case *ssa.Extract:
		call, ok := root.Tuple.(*ssa.Call)
		if !ok {
			return true
		}
		callee := call.Call.StaticCallee()
		return callee == nil || callee.Pkg != b.prog.Pkg
	}
	if r.Root == nil && r.Class == "" {
		return true
	}
	return false
}

// ownedResult reports whether the result of call is a channel nobody
// else holds (none today; a hook for the model).
func (b *builder) ownedResult(*ssa.Call) bool { return false }

// callableOutside reports whether another package may call fn: it is
// exported (a method: of any type, through an interface), or its value
// escapes.
func (b *builder) callableOutside(fn *ssa.Function) bool {
	if fn.Parent() == nil {
		if obj := fn.Object(); obj != nil && obj.Exported() {
			return true
		}
	}
	return !b.isCalledOnly(fn)
}

// isCalledOnly reports whether every use of fn as a value is the callee
// of a call or go statement in the package.
func (b *builder) isCalledOnly(fn *ssa.Function) bool {
	u := b.uses[fn]
	return u == nil || !u.value
}

// funcUses is how the package uses a function: the calls and go
// statements that call it directly, and whether it is used as a value.
type funcUses struct {
	calls []ssa.CallInstruction
	value bool
}

// indexUses records, for every package function, its direct calls and
// whether it is used as a value (a closure counts as a value only when
// its MakeClosure is used other than as a callee).
func (b *builder) indexUses() {
	b.uses = make(map[*ssa.Function]*funcUses)
	use := func(fn *ssa.Function) *funcUses {
		u := b.uses[fn]
		if u == nil {
			u = &funcUses{}
			b.uses[fn] = u
		}
		return u
	}
	for _, fn := range b.prog.Funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				c, isCall := instr.(ssa.CallInstruction)
				var ops [8]*ssa.Value
				for i, op := range instr.Operands(ops[:0]) {
					if *op == nil {
						continue
					}
					target, ok := (*op).(*ssa.Function)
					if mc, isMC := (*op).(*ssa.MakeClosure); isMC {
						target, ok = mc.Fn.(*ssa.Function)
						if ok && !isBound(target) {
							// The literal's own MakeClosure is seen below.
							target, ok = nil, false
						}
					}
					if !ok || target == nil {
						continue
					}
					if isCall && i == 0 && c.Common().Value == *op {
						use(target).calls = append(use(target).calls, c)
					} else {
						use(target).value = true
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					lit, _ := mc.Fn.(*ssa.Function)
					if lit == nil || isBound(lit) {
						continue
					}
					for _, r := range *mc.Referrers() {
						rc, ok := r.(ssa.CallInstruction)
						if ok && rc.Common().Value == ssa.Value(mc) {
							use(lit).calls = append(use(lit).calls, rc)
						} else {
							use(lit).value = true
						}
					}
				}
			}
		}
	}
}

func isBound(fn *ssa.Function) bool { return strings.HasSuffix(fn.Name(), "$bound") }

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// holdsChan reports whether a value of type t may hold a channel the
// flow should follow: a channel, or a slice, array or map of them.
func holdsChan(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Slice:
		return isChan(u.Elem())
	case *types.Array:
		return isChan(u.Elem())
	case *types.Map:
		return isChan(u.Elem())
	}
	return false
}

func (b *builder) flow(fn *ssa.Function, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.MakeChan:
		b.makes = append(b.makes, in)
		b.keyOf(in)
	case *ssa.Store:
		if isChan(in.Val.Type()) {
			b.union(b.keyOf(in.Addr), b.keyOf(in.Val))
		}
		if isChanSlice(in.Val.Type()) {
			b.unionElems(in.Addr, in.Val)
		}
		b.storeFunc(in)
	case *ssa.Send:
		b.ops = append(b.ops, &Op{Kind: Send, Instr: in, Chan: in.Chan, Fn: fn, Pos: in.Pos()})
		if isChan(in.X.Type()) {
			b.open[b.find(b.keyOf(in.X))] = true
		}
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			k := Recv
			if in.CommaOk && b.ranges[in.Pos()] {
				k = Range
			}
			b.ops = append(b.ops, &Op{Kind: k, Instr: in, Chan: in.X, Fn: fn, Pos: in.Pos()})
		}
	case *ssa.Select:
		for _, st := range in.States {
			k := Recv
			if st.Dir == types.SendOnly {
				k = Send
				// A channel sent in a case, as by a bare send: its
				// receiver is wherever the value goes.
				if isChan(st.Send.Type()) {
					b.open[b.find(b.keyOf(st.Send))] = true
				}
			}
			pos := st.Pos
			if !pos.IsValid() {
				pos = in.Pos()
			}
			b.ops = append(b.ops, &Op{Kind: k, Instr: in, Select: in, Chan: st.Chan, Fn: fn, Pos: pos})
		}
	case *ssa.MapUpdate:
		b.mapUpdate(in)
		b.mapFunc(in)
	case *ssa.Phi:
		if isChan(in.Type()) {
			for _, e := range in.Edges {
				b.union(b.keyOf(in), b.keyOf(e))
			}
		}
	case *ssa.Extract:
		b.mapNext(in)
		if call, ok := in.Tuple.(*ssa.Call); ok && holdsChan(in.Type()) {
			if callee := call.Call.StaticCallee(); callee != nil && callee.Pkg == b.prog.Pkg {
				for _, blk := range callee.Blocks {
					if ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok && in.Index < len(ret.Results) {
						b.union(b.keyOf(in), b.keyOf(ret.Results[in.Index]))
					}
				}
			}
		}
	case *ssa.Return:
		for _, r := range in.Results {
			if isChan(r.Type()) && b.callableOutside(fn) {
				b.open[b.find(b.keyOf(r))] = true
			}
		}
	case *ssa.MakeInterface:
		if holdsChan(in.X.Type()) && !b.inspectedOnly(in) {
			b.open[b.find(b.keyOf(in.X))] = true
		}
	case ssa.CallInstruction:
		b.call(fn, in)
		b.contextCall(in)
	}
}

// call unifies the channels passed to a package function with its
// parameters and its results with the call's value, records close, and
// opens the channels passed elsewhere.
func (b *builder) call(fn *ssa.Function, c ssa.CallInstruction) {
	common := c.Common()
	if bi, ok := common.Value.(*ssa.Builtin); ok {
		if bi.Name() == "close" && len(common.Args) == 1 {
			b.ops = append(b.ops, &Op{Kind: Close, Instr: c, Chan: common.Args[0], Fn: fn, Pos: c.Pos()})
		}
		if call, ok := c.(*ssa.Call); ok && bi.Name() == "append" && isChanSlice(call.Type()) {
			b.appendElems(call)
		}
		return
	}
	if common.IsInvoke() {
		b.invoke(common)
		return
	}
	callee := Origin(common.StaticCallee())
	inPkg := callee != nil && callee.Pkg == b.prog.Pkg && callee.Blocks != nil
	args := common.Args
	params := []*ssa.Parameter(nil)
	if inPkg {
		params = callee.Params
		if mc, ok := common.Value.(*ssa.MakeClosure); ok && len(params) == len(args)+1 && len(mc.Bindings) == 1 {
			args = append([]ssa.Value{mc.Bindings[0]}, args...)
		}
	}
	for i, a := range args {
		if !holdsChan(a.Type()) {
			continue
		}
		if inPkg && i < len(params) {
			if b.testHelper(callee) && isChan(a.Type()) {
				b.helperArgs[params[i]] = append(b.helperArgs[params[i]], a)
				continue
			}
			b.union(b.keyOf(params[i]), b.keyOf(a))
			continue
		}
		b.open[b.find(b.keyOf(a))] = true
	}
	if call, ok := c.(*ssa.Call); ok && inPkg && holdsChan(call.Type()) {
		for _, blk := range callee.Blocks {
			if ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
				b.union(b.keyOf(call), b.keyOf(ret.Results[0]))
			}
		}
	}
}

// testHelper reports whether fn is a named function of a test file: a
// helper the tests call with their channels (wantNotification(t, ch)).
func (b *builder) testHelper(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Syntax() == nil {
		return false
	}
	return strings.HasSuffix(b.pass.Fset.File(fn.Pos()).Name(), "_test.go")
}

// joinHelpers unifies each channel parameter of a test's helper with
// the channels passed to it, once the rest of the package's flow is
// known, when they are all one channel. A helper called with several
// (wantNotification(t, l.Notify), then with the channel a test gave a
// constructor) would make them one, and every operation on one a
// partner of the other's: its arguments are open instead, as if passed
// to another package, and so is the parameter.
func (b *builder) joinHelpers() {
	prms := slices.Collect(maps.Keys(b.helperArgs))
	slices.SortFunc(prms, func(x, y *ssa.Parameter) int { return cmp.Compare(x.Pos(), y.Pos()) })
	for _, prm := range prms {
		args := b.helperArgs[prm]
		k := b.find(b.keyOf(args[0]))
		if !slices.ContainsFunc(args[1:], func(a ssa.Value) bool { return b.find(b.keyOf(a)) != k }) {
			b.union(b.keyOf(prm), k)
			continue
		}
		for _, a := range args {
			b.open[b.find(b.keyOf(a))] = true
		}
		b.open[b.find(b.keyOf(prm))] = true
	}
}

// invoke unifies the channels passed to an interface method with the
// parameters of the package's implementations; with none, they are open.
func (b *builder) invoke(common *ssa.CallCommon) {
	impls := b.implementations(common)
	for i, a := range common.Args {
		if !holdsChan(a.Type()) {
			continue
		}
		if len(impls) == 0 {
			b.open[b.find(b.keyOf(a))] = true
		}
		for _, fn := range impls {
			if i+1 < len(fn.Params) {
				b.union(b.keyOf(fn.Params[i+1]), b.keyOf(a))
			}
		}
	}
}

// storeFunc records the functions stored in a func-valued field, or
// appended to a field that is a slice of funcs (a list of callbacks: its
// class is the element's, "(T).handlers[]").
func (b *builder) storeFunc(st *ssa.Store) {
	r := b.prog.Of(st.Addr)
	if r.Class == "" {
		return
	}
	var vals []ssa.Value
	class := r.Class
	switch t := st.Val.Type().Underlying().(type) {
	case *types.Signature:
		vals = []ssa.Value{st.Val}
	case *types.Slice:
		if _, ok := t.Elem().Underlying().(*types.Signature); !ok {
			return
		}
		vals, class = Appended(st.Val), class+"[]"
		if vals == nil {
			// A table of handlers (handlers = []func(*Session, header)
			// error{typeData: (*Session).handleData, ...}).
			vals = sliceLit(st.Val)
		}
	default:
		return
	}
	b.addFuncs(class, vals)
}

// mapFunc records a function stored into an element of a func-valued
// map field: s.handlers[kind] = s.onAck, or a map literal stored into
// the field.
func (b *builder) mapFunc(u *ssa.MapUpdate) {
	if _, ok := u.Value.Type().Underlying().(*types.Signature); !ok {
		return
	}
	fa := ContainerField(u.Map)
	if fa == nil {
		return
	}
	if r := b.prog.Of(fa); r.Class != "" {
		b.addFuncs(r.Class+"[]", []ssa.Value{u.Value})
	}
}

// ContainerField returns the field a map or slice value is: a load of
// it (x.g[k] = v), or a map a literal makes and its function stores into
// one field (x.g = map[string]func(){"k": v}); nil otherwise.
func ContainerField(v ssa.Value) *ssa.FieldAddr {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			fa, _ := v.X.(*ssa.FieldAddr)
			return fa
		}
	case *ssa.MakeMap:
		var out *ssa.FieldAddr
		for _, use := range *v.Referrers() {
			if st, ok := use.(*ssa.Store); ok && st.Val == v {
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || out != nil {
					return nil
				}
				out = fa
			}
		}
		return out
	}
	return nil
}

// addFuncs records the functions vals are as targets of calls of the
// func-valued field (or its elements) class.
func (b *builder) addFuncs(class string, vals []ssa.Value) {
	for _, v := range vals {
		targets, into := []*ssa.Function{funcOf(v)}, &b.funcFields
		if p, ok := v.(*ssa.Parameter); ok {
			// A registration method's parameter (s.listeners =
			// append(s.listeners, f)): what the package's calls pass.
			// When that may not be all (another package may register
			// too), they are the field's known targets only.
			var complete bool
			targets, complete = b.passedFuncs(p)
			if !complete {
				into = &b.someFields
			}
		}
		for _, target := range targets {
			if target != nil && target.Synthetic != "" {
				target = wrapped(target, b.prog.Pkg) // a method expression's thunk: the method
			}
			if target == nil {
				continue
			}
			if *into == nil {
				*into = make(map[string][]*ssa.Function)
			}
			if !slices.Contains((*into)[class], target) {
				(*into)[class] = append((*into)[class], target)
			}
		}
	}
}

// passedFuncs returns the functions the package's calls pass as the
// parameter p of their callee, and whether they are all it may be: no
// other package may call the callee, and every call passes a function of
// the package.
func (b *builder) passedFuncs(p *ssa.Parameter) ([]*ssa.Function, bool) {
	fn := p.Parent()
	idx := slices.Index(fn.Params, p)
	u := b.uses[fn]
	if idx < 0 || u == nil {
		return nil, false
	}
	complete := !b.callableOutside(fn)
	var out []*ssa.Function
	for _, c := range u.calls {
		args := c.Common().Args
		if idx >= len(args) {
			complete = false
			continue
		}
		t := funcOf(args[idx])
		if t != nil && t.Synthetic != "" {
			t = wrapped(t, b.prog.Pkg) // a method value: the method
		}
		if t == nil {
			complete = false
		} else if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, complete
}

// Appended returns the values an append call adds to its slice
// (append(s.handlers, f): f, through the variadic array); none when v is
// not such a call.
func Appended(v ssa.Value) []ssa.Value {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "append" || len(call.Call.Args) != 2 {
		return nil
	}
	return sliceLit(call.Call.Args[1])
}

// sliceLit returns the values a slice literal v is made of ([]T{a, b}:
// the stores into its backing array), or nil when v is not one.
func sliceLit(v ssa.Value) []ssa.Value {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var out []ssa.Value
	for _, ref := range *arr.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, use := range *ia.Referrers() {
			if st, ok := use.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, st.Val)
			}
		}
	}
	return out
}

// funcOf returns the package function a function value runs: a function,
// a closure, a bound method value.
func funcOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	case *ssa.ChangeType:
		return funcOf(v.X)
	}
	return nil
}

func (b *builder) collect() {
	byKey := make(map[key]*Chan)
	get := func(v ssa.Value) *Chan {
		k := b.find(b.keyOf(v))
		c := byKey[k]
		if c == nil {
			c = &Chan{Open: b.open[k], Name: b.name[k], prog: b.prog}
			byKey[k] = c
			b.f.chans = append(b.f.chans, c)
		}
		b.f.byValue[v] = c
		return c
	}
	for _, mk := range b.makes {
		c := get(mk)
		c.Makes = append(c.Makes, mk)
	}
	for _, op := range b.ops {
		c := get(op.Chan)
		c.Ops = append(c.Ops, op)
	}
	// Openness may have been set on a node after the class was made.
	for k, c := range byKey {
		c.Open = c.Open || b.open[k]
	}
	for _, c := range b.f.chans {
		slices.SortStableFunc(c.Ops, func(x, y *Op) int { return int(x.Pos - y.Pos) })
	}
}

// scanSyntax records the for keywords of ranges over channels (their
// receive's position) and the names makes are assigned to.
func (b *builder) scanSyntax() {
	info := b.pass.TypesInfo
	name := func(lhs, rhs ast.Expr) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok {
			return
		}
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			b.names[call.Lparen] = l.Name
		case *ast.SelectorExpr:
			b.names[call.Lparen] = types.ExprString(l)
		}
	}
	for _, f := range b.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.RangeStmt:
				if t := info.TypeOf(n.X); t != nil && isChan(t) {
					b.ranges[n.For] = true
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						name(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						name(n.Names[i], n.Values[i])
					}
				}
			}
			return true
		})
	}
}

// nested reports whether fn is outer or a function literal inside it.
func nested(fn, outer *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == outer {
			return true
		}
	}
	return false
}

// inspectedOnly reports whether the interface value mi, holding a
// channel, goes only to calls that look at it as a value (the model's
// Formats and Inspects: fmt.Println(ch), assert.NotNil(t, ch)), as an
// argument or in the slice of a variadic one: they neither send nor
// receive, and the channel stays the package's.
func (b *builder) inspectedOnly(mi *ssa.MakeInterface) bool {
	refs := *mi.Referrers()
	if len(refs) == 0 {
		return false
	}
	for _, r := range refs {
		switch r := r.(type) {
		case ssa.CallInstruction:
			if r.Common().Value == ssa.Value(mi) || !b.inspects(r) {
				return false
			}
		case *ssa.Store:
			// args[i] = mi, args a variadic call's backing array.
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || r.Val != ssa.Value(mi) || !b.variadicOnly(ia.X) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// variadicOnly reports whether arr, an array a variadic call's
// arguments are stored in, becomes only slices passed to calls that
// inspect them.
func (b *builder) variadicOnly(arr ssa.Value) bool {
	if _, ok := arr.(*ssa.Alloc); !ok {
		return false
	}
	for _, r := range *arr.Referrers() {
		switch r := r.(type) {
		case *ssa.IndexAddr:
		case *ssa.Slice:
			for _, u := range *r.Referrers() {
				if c, ok := u.(ssa.CallInstruction); !ok || c.Common().Value == ssa.Value(r) || !b.inspects(c) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// inspects reports whether the model says c only looks at its
// arguments' values.
func (b *builder) inspects(c ssa.CallInstruction) bool {
	e, ok := b.m.Lookup(calleeObj(c.Common()))
	return ok && (e.Is(model.Formats) || e.Is(model.Inspects))
}

// Origin returns fn, or, for an instance of a generic function
// (recvAll[int]), the function whose body the package has.
func Origin(fn *ssa.Function) *ssa.Function {
	if fn != nil {
		if o := fn.Origin(); o != nil && o.Blocks != nil {
			return o
		}
	}
	return fn
}
