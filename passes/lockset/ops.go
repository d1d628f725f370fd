package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// This file records what the deadlock checks (lockleak, doublelock,
// lockorder) ask of the lock sets, beyond HeldAt: every lock and unlock
// operation with the state before it, the locks released before each
// call, and each function's flow, to follow the paths out of an early
// exit.

// KeyMode is a lock and a mode: the read and write sides of an RWMutex
// are distinct locks of the same Key.
type KeyMode struct {
	Key  Key
	Mode model.LockMode
}

// LockOp is a sync lock operation of a function (Lock, RLock, TryLock,
// ...; not a helper's), with the state before it.
type LockOp struct {
	Call *ast.CallExpr
	// Lock is the lock it takes; Lock.Pos is the call.
	Lock Lock
	// Held are the locks certainly held before it, in the order taken.
	Held []Lock
	// Released are the locks the function may have released before it,
	// on some path, without having taken them: locks its caller held.
	Released []KeyMode
	// Try is set for TryLock and TryRLock, which never wait.
	Try bool
	// Iface is set for a lock called through an interface
	// (sync.Locker): what it locks, and how, is not known (RLocker's
	// Lock read-locks). Not set for the L of a sync.Cond the package
	// binds to a known lock: Lock is then that lock, in its mode.
	Iface bool
}

// UnlockOp is a release a function makes: an unlock call, a deferred
// one, or a call of a helper that may release the lock.
type UnlockOp struct {
	Lock     KeyMode
	Pos      token.Pos
	Deferred bool
	// Helper: released by a called function (a Releases summary), not
	// an unlock call of fn's own.
	Helper bool
}

type ops struct {
	lockOps   map[*funcs.Func][]LockOp
	unlockOps map[*funcs.Func][]UnlockOp
	released  map[ast.Node][]KeyMode
	flows     map[*funcs.Func]*Flow
	entry     map[*funcs.Func][]KeyMode
	globals   globals
}

func newOps() ops {
	return ops{lockOps: make(map[*funcs.Func][]LockOp), unlockOps: make(map[*funcs.Func][]UnlockOp),
		released: make(map[ast.Node][]KeyMode), flows: make(map[*funcs.Func]*Flow), entry: make(map[*funcs.Func][]KeyMode)}
}

// LockOps returns fn's sync lock operations, in the order of the
// control-flow graph's blocks (source order, mostly). A function the
// analysis did not walk (it takes no lock) has none.
func (r *Result) LockOps(fn *funcs.Func) []LockOp { return r.lockOps[fn] }

// HeldOnEntry returns the locks fn releases on every path to a return
// without taking them (a deferred release counts): unlocking a sync lock
// that is not held is a fatal error, so whoever calls fn holds them, up
// to the release (a lock op or call before which LockOp.Released or
// ReleasedAt does not list one of them runs with it held). A lock may
// be an element of a map or slice field (t.locks[key].Unlock()): its
// Key stands for any element, and its OrderClass names them.
// A lock fn also takes itself somewhere is not counted (taken on some
// paths only, it is released on the others without being held).
//
// Counted only for a named function (a literal is mostly started by a
// go statement its parent hands the lock to), for a lock of its
// receiver, a parameter or a package variable, or an element of a map
// or slice field, that an unlock call of its own releases (a helper's
// Releases summary is less certain).
func (r *Result) HeldOnEntry(fn *funcs.Func) []KeyMode {
	var out []KeyMode
	for _, km := range r.entry[fn] {
		if slices.ContainsFunc(r.lockOps[fn], func(op LockOp) bool { return op.Lock.Key == km.Key }) {
			continue
		}
		if !slices.ContainsFunc(r.unlockOps[fn], func(u UnlockOp) bool { return u.Lock == km && !u.Helper }) {
			continue
		}
		if _, ok := r.Relative(fn, km.Key, km.Mode); !ok && !km.Key.elem {
			v, isVar := km.Key.root.(*types.Var)
			if !isVar || km.Key.fields != "" || elemClass(r.pass, &r.globals, v) == "" {
				continue
			}
		}
		out = append(out, km)
	}
	return out
}

// UnlockOps returns the releases fn makes.
func (r *Result) UnlockOps(fn *funcs.Func) []UnlockOp { return r.unlockOps[fn] }

// ReleasedAt returns the locks that fn may have released before the call
// (on some path) without having taken them.
func (r *Result) ReleasedAt(call *ast.CallExpr) []KeyMode { return r.released[call] }

func (w *walker) recording() bool { return w.record && w.search == nil }

