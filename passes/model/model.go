// Package model is asynclint's concurrency model: one table that says, for
// the functions of the async runtime, the standard library and
// golang.org/x/sync/errgroup, which ones spawn work, join it, suspend,
// block, lock or unlock, and observe cancellation. It also classifies the
// language's own blocking operations (channel sends and receives, select).
//
// Every check asks the model; none names a runtime or standard-library
// function by string. Users teach it their own APIs with directives on a
// function declaration, which reach other packages as facts:
//
//	//asynclint:blocking   the function may block without suspending
//	                       (for example, it wraps cgo or a syscall)
//	//asynclint:suspends   the function is a runtime suspension point: it
//	                       gives the worker slot back while it waits, so
//	                       blocking operations inside it are not reported
//
// The directive must be a line of the function's doc comment. A type
// declaration takes one directive, in its doc comment:
//
//	//asynclint:notconcurrent   values of the type are not safe for
//	                            concurrent use (as bytes.Buffer is not)
//
// An interface with the shape of a sync type is that type: a package's
// own Mutex interface (Lock() and Unlock(), with RLock() and RUnlock()
// for an RWMutex), implemented by a wrapper that logs slow locks or
// detects deadlocks, locks like sync.Locker, and one with Add(int),
// Done() and Wait() counts and joins like sync.WaitGroup.
//
// The model also lists the standard library's types not safe for
// concurrent use, with their read-only methods (NotConcurrent), and the
// sync/atomic operations (the Atomic and Syncs effects).
package model

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// RuntimePath is the import path of the async runtime the model describes.
const RuntimePath = "github.com/asynclint/asynclint/runtime"

// Effect is a set of things a call does.
type Effect uint32

