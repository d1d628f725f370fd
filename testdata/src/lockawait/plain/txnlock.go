package plain

import "sync"

// A store serializes writers with a one-slot channel used as a lock:
// write acquires and releases it around each batch, and a transaction
// acquires it when it opens and releases it when it commits, in
// another call. Commit holds the transaction's own lock when it
// releases the write lock: a release takes back the token the
// transaction put in, and does not wait. Close acquires the write lock
// after it discarded the open transaction, under that transaction's
// lock. Not reported.
type txnStore struct {
	writeLockC chan struct{}
	tr         *storeTxn
}

type storeTxn struct {
	lk     sync.Mutex
	s      *txnStore
	closed bool
}

func newTxnStore() *txnStore { return &txnStore{writeLockC: make(chan struct{}, 1)} }

func (s *txnStore) write(batch []byte) {
	s.writeLockC <- struct{}{}
	_ = batch
	<-s.writeLockC
}

func (s *txnStore) OpenTransaction() *storeTxn {
	s.writeLockC <- struct{}{}
	tr := &storeTxn{s: s}
	s.tr = tr
	return tr
}

func (tr *storeTxn) Commit() {
	tr.lk.Lock()
	defer tr.lk.Unlock()
	if tr.closed {
		return
	}
	tr.closed = true
	tr.s.tr = nil
	<-tr.s.writeLockC
}

func (tr *storeTxn) Discard() {
	tr.lk.Lock()
	tr.closed = true
	tr.lk.Unlock()
}

func (s *txnStore) Close() {
	if s.tr != nil {
		s.tr.Discard()
	}
	s.writeLockC <- struct{}{}
}

// The same shape, but the channel is a signal, not a lock: the
// flusher sends on it when a batch is durable, and nothing acquires
// and releases it on one path. Sync waits for the signal holding the
// store's lock, which the flusher takes first.
type signalStore struct {
	mu      sync.Mutex
	durable chan struct{}
	pending int
}

func newSignalStore() *signalStore {
	s := &signalStore{durable: make(chan struct{}, 1)}
	go s.flusher()
	return s
}

func (s *signalStore) flusher() {
	for {
		s.mu.Lock()
		s.pending = 0
		s.mu.Unlock()
		s.durable <- struct{}{}
	}
}

func (s *signalStore) Sync() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.durable // want `sync lock s.mu \(locked at txnlock.go:\d+\) is held while waiting for another goroutine: a channel receive \(txnlock.go:\d+\)`
}