func keyModes(ids []lockID) []KeyMode {
	if len(ids) == 0 {
		return nil
	}
	out := make([]KeyMode, len(ids))
	for i, id := range ids {
		out[i] = KeyMode{id.key, id.mode}
	}
	return out
}

func (w *walker) recordLock(call *ast.CallExpr, l Lock, st *state, try bool) {
	if !w.recording() {
		return
	}
	l.Order = w.orderClass(l.Key)
	iface := false
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		iface = types.IsInterface(w.pass.TypesInfo.TypeOf(sel.X))
	}
	if iface {
		if p := w.recvPath(call); p != nil {
			if _, _, _, ok := w.condLocker(call, p); ok {
				iface = false // a cond's L the package binds to a known lock
			}
		}
	}
	w.res.lockOps[w.fn] = append(w.res.lockOps[w.fn], LockOp{Call: call, Lock: l, Held: slices.Clone(st.held),
		Released: keyModes(st.maybe), Try: try, Iface: iface})
}

// recordUnlock records a release; st is nil for a deferred one.
func (w *walker) recordUnlock(call *ast.CallExpr, id lockID, st *state, helper bool) {
	if !w.recording() {
		return
	}
	w.res.unlockOps[w.fn] = append(w.res.unlockOps[w.fn], UnlockOp{Lock: KeyMode{id.key, id.mode}, Pos: call.Pos(), Deferred: st == nil, Helper: helper})
}

func (w *walker) recordCall(call *ast.CallExpr, st *state) {
	if w.recording() && len(st.maybe) > 0 {
		w.res.released[call] = keyModes(st.maybe)
	}
}

func (s *state) holdsKey(k Key) bool {
	for _, l := range s.held {
		if l.Key == k {
			return true
		}
	}
	return false
}

// Path returns the lock path e denotes (a variable and field
// selections, through pointers), and how messages name it.
func (r *Result) Path(e ast.Expr) (Key, string, bool) {
	p := pathOf(r.pass, e)
	if p == nil {
		return Key{}, "", false
	}
	return p.key, p.name, true
}

// Extend returns the lock at fields (".mu", ".inner.mu") below k.
func (k Key) Extend(fields string) Key {
	k.fields += fields
	return k
}

// IsZero reports whether k is the zero Key.
func (k Key) IsZero() bool { return k == Key{} }

// Class returns the key's class (see Result.Class).
func (k Key) Class() string { return k.class() }

// VarKey returns the key of the variable v itself (a lock, or a
// sync.Locker, held in it).
func VarKey(v *types.Var) Key { return Key{root: v} }

// MapRef maps a lock named relative to the callee of call (its
// receiver, a parameter, a package variable) onto the call's receiver
// and arguments: the lock in the caller's terms, and its name.
func (r *Result) MapRef(call *ast.CallExpr, ref LockRef) (Key, string, bool) {
	p := mapRef(r.pass, call, sref{LockRef: ref})
	if p == nil {
		return Key{}, "", false
	}
	return p.key, p.name, true
}

// Relative names k relative to fn: through its receiver, a parameter or
// a package variable. False for any other variable (a local, or a
// variable a function literal captures).
func (r *Result) Relative(fn *funcs.Func, k Key, mode model.LockMode) (LockRef, bool) {
	var sig *types.Signature
	if fn.Obj != nil {
		sig, _ = fn.Obj.Type().(*types.Signature)
	} else if lit, ok := fn.Node.(*ast.FuncLit); ok {
		sig, _ = r.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	}
	if sig == nil {
		return LockRef{}, false
	}
	return relativeRef(sig, k, mode)
}

// OrderClass returns the class of k for lock-order questions: for a
// field, the named type that declares the last field and the field
// ("(example.com/p.T).mu"), whichever path reaches it (s.mu and
// outer.inner.mu, when inner is a T, are the same class); for a package
// variable, its qualified name; for a local variable, its identity in
// the package (see LocalClass). A field of an unnamed struct is named by
// the whole path, as Class does. A local variable that always holds an
// element of a map or slice field (m := t.locks[key]) is named by the
// field's elements, "(example.com/p.Table).locks[]" (see elems.go).
func (r *Result) OrderClass(k Key) string { return orderClass(r.pass, &r.globals, k) }

func (a *analysis_) orderClass(k Key) string { return orderClass(a.pass, &a.res.globals, k) }