const (
	// Spawns: the call starts Entry.Body running as a task or goroutine.
	Spawns Effect = 1 << iota
	// Joins: the call waits for spawned work to finish.
	Joins
	// Suspends: a runtime suspension point; the calling task gives its
	// worker slot back while it waits.
	Suspends
	// Blocks: the call may wait an unbounded time without giving the
	// worker slot back (sleep, I/O, a wait on another goroutine).
	Blocks
	// Locks and Unlocks: the call acquires or releases Entry.Lock.
	Locks
	Unlocks
	// ObservesCancel: the call returns early when its context is done.
	ObservesCancel
	// Detaches: the call gives up the right to join a task.
	Detaches
	// Cancels: the call cancels a task or a set of tasks.
	Cancels
	// Waits: the call waits for another goroutine (or for time) without
	// being a runtime suspension point: time.Sleep, sync.WaitGroup.Wait,
	// sync.Cond.Wait, errgroup's Wait. With the language's channel
	// operations, these are what a lock held across them can deadlock on,
	// in plain Go. File and network I/O are not Waits.
	Waits
	// WaitUnlocks: while it waits, the call releases the lock its
	// receiver is bound to, and takes it back before returning
	// (sync.Cond.Wait and c.L; see BoundLockField).
	WaitUnlocks
	// BindsLock: the call returns a value bound to the lock passed as its
	// first argument (sync.NewCond).
	BindsLock
	// Exits: the call never returns (os.Exit, log.Fatal, runtime.Goexit,
	// testing's Fatal, FailNow and Skip, testify's require.Fail and FailNow).
	Exits
	// Sleeps: the call waits for a duration, nothing else (time.Sleep):
	// runtime.Sleep(ctx, d) or a timer in a select replaces it.
	Sleeps
	// Wakes: the call ends a Joins wait on the same receiver
	// (sync.WaitGroup.Done ends WaitGroup.Wait). The bodies that a
	// Spawns call with a receiver starts (WaitGroup.Go, errgroup's Go)
	// end the receiver's Joins waits too, when they return.
	Wakes
	// NewRoot: the call returns a new root context, cancelled by nobody
	// (context.Background, context.TODO).
	NewRoot
	// Derives: the call returns a context derived from its ctx argument,
	// at result index Entry.CtxResult (errgroup.WithContext).
	Derives
	// Timer: the call returns a channel that receives once a duration
	// has passed (time.After): a receive from it alone is a sleep.
	Timer
	// Signals: the call wakes goroutines waiting on its receiver with a
	// WaitUnlocks call (sync.Cond's Signal and Broadcast wake Cond.Wait).
	Signals
	// Counts: the call adds to the count of work that a Joins wait on
	// the same receiver waits for, and that Wakes calls count down
	// (sync.WaitGroup.Add).
	Counts
	// Syncs: the call orders memory with the other goroutines that use
	// the same receiver or argument (sync/atomic, sync.Once.Do): what
	// one did before its release is visible to the other after its
	// acquire.
	Syncs
	// Atomic: a sync/atomic function, which accesses the word its first
	// argument points to atomically.
	Atomic
	// Limits: the call bounds how many bodies its receiver's spawns run
	// at once to its first argument (errgroup's SetLimit). With a limit
	// of 1, each spawn waits for the previous body to finish.
	Limits
	// Formats: the call formats its arguments, calling the Error or
	// String method of those that have one (fmt.Sprintf, log.Printf,
	// ...): a method that takes a lock the caller holds deadlocks.
	Formats
	// Inspects: the call only reads its receiver, a task handle, and
	// neither joins nor detaches it (Task.ID); or only looks at its
	// arguments as values, without a channel operation on one or a
	// call of one (testify's assert.NotNil, assert.Equal).
	Inspects
	// Runs: the call may run Entry.Body on the calling goroutine before
	// it returns (sync.Once.Do): what the body locks, the call locks.
	Runs
	// Fails: the call marks the test failed (testing's Error, Errorf,
	// Fail, Fatal, Fatalf, FailNow): a test that stops waiting there is
	// failing, and what it leaves behind goes with it.
	Fails
	// Inherits: the call returns a context derived from its ctx argument
	// that is done when that one is (context.WithCancel, WithTimeout,
	// WithDeadline, WithValue, WithCancelCause, errgroup.WithContext; not
	// WithoutCancel): a call given it sees the caller's cancellation.
	Inherits
	// CancelPair: the call returns a context (result 0) and the function
	// that cancels it (result 1): calling that function closes the
	// context's Done channel (context.WithCancel, WithTimeout,
	// WithDeadline and their Cause forms).
	CancelPair
	// CallsMethods: the call calls the methods Entry.Methods names on
	// its argument Entry.Body, on the calling goroutine (container/heap's
	// Push calls h.Len, h.Swap, h.Less and h.Push; sort.Sort calls Len,
	// Less and Swap): what those methods lock, the call locks.
	CallsMethods
)

// Has reports whether e includes every effect of x.
func (e Effect) Has(x Effect) bool { return e&x == x }

// SpawnKind says where spawned work runs.
type SpawnKind uint8

const (
	NoSpawn SpawnKind = iota
	// Executor: a runtime task on a worker slot (Spawn, JoinSet.Spawn,
	// Runtime.Run, Timeout). Blocking inside it starves the executor.
	Executor
	// BlockingPool: SpawnBlocking's pool; holds no worker slot.
	BlockingPool
	// InPlace: BlockInPlace runs the body with the caller's slot released.
	InPlace
	// Goroutine: a plain goroutine (go statement, errgroup.Group.Go).
	Goroutine
)

// LockMode says how a lock operation holds its lock.
type LockMode uint8

const (
	NoLock LockMode = iota
	Exclusive
	Shared
)

// Entry describes one function or method.
type Entry struct {
	Effects Effect
	Spawn   SpawnKind
	// Body is the index of the parameter (receiver not counted) holding
	// the function that a Spawns call runs, or -1.
	Body int
	// Lock is the mode of a Locks or Unlocks call.
	Lock LockMode
	// Suspending is true for the runtime's own locks, which suspend
	// rather than block while waiting.
	Suspending bool
	// Instead names what to use instead of a blocking call, for messages.
	Instead string
	// CtxVariant names the function to call instead when a ctx is at
	// hand: the same call, taking the ctx (http.NewRequest ->
	// http.NewRequestWithContext), for messages and fixes.
	CtxVariant string
	// CtxResult is the index of the derived context a Derives call
	// returns.
	CtxResult int
	// Methods names, comma-separated, the methods a CallsMethods call
	// calls on its argument Body.
	Methods string
}

