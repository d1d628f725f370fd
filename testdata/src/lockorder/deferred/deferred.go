// want package:`lock order \(deferred\.Txn\)\.mu -> \(deferred\.Log\)\.mu, \(deferred\.Log\)\.mu -> \(deferred\.Txn\)\.mu`

// Package deferred takes a lock in a deferred function: it runs at the
// function's exit, before the deferred unlocks registered ahead of it.
package deferred

import "sync"

type Log struct {
	mu   sync.Mutex
	txns []*Txn
}

type Txn struct {
	mu    sync.Mutex
	log   *Log
	state int
}

// Commit's deferred record runs before the deferred t.mu.Unlock: it
// takes l.mu with t.mu held.
func (t *Txn) Commit() {
	t.mu.Lock()
	defer t.mu.Unlock()
	defer func() { // want `lock order inversion: \(\*deferred.Txn\).Commit takes \(deferred.Txn\).mu then \(deferred.Log\).mu \(t.mu locked at deferred.go:23, then t.log.mu at deferred.go:25 by calling the func literal, which locks t.log.mu at deferred.go:26\), but \(\*deferred.Log\).Flush takes \(deferred.Log\).mu then \(deferred.Txn\).mu`
		t.log.mu.Lock()
		t.log.txns = append(t.log.txns, t)
		t.log.mu.Unlock()
	}()
	t.state = 1
}

// Abort's deferred record is registered first: it runs after the
// unlock. No order.
func (t *Txn) Abort() {
	defer func() {
		t.log.mu.Lock()
		t.log.txns = nil
		t.log.mu.Unlock()
	}()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = 2
}

func (l *Log) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range l.txns {
		t.mu.Lock()
		t.state = 3
		t.mu.Unlock()
	}
}