// ValuePath names where a lock lives inside the value that holds it
// inline: the fields from the last pointer on the way, each with the
// named struct type it selects from,
// "(p.SQLStore).genericStore(p.genericStore).commonStore(p.commonStore).RWMutex"
// for s.genericStore.commonStore.RWMutex with s a *SQLStore. Two locks
// can be the same only when one's value path ends with the other's (a
// method of genericStore locks one of either store); a SQLStore's and a
// FileStore's embedded store are two. "" when the path steps through an
// element, an interface or an unnamed struct.
func ValuePath(t types.Type, fields string) string {
	if t == nil {
		return ""
	}
	steps, ok := fieldSteps(t, fields)
	if !ok || len(steps) == 0 {
		return ""
	}
	var b strings.Builder
	for _, st := range steps {
		if _, ok := types.Unalias(st.owner).(*types.Pointer); ok {
			b.Reset() // a pointer: the value it points to holds the rest
		}
		tn := model.NamedOf(st.owner)
		if tn == nil || tn.Pkg() == nil {
			return ""
		}
		b.WriteString("(" + tn.Pkg().Path() + "." + tn.Name() + ")." + st.field.Name())
	}
	return b.String()
}

// SameValuePath reports whether two value paths (ValuePath) may name
// the same lock: either is unknown, or one ends with the other.
func SameValuePath(a, b string) bool {
	return a == "" || b == "" || strings.HasSuffix(a, b) || strings.HasSuffix(b, a)
}

// ValuePath returns the value path of k's lock (see ValuePath).
func (r *Result) ValuePath(k Key) string {
	if k.elem {
		return ""
	}
	if t := rootType(r, k); t != nil {
		return ValuePath(t, k.fields)
	}
	return ""
}

// ThroughInterface reports whether k's path selects a field of an
// interface value: a callee's receiver-relative lock (recv.mu) mapped
// onto a call through an interface (l.OnChange()). Such a path names no
// field; the callee's own class does.
func (r *Result) ThroughInterface(k Key) bool {
	t := rootType(r, k)
	if t == nil {
		return false
	}
	steps, ok := fieldSteps(t, k.fields)
	if ok {
		return false
	}
	if len(steps) > 0 {
		t = steps[len(steps)-1].field.Type()
	}
	return types.IsInterface(t)
}

func orderClass(pass *analysis.Pass, g *globals, k Key) string {
	if k.fields == "" {
		if v, ok := k.root.(*types.Var); ok {
			if c := elemClass(pass, g, v); c != "" {
				return c
			}
		}
		return k.class()
	}
	var t types.Type
	if k.root != nil {
		t = k.root.Type()
	} else if v := g.lookup(pass.Pkg, k.global); v != nil {
		t = v.Type()
	} else {
		return k.class()
	}
	steps, ok := fieldSteps(t, k.fields)
	if !ok {
		return k.class()
	}
	last := steps[len(steps)-1]
	tn := model.NamedOf(last.owner)
	if tn == nil || tn.Pkg() == nil {
		return k.class()
	}
	return "(" + tn.Pkg().Path() + "." + tn.Name() + ")." + last.field.Name()
}

// A fieldStep is one field selection of a path: the type it selects
// from (a pointer to a struct, or a struct) and the field.
type fieldStep struct {
	owner types.Type
	field *types.Var
}

// fieldSteps resolves the fields of a path (".inner.mu") from a value
// of type t. ok is false when a step selects from something other than
// a struct (an interface) or names no field of it; steps holds the
// selections resolved before it.
func fieldSteps(t types.Type, fields string) (steps []fieldStep, ok bool) {
	if fields == "" {
		return nil, true
	}
	for _, name := range strings.Split(fields[1:], ".") {
		f := fieldOf(t, name)
		if f == nil {
			return steps, false
		}
		steps = append(steps, fieldStep{t, f})
		t = f.Type()
	}
	return steps, true
}

// globals finds package variables by qualified name among the package
// and its dependencies.
type globals struct {
	pkgs  map[string]*types.Package
	elems map[*types.Var]string // elemClass's
}

func (g *globals) lookup(pkg *types.Package, qualified string) *types.Var {
	i := strings.LastIndex(qualified, ".")
	if i < 0 {
		return nil
	}
	path, name := qualified[:i], qualified[i+1:]
	if g.pkgs == nil {
		g.pkgs = make(map[string]*types.Package)
		var add func(p *types.Package)
		add = func(p *types.Package) {
			if _, ok := g.pkgs[p.Path()]; ok {
				return
			}
			g.pkgs[p.Path()] = p
			for _, q := range p.Imports() {
				add(q)
			}
		}
		add(pkg)
	}
	p := g.pkgs[path]
	if p == nil {
		return nil
	}
	v, _ := p.Scope().Lookup(name).(*types.Var)
	return v
}