// Is reports whether the entry has every effect of x.
func (e Entry) Is(x Effect) bool { return e.Effects.Has(x) }

// Key returns the model's name for fn: "pkg/path.Func", "(*pkg/path.T).M",
// "(pkg/path.I).M". Generic functions and methods are named by their
// origin, without type arguments.
func Key(fn *types.Func) string {
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return fn.Name()
	}
	sig := fn.Type().(*types.Signature)
	recv := sig.Recv()
	if recv == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	t := recv.Type()
	ptr := ""
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		ptr, t = "*", p.Elem()
	}
	switch n := types.Unalias(t).(type) {
	case *types.Named:
		obj := n.Origin().Obj()
		path := ""
		if obj.Pkg() != nil {
			path = obj.Pkg().Path() + "."
		}
		return "(" + ptr + path + obj.Name() + ")." + fn.Name()
	case *types.Interface:
		// A method of an embedded interface reports the interface that
		// declares it only through its origin; fall back to the package.
		return "(" + fn.Pkg().Path() + ".interface)." + fn.Name()
	}
	return fn.FullName()
}

// Lookup returns the table's entry for fn, if the model knows it.
func Lookup(fn *types.Func) (Entry, bool) {
	if fn == nil {
		return Entry{}, false
	}
	e, ok := table[Key(fn)]
	return e, ok
}

// Describes reports whether the model owns every function of the package
// at path: such packages are described by the table alone, and what their
// bodies do is not used (the runtime's own channel operations are how it
// suspends, not blocking).
func Describes(path string) bool {
	return path == RuntimePath
}

// SelfSynchronized reports whether the package at path is one that sync
// itself is built on (the Go runtime and its internal packages): they
// synchronize with primitives of their own (runtime.lock, internal
// atomics, the scheduler's hand-offs) that the model does not describe,
// so what looks unsynchronized there is not known to be.
func SelfSynchronized(path string) bool {
	return path == "runtime" || strings.HasPrefix(path, "runtime/internal/") ||
		strings.HasPrefix(path, "internal/runtime/") || path == "internal/sync" || path == "sync" || path == "sync/atomic"
}

// DescribesPass is Describes for the package of a pass, and also true for
// the standard library. The table says what the standard library does;
// facts computed from its bodies are not used, because its internals are
// full of channel operations that are not waits in any sense a caller
// should hear about (the Go runtime's garbage collector, reflect's panics,
// fmt's recovery), and a chain from fmt.Errorf to the collector would be
// a false positive. The price: a standard-library function that blocks
// only through its body and is not in the table is missed.
//
// A package is taken to be the standard library when it belongs to no
// module and its path's first element has no dot (GOPATH-mode packages
// without a dot are taken for the standard library too).
func DescribesPass(pass *analysis.Pass) bool {
	if Describes(pass.Pkg.Path()) {
		return true
	}
	if pass.Module != nil && pass.Module.Path != "" && pass.Module.Path != "std" {
		return false
	}
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return !strings.Contains(first, ".")
}

// IsRuntime reports whether obj belongs to the async runtime.
func IsRuntime(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == RuntimePath
}

// Name returns how messages name fn, qualified relative to pkg:
// "load", "(*Store).load", "(Store).get", "os.ReadFile", "(*sql.DB).Query",
// "(net.Listener).Accept": a method always as (T).M or (*T).M.
func Name(fn *types.Func, pkg *types.Package) string {
	fn = fn.Origin()
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	sig := fn.Type().(*types.Signature)
	recv := sig.Recv()
	if recv == nil {
		if q := qualName(fn.Pkg(), qual); q != "" {
			return q + "." + fn.Name()
		}
		return fn.Name()
	}
	t := recv.Type()
	ptr := ""
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		ptr, t = "*", p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		obj := n.Origin().Obj()
		name := obj.Name()
		if q := qualName(obj.Pkg(), qual); q != "" {
			name = q + "." + name
		}
		return "(" + ptr + name + ")." + fn.Name()
	}
	return fn.Name()
}

