// Command fixed is examples/lockorder corrected: audit takes the locks in
// the order deposit does, Account.mu then Ledger.mu.
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
	goruntime.Gosched()
	l.record()
}

// audit checks the ledger against the account.
func (l *ledger) audit(a *account) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	goruntime.Gosched()
	l.mu.Lock()
	defer l.mu.Unlock()
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
	timeout := time.After(10 * time.Second)
	for range 2 {
		select {
		case <-done:
		case <-timeout:
			fmt.Println("no progress after 10s: deadlock.")
			return
		}
	}
	fmt.Println("finished: balance", a.balance, "entries", l.entries)
}
