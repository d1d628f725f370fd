// Command lockorder shows the mistake the lockorder check finds: two
// locks taken in opposite orders. Deposit holds the account and records
// in the ledger (Account.mu, then Ledger.mu, through a call); Audit holds
// the ledger and reads the account (Ledger.mu, then Account.mu). Run
// together, each ends up holding the lock the other waits for. Caught
// here by a timeout.
//
//	go run ./examples/lockorder
//	go run ./examples/lockorder/fixed
//	go run ./cmd/asynclint ./examples/lockorder/...
package main

import (
	"fmt"
	goruntime "runtime"
	"sync"
	"time"
)

type account struct {
	mu      sync.Mutex
	balance int
}

type ledger struct {
	mu      sync.Mutex
	entries int
}

func (l *ledger) record() {
	l.mu.Lock()
	l.entries++
	l.mu.Unlock()
}

// deposit adds n to the account and records it.
func (a *account) deposit(l *ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	goruntime.Gosched() // let the auditor run, as a busy server would
	l.record()
}

// audit checks the ledger against the account.
func (l *ledger) audit(a *account) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	goruntime.Gosched()
	a.mu.Lock() // the mistake: Ledger.mu then Account.mu, the opposite of deposit
	defer a.mu.Unlock()
	return a.balance == l.entries
}

func main() {
	a, l := &account{}, &ledger{}
	done := make(chan struct{}, 2)
	go func() {
		for range 100000 {
			a.deposit(l, 1)
		}
		done <- struct{}{}
	}()
	go func() {
		for range 100000 {
			l.audit(a)
		}
		done <- struct{}{}
	}()
	timeout := time.After(time.Second)
	for range 2 {
		select {
		case <-done:
		case <-timeout:
			fmt.Println("no progress after 1s: deadlock.")
			fmt.Println("=> deposit holds a.mu and waits for l.mu; audit holds l.mu and waits for a.mu.")
			return
		}
	}
	fmt.Println("finished: balance", a.balance, "entries", l.entries)
}