// Flow is the lock-set flow of one function, for the questions asked
// about its exits.
type Flow struct {
	w  *walker
	g  *cfg.CFG
	in []*state

	exits []Exit
	done  bool
}

// Flow returns fn's flow, or nil if the analysis did not walk fn.
func (r *Result) Flow(fn *funcs.Func) *Flow { return r.flows[fn] }

// ExitKind says how control leaves a point early.
type ExitKind int

const (
	Return ExitKind = iota
	Break
	Continue
	Goto
	Panic
)

func (k ExitKind) String() string {
	return [...]string{"return", "break", "continue", "goto", "panic"}[k]
}

// Exit is a return, a break, continue or goto, or a call of panic, with
// the locks certainly held there and the releases deferred so far.
type Exit struct {
	Kind ExitKind
	// Node is the *ast.ReturnStmt (implicit at the closing brace: its
	// Return is the brace), *ast.BranchStmt, or the panic *ast.CallExpr.
	Node     ast.Node
	Pos      token.Pos
	Held     []Lock
	Deferred []KeyMode
	// Released are the locks the function may have released before,
	// without taking them: its caller's. One of them held at the exit
	// was taken back, not taken.
	Released []KeyMode

	block *cfg.Block // the target of a branch
}

// Exits returns fn's exits reached with a lock certainly held (a branch
// only when it jumps within the function: a break or continue leaves
// its loop, not the function).
func (f *Flow) Exits() []Exit {
	if f.done {
		return f.exits
	}
	f.done = true
	f.exits = f.walkExits(false)
	return f.exits
}

// Returns returns fn's returns, with or without a lock held, with the
// locks of its caller each may have released before it.
func (f *Flow) Returns() []Exit {
	var out []Exit
	for _, x := range f.walkExits(true) {
		if x.Kind == Return {
			out = append(out, x)
		}
	}
	return out
}

// walkExits finds the exits: those reached with a lock held, or all.
func (f *Flow) walkExits(all bool) []Exit {
	var exits []Exit
	w := f.w
	branches := f.branchBlocks()
	for _, b := range f.g.Blocks {
		st := f.in[b.Index]
		if st == nil {
			continue
		}
		// Walk the block, stopping at a panic.
		st = st.clone()
		sw := &walker{analysis_: w.analysis_, fn: w.fn, comms: w.comms, noted: map[ast.Node]bool{}}
		for _, n := range b.Nodes {
			if call := panicCall(w.pass.TypesInfo, n); call != nil {
				if len(st.held) > 0 || all {
					exits = append(exits, Exit{Kind: Panic, Node: call, Pos: call.Pos(),
						Held: slices.Clone(st.held), Deferred: keyModes(st.deferred), Released: keyModes(st.maybe)})
				}
				break
			}
			sw.node(n, st)
		}
		if len(st.held) == 0 && !all {
			continue
		}
		if ret := b.Return(); ret != nil {
			exits = append(exits, Exit{Kind: Return, Node: ret, Pos: ret.Return,
				Held: slices.Clone(st.held), Deferred: keyModes(st.deferred), Released: keyModes(st.maybe)})
		}
		if br := branches[b]; br != nil && len(b.Succs) == 1 {
			kind := map[token.Token]ExitKind{token.BREAK: Break, token.CONTINUE: Continue, token.GOTO: Goto}[br.Tok]
			if br.Tok != token.FALLTHROUGH {
				exits = append(exits, Exit{Kind: kind, Node: br, Pos: br.Pos(),
					Held: slices.Clone(st.held), Deferred: keyModes(st.deferred), Released: keyModes(st.maybe),
					block: b.Succs[0]})
			}
		}
	}
	slices.SortStableFunc(exits, func(x, y Exit) int { return int(x.Pos - y.Pos) })
	return exits
}

func panicCall(info *types.Info, n ast.Node) *ast.CallExpr {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := astutil.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return call
		}
	}
	return nil
}

