package doublelock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "doublelock",
	Doc:      analysisdoc.Extract(doc, "doublelock"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/doublelock/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, lockset.Analyzer, lockacq.Analyzer, tasks.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	acq := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)
	if !locks.Any() && !locks.TakesAny() && !acq.Any() {
		return nil, nil // the cheap gate: no sync lock (or Once) is ever held here
	}
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	a := &alone{pass: pass, ix: ix, acq: acq, spawns: pass.ResultOf[tasks.Analyzer].(*tasks.Result)}
	for _, fn := range ix.Funcs {
		checkDeferredLock(pass, locks, fn)
		if locks.Holds(fn) && acq.Any() {
			checkRecovered(pass, locks, acq, fn)
		}
		// The function's own lock operations: the lock is certainly held
		// on every path to the second one.
		for _, op := range locks.LockOps(fn) {
			if op.Try || op.Iface {
				continue // TryLock never waits
			}
			for _, h := range op.Held {
				if h.Key == op.Lock.Key || locks.Canon(h.Key) == locks.Canon(op.Lock.Key) {
					if op.Lock.Mode == model.Shared && a.readAgain(fn, h) {
						break
					}
					report(pass, op.Call.Pos(), h, op.Lock.Mode, pos(pass, op.Call.Pos()), nil)
					break
				}
			}
		}
		// Function literals a callee runs holding a lock they take, and
		// the functions of Once.Do that call Do on the same Once.
		if acq.Any() {
			for _, call := range acq.Calls(fn) {
				checkOnce(pass, acq, fn, call)
				for _, cb := range acq.CallbackHolds(fn, call) {
					check(pass, a, fn, call, cb.Sites, cb.Held, make(map[lockKey]bool))
				}
			}
		}
		// Calls that may take a lock the function holds, or that an
		// iterator holds around the body of a range over it.
		iters := rangesOverFunc(pass.TypesInfo, fn)
		if !locks.Holds(fn) && !iters || !acq.Any() {
			continue
		}
		reported := make(map[lockKey]bool)
		for _, call := range acq.Calls(fn) {
			held := locks.HeldAt(call)
			if iters {
				held = append(slices.Clip(held), acq.IterHolds(fn, call)...)
			}
			if len(held) > 0 {
				check(pass, a, fn, call, append(acq.At(fn, call), acq.SelfLocks(fn, call)...), held, reported)
			}
		}
	}
	return nil, nil
}

// lockKey is a held lock and the place a callee locks it again: two calls
// that reach it are one mistake (the first never returns), reported once.
type lockKey struct {
	held token.Pos
	end  lockacq.Step
}

// check reports a call that may take, at one of sites, a lock held at it
// (once per call, and once per held lock and relocking site).
func check(pass *analysis.Pass, a *alone, fn *funcs.Func, call *ast.CallExpr, sites []lockacq.Site, held []lockset.Lock, reported map[lockKey]bool) {
	acq := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)
	for _, s := range sites {
		if s.Key.IsZero() || s.Guarded {
			continue
		}
		for _, h := range held {
			hk := acq.Canon(h.Key)
			if hk != s.Key || slices.ContainsFunc(s.Released, func(km lockset.KeyMode) bool { return km.Key == h.Key || acq.Canon(km.Key) == hk }) {
				continue
			}
			if s.Mode == model.Shared && a.readAgain(fn, h) {
				continue
			}
			if s.Lazy != nil && s.Key.RootedIn(s.Lazy.Var) && a.lazySet(fn, call, s.Lazy, h) {
				continue
			}
			if len(s.Chain) > 0 {
				k := lockKey{h.Pos, s.Chain[len(s.Chain)-1]}
				if reported[k] {
					return
				}
				reported[k] = true
			}
			report(pass, call.Pos(), h, s.Mode, pos(pass, call.Pos()), s.Chain)
			return
		}
	}
}

func report(pass *analysis.Pass, at token.Pos, h lockset.Lock, mode model.LockMode, where string, chain []lockacq.Step) {
	first := "locked"
	if h.Mode == model.Shared {
		first = "read-locked"
	}
	if h.Via != "" {
		first += " by " + h.Via
	}
	var again, why string
	switch {
	case h.Mode == model.Exclusive && mode == model.Exclusive:
		again, why = "locked again", "sync.Mutex is not reentrant: this goroutine blocks on the lock it holds, until another goroutine unlocks it"
	case h.Mode == model.Shared && mode == model.Shared:
		again, why = "read-locked again", "a recursive read lock deadlocks once a writer waits between the two"
	case h.Mode == model.Shared:
		again, why = "locked", "a goroutine holding the read lock cannot take the write lock: Lock waits for its own read lock to be released"
	default:
		again, why = "read-locked", "a goroutine holding the write lock cannot take the read lock: RLock waits for its own write lock to be released"
	}
	msg := fmt.Sprintf("%s is %s at %s and %s at %s", h.Name, first, pos(pass, h.Pos), again, where)
	if d := lockacq.Describe(chain); d != "" {
		msg += " " + d
	}
	pass.Reportf(at, "%s; %s", msg, why)
}

func pos(pass *analysis.Pass, p token.Pos) string { return lockacq.Pos(pass.Fset, p) }

// checkOnce reports a call of a sync.Once's Do whose function may call
// Do on the same Once again: the first Do holds the Once until its
// function returns, and the second waits for that.
func checkOnce(pass *analysis.Pass, acq *lockacq.Result, fn *funcs.Func, call *ast.CallExpr) {
	once, sites := acq.OnceAt(fn, call)
	for _, s := range sites {
		if s.Key.IsZero() || s.Key != once || len(s.Chain) < 2 {
			continue
		}
		recv := types.ExprString(ast.Unparen(call.Fun).(*ast.SelectorExpr).X)
		first := s.Chain[1]
		how := "calls " + first.Name + " at " + first.Pos + strings.TrimPrefix(lockacq.Describe(s.Chain[1:]), "by calling "+first.Name)
		pass.Reportf(call.Pos(), "%s.Do at %s runs a function that calls %s.Do again: it %s; the inner Do waits for the outer one to return, which waits for it: a deadlock",
			recv, pos(pass, call.Pos()), recv, how)
		return
	}
}

// rangesOverFunc reports whether fn's body (not its literals) has a
// range over a function value.
func rangesOverFunc(info *types.Info, fn *funcs.Func) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
		if rs, ok := n.(*ast.RangeStmt); ok {
			if _, isFunc := info.TypeOf(rs.X).Underlying().(*types.Signature); isFunc {
				found = true
			}
		}
		return !found
	})
	return found
}
