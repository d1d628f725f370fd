package lockorder

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// writers finds, per order class, the package's first write lock of it
// (built on the first question), but for a lock on an object its
// function has just made: a cycle through a lock read-locked on
// both of its sides deadlocks when some goroutine write-locks it, since
// a writer waiting for the first read lock makes the second wait too
// (sync.RWMutex lets no new reader in while a writer waits).
type writers struct {
	pass  *analysis.Pass
	ix    *funcs.Index
	locks *lockset.Result
	acq   *lockacq.Result
	first map[string]string // class -> "(*T).Join write-locks m.mu at a.go:12"
}

func (w *writers) of(class string) string {
	if w.first == nil {
		w.first = make(map[string]string)
		for _, fn := range w.ix.Funcs {
			for _, op := range w.locks.LockOps(fn) {
				l := op.Lock
				if l.Mode != model.Exclusive || op.Try || op.Iface || l.Order == "" || w.first[l.Order] != "" ||
					w.acq.FreshTaken(fn, l.Key, l.Pos) {
					continue // a constructor's lock on what it builds waits for no reader
				}
				w.first[l.Order] = fmt.Sprintf("%s write-locks %s at %s", funcName(fn), l.Name, pos(w.pass, l.Pos))
			}
		}
	}
	return w.first[class]
}
