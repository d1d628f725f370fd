package lockleak

import (
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/tasks"
)

// A lock handed to a goroutine: the starter locks and starts the
// goroutine without releasing it, and the goroutine releases it when its
// work is done.
//
//	s.mu.Lock()
//	go s.flush(key, buf) // flush unlocks s.mu
//
// Nothing else releases it. A return of the goroutine's that skips the
// release (an error path) leaves it held for good.

// checkHandOff reports the returns of a goroutine body that skip the
// release of a lock its starter holds at the go statement, which the
// body releases on other paths and never takes itself.
func checkHandOff(pass *analysis.Pass, locks *lockset.Result, spawns *tasks.Result, fn *funcs.Func) {
	sp := spawns.OnlyBody(fn)
	if sp == nil || sp.Go == nil {
		return
	}
	var flow *lockset.Flow
	var returns []lockset.Exit
	seen := map[lockset.Key]bool{}
	for _, u := range locks.UnlockOps(fn) {
		if u.Deferred || u.Helper || seen[u.Lock.Key] {
			continue
		}
		seen[u.Lock.Key] = true
		if slices.ContainsFunc(locks.LockOps(fn), func(op lockset.LockOp) bool { return op.Lock.Key == u.Lock.Key }) {
			continue // the body's own lock
		}
		ref, ok := locks.Relative(fn, u.Lock.Key, u.Lock.Mode)
		if !ok {
			continue
		}
		k, _, ok := locks.MapRef(sp.Call, ref)
		if !ok {
			continue
		}
		handed := locks.HandedAt(sp.Call)
		i := slices.IndexFunc(handed, func(h lockset.Lock) bool {
			return h.Mode == u.Lock.Mode && locks.Canon(h.Key) == locks.Canon(k)
		})
		if i < 0 {
			continue // not handed over: the starter does not hold it
		}
		h := handed[i]
		if flow == nil {
			if flow = locks.Flow(fn); flow == nil {
				return
			}
			returns = flow.Returns()
		}
		for _, x := range returns {
			if slices.Contains(x.Released, u.Lock) || slices.Contains(x.Deferred, u.Lock) {
				continue
			}
			pass.Reportf(x.Pos, "%s, locked at %s and handed to the goroutine started at %s, is released at %s on other paths but not before this return: it stays locked for good; release it on every path (or defer the release)",
				h.Name, pos(pass, h.Pos), pos(pass, sp.Go.Pos()), pos(pass, u.Pos))
			break
		}
	}
}