func qualName(p *types.Package, qual func(*types.Package) string) string {
	if p == nil {
		return ""
	}
	return qual(p)
}

// BoundLockField returns the name of the field that holds the lock a
// value of type t is bound to (sync.Cond's L), if t has one.
func BoundLockField(t types.Type) (string, bool) {
	if t == nil {
		return "", false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Cond" {
		return "L", true
	}
	return "", false
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// IsTask reports whether t is a runtime task handle, *runtime.Task[T].
func IsTask(t types.Type) bool { return isRuntimeNamed(t, "Task", true) }

// IsJoinSet reports whether t is a runtime join set, runtime.JoinSet[T] or
// a pointer to one.
func IsJoinSet(t types.Type) bool {
	return isRuntimeNamed(t, "JoinSet", true) || isRuntimeNamed(t, "JoinSet", false)
}

func isRuntimeNamed(t types.Type, name string, ptr bool) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if ptr {
		p, ok := t.(*types.Pointer)
		if !ok {
			return false
		}
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == name && IsRuntime(n.Obj())
}

// IsTickerChan reports whether x is the C field of a *time.Ticker: a
// channel that is never closed, so a range over it never ends.
func IsTickerChan(info *types.Info, x ast.Expr) bool {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" {
		return false
	}
	t := info.TypeOf(sel.X)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Ticker"
}

// IsTimerField reports whether fld is the channel of a time.Ticker or a
// time.Timer: the runtime sends on it, so receiving from it orders
// nothing with another goroutine.
func IsTimerField(fld *types.Var) bool {
	if fld == nil || fld.Name() != "C" || fld.Pkg() == nil || fld.Pkg().Path() != "time" {
		return false
	}
	return true
}

// NamedOf returns the declared type of t or of what t points to, by its
// origin for an instance of a generic type; nil for any other type.
func NamedOf(t types.Type) *types.TypeName {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// DeclaredTypes returns the named types pkg declares at package level,
// without aliases and generic types, in the order of their names.
func DeclaredTypes(pkg *types.Package) []*types.Named {
	scope := pkg.Scope()
	var out []*types.Named
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() == 0 {
			out = append(out, n)
		}
	}
	return out
}

// effectPaths maps each effect to the import paths of the packages whose
// table entries have it.
var effectPaths = sync.OnceValue(func() map[Effect][]string {
	out := make(map[Effect][]string)
	for k, e := range table {
		path := KeyPath(k)
		for bit := Effect(1); bit != 0 && bit <= Formats; bit <<= 1 {
			if e.Effects.Has(bit) && !slices.Contains(out[bit], path) {
				out[bit] = append(out[bit], path)
			}
		}
	}
	return out
})

// KeyPath returns the import path of the package a key names.
func KeyPath(k string) string {
	if strings.HasPrefix(k, "(") {
		recv := strings.TrimPrefix(k[1:strings.Index(k, ")")], "*")
		return recv[:strings.LastIndex(recv, ".")]
	}
	return k[:strings.LastIndex(k, ".")]
}

// Imports reports whether pkg imports, directly, a package with a table
// entry that has one of the effects of eff: the cheap gate a check takes before
// any work ("can this package wait on a WaitGroup at all?"). Directives
// on functions of other packages are not seen by it.
func Imports(pkg *types.Package, eff Effect) bool {
	paths := effectPaths()
	for _, imp := range pkg.Imports() {
		for bit := Effect(1); bit != 0 && bit <= Formats; bit <<= 1 {
			if eff.Has(bit) && slices.Contains(paths[bit], imp.Path()) {
				return true
			}
		}
	}
	return false
}
