package pairs

import (
	"runtime"
	"sync/atomic"
)

// A lock the package builds itself on an atomic word: its RWLock and
// RWUnlock methods serialize the workers' updates of the state they
// guard. Silent.
type spinLock struct{ state int32 }

func (l *spinLock) RWLock(read bool) bool {
	for !atomic.CompareAndSwapInt32(&l.state, 0, 1) {
		runtime.Gosched()
	}
	return true
}

func (l *spinLock) RWUnlock(read bool) {
	atomic.StoreInt32(&l.state, 0)
}

type Tally struct {
	workers int
}

func (t *Tally) Run(done chan<- bool) {
	var mu spinLock
	var pairs [2]uint64
	for w := 0; w < t.workers; w++ {
		go func() {
			for i := 0; i < 100; i++ {
				if !mu.RWLock(false) {
					return
				}
				if pairs[0] != pairs[1] {
					panic("torn update")
				}
				pairs[0]++
				pairs[1]++
				mu.RWUnlock(false)
			}
			done <- true
		}()
	}
}

// WRONG: a block of the same names that is no lock.
type ledger struct{ total uint64 }

func (l *ledger) Block() {}

func (l *ledger) Unblock() {}

func (t *Tally) RunLedger(workers int, lg *ledger, done chan<- bool) {
	for w := 0; w < workers; w++ {
		go func() {
			lg.Block()
			lg.total++ // want `lg.total is written here by every goroutine started in the loop`
			lg.Unblock()
			done <- true
		}()
	}
}