// branchBlocks maps the blocks that end with a break, continue or goto
// to the statement. go/cfg does not keep branch statements among a
// block's nodes; the block a branch ends is the one, created before the
// unreachable block that follows the branch, whose last position is the
// latest before the branch.
func (f *Flow) branchBlocks() map[*cfg.Block]*ast.BranchStmt {
	out := make(map[*cfg.Block]*ast.BranchStmt)
	for _, u := range f.g.Blocks {
		br, ok := u.Stmt.(*ast.BranchStmt)
		if !ok || u.Kind != cfg.KindUnreachable {
			continue
		}
		var best *cfg.Block
		var bestPos token.Pos
		for _, b := range f.g.Blocks[:u.Index] {
			if len(b.Succs) != 1 {
				continue
			}
			p := anchor(b)
			if p.IsValid() && p <= br.Pos() && p >= bestPos {
				best, bestPos = b, p
			}
		}
		if best != nil && out[best] == nil {
			out[best] = br
		}
	}
	return out
}

// anchor is the last source position a block covers before its jump.
func anchor(b *cfg.Block) token.Pos {
	if len(b.Nodes) > 0 {
		return b.Nodes[len(b.Nodes)-1].End()
	}
	switch s := b.Stmt.(type) {
	case *ast.IfStmt:
		switch b.Kind {
		case cfg.KindIfThen:
			return s.Body.Lbrace
		case cfg.KindIfElse:
			return s.Else.Pos()
		case cfg.KindIfDone:
			return s.End()
		}
	case *ast.CaseClause:
		return s.Colon
	case *ast.CommClause:
		return s.Colon
	case *ast.LabeledStmt:
		return s.Colon
	case *ast.ForStmt:
		switch b.Kind {
		case cfg.KindForBody:
			return s.Body.Lbrace
		case cfg.KindForDone:
			return s.End()
		}
	case *ast.RangeStmt:
		switch b.Kind {
		case cfg.KindRangeBody:
			return s.Body.Lbrace
		case cfg.KindRangeDone:
			return s.End()
		}
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		switch b.Kind {
		case cfg.KindSwitchDone, cfg.KindSelectDone:
			return s.End()
		}
	case *ast.BlockStmt:
		if b.Kind == cfg.KindBody {
			return s.Lbrace
		}
	case *ast.BranchStmt:
		return token.NoPos // after another branch: dead
	}
	return token.NoPos
}

type search struct {
	relocked bool
}

// Outcome says where the paths from an exit lead, for a lock held there.
type Outcome int

const (
	// Released: some path from the exit releases the lock.
	Released Outcome = iota
	// Leaked: no path does: every one returns, panics, or takes the
	// lock again before releasing it.
	Leaked
)

// After follows the paths from a branch exit (a return or panic leaves
// the function at once: Leaked unless the lock's release is deferred)
// and says whether one of them releases l before the function returns
// or takes l again.
func (f *Flow) After(x Exit, l Lock) Outcome {
	if slices.Contains(x.Deferred, KeyMode{l.Key, l.Mode}) {
		return Released
	}
	if x.block == nil {
		return Leaked
	}
	sw := &walker{analysis_: f.w.analysis_, fn: f.w.fn, comms: f.w.comms, noted: map[ast.Node]bool{}, search: &search{}}
	seen := make([]bool, len(f.g.Blocks))
	queue := []*cfg.Block{x.block}
	seen[x.block.Index] = true
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		// The lock, by each name it is held by at the exit.
		st := &state{held: []Lock{l}}
		for _, h := range x.Held {
			if h.id() != l.id() && h.origin() == l.origin() {
				st.held = append(st.held, h)
			}
		}
		dead := false
		for _, n := range b.Nodes {
			if panicCall(f.w.pass.TypesInfo, n) != nil {
				dead = true
				break
			}
			sw.search.relocked = false
			sw.node(n, st)
			if sw.search.relocked {
				dead = true
				break
			}
			if st.holds(l.id()) < 0 {
				return Released
			}
			if slices.Contains(st.deferred, l.id()) {
				return Released
			}
		}
		if dead || b.Return() != nil {
			continue
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				queue = append(queue, s)
			}
		}
	}
	return Leaked
}

// Fields returns k's field path (".mu", ".inner.mu"), "" for the
// variable itself.
func (k Key) Fields() string { return k.fields }

// ReturnsHolding reports whether fn returns holding l on every path, on
// purpose: it has an Acquires summary (a lock helper) naming l.
func (r *Result) ReturnsHolding(fn *funcs.Func, l Lock) bool {
	f := r.flows[fn]
	if f == nil {
		return false
	}
	sum := f.w.sums[fn]
	if sum == nil {
		return false
	}
	for _, s := range sum.acquires {
		if s.abs == l.Key && s.Mode == l.Mode {
			return true
		}
		if s.Root != "" {
			if ref, ok := r.Relative(fn, l.Key, l.Mode); ok && ref == s.LockRef {
				return true
			}
		}
	}
	return false
}
