package a

import (
	"errors"
	"sync"
)

// A store whose write transactions hold its lock from Write to End:
// Write returns a transaction that points back at the store, and End
// releases the store's lock through it.
type txnStore struct {
	mu  sync.Mutex
	rev int64
	kvs map[string]string
}

type writeTxn struct {
	s       *txnStore
	changes map[string]string
}

func (s *txnStore) Write() *writeTxn {
	s.mu.Lock()
	return &writeTxn{s: s, changes: map[string]string{}}
}

func (tw *writeTxn) End() {
	for k, v := range tw.changes {
		tw.s.kvs[k] = v
	}
	tw.s.rev++
	tw.s.mu.Unlock()
}

var errTxnNotFound = errors.New("key not found")

// The early return skips End: s.mu stays held.
func (s *txnStore) CompareAndSwap(key, old, v string) error {
	tw := s.Write()
	cur, ok := tw.s.kvs[key]
	if !ok {
		return errTxnNotFound // want `s.mu locked by \(\*txnStore\).Write at txn.go:39 is still held at the return at txn.go:42; it is unlocked at txn.go:45 on other paths`
	}
	if cur != old {
		tw.End()
		return errors.New("compare failed")
	}
	tw.changes[key] = v
	tw.End()
	return nil
}

// A transaction built in place, released through it.
func (s *txnStore) Delete(key string) error {
	s.mu.Lock()
	tw := &writeTxn{s: s, changes: map[string]string{}}
	if _, ok := s.kvs[key]; !ok {
		return errTxnNotFound // want `s.mu locked at txn.go:55 is still held at the return at txn.go:58; it is unlocked at txn.go:61 on other paths`
	}
	delete(s.kvs, key)
	tw.End()
	return nil
}

// The same with End deferred: released on every path. Not reported.
func (s *txnStore) Put(key, v string) error {
	tw := s.Write()
	defer tw.End()
	if key == "" {
		return errTxnNotFound
	}
	tw.changes[key] = v
	return nil
}

// End on every path: not reported.
func (s *txnStore) Swap(key, v string) (string, error) {
	tw := s.Write()
	cur, ok := tw.s.kvs[key]
	if !ok {
		tw.End()
		return "", errTxnNotFound
	}
	tw.changes[key] = v
	tw.End()
	return cur, nil
}
