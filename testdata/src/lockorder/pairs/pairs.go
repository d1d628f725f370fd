// Package pairs: a function that locks two of its parameters in the
// order of its arguments, run for every ordered pair of a collection.
package pairs

import "sync"

type Shard[K comparable] struct {
	id   int
	mu   sync.Mutex
	keys map[K]int
}

// Move locks the source, then the destination.
func Move[K comparable](src, dst *Shard[K], k K) bool {
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.mu.Lock() // want `src.mu is locked at pairs.go:15 and dst.mu at pairs.go:17: the same lock of two of pairs.Move's parameters, in the order of its arguments, and Move\(a, b, k\) at pairs.go:\d+, on a goroutine of its own, runs for every ordered pair of shards, so both ways round`
	defer dst.mu.Unlock()
	v, ok := src.keys[k]
	if !ok {
		return false
	}
	delete(src.keys, k)
	dst.keys[k] = v
	return true
}

// Rebalance runs a mover for every ordered pair of shards at once.
func Rebalance[K comparable](shards []*Shard[K], hot func(*Shard[K]) []K) {
	var wg sync.WaitGroup
	for _, a := range shards {
		for _, b := range shards {
			if a == b {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, k := range hot(a) {
					Move(a, b, k)
				}
			}()
		}
	}
	wg.Wait()
}

type Account struct {
	id      int
	mu      sync.Mutex
	balance int
}

// Pay locks the payer, then the payee.
func Pay(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// Payroll pays each employee from each company account: two different
// collections, one direction. Not reported.
func Payroll(companies, employees []*Account) {
	var wg sync.WaitGroup
	for _, c := range companies {
		for _, e := range employees {
			wg.Add(1)
			go func() {
				defer wg.Done()
				Pay(c, e, 1)
			}()
		}
	}
	wg.Wait()
}

// Settle runs every pair in turn, on this goroutine: one at a time. Not
// reported.
func Settle(accounts []*Account) {
	for _, a := range accounts {
		for _, b := range accounts {
			if a != b {
				Pay(a, b, 1)
			}
		}
	}
}
