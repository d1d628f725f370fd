package plain

import (
	"sync"
	"time"
)

// Two stores embed the same common part, and its lock. A disk store's
// sync goroutine locks its own part; a database store polls for its
// lease, sleeping with its own part locked. A database store's lock is
// no disk store's: the sleep stalls no goroutine. Not reported.
type commonPart struct {
	sync.RWMutex
	closed bool
}

type partStore struct {
	commonPart
	name string
}

type diskStore struct {
	partStore
	dirty bool
}

func newDiskStore() *diskStore {
	s := &diskStore{}
	go s.syncLoop()
	return s
}

func (s *diskStore) syncLoop() {
	for range time.Tick(time.Second) {
		s.Lock()
		s.dirty = false
		s.Unlock()
	}
}

type dbStore struct {
	partStore
	leased bool
}

func (s *dbStore) acquireLease() bool { return false }

func (s *dbStore) WaitLease() bool {
	s.Lock()
	defer s.Unlock()
	for i := 0; i < 3 && !s.leased; i++ {
		time.Sleep(100 * time.Millisecond)
		s.leased = s.acquireLease()
	}
	return s.leased
}

// The same database store with a flusher goroutine of its own, which
// takes its lock: it waits out every poll.
type flushedDBStore struct {
	partStore
	leased bool
}

func newFlushedDBStore() *flushedDBStore {
	s := &flushedDBStore{}
	go s.flushLoop()
	return s
}

func (s *flushedDBStore) flushLoop() {
	for range time.Tick(time.Second) {
		s.Lock()
		s.name = ""
		s.Unlock()
	}
}

func (s *flushedDBStore) acquireLease() bool { return false }

func (s *flushedDBStore) WaitLease() bool {
	s.Lock()
	defer s.Unlock()
	for i := 0; i < 3 && !s.leased; i++ {
		time.Sleep(100 * time.Millisecond) // want `sync lock s.partStore.commonPart.RWMutex \(locked at embedstore.go:\d+\) is held while waiting for another goroutine: time.Sleep \(embedstore.go:\d+\); release it before waiting \(the Lock at embedstore.go:\d+ in \(\*flushedDBStore\).flushLoop, run by the goroutine started at embedstore.go:\d+, takes s.partStore.commonPart.RWMutex, and waits as long as this sleep\)`
		s.leased = s.acquireLease()
	}
	return s.leased
}

// A ledger's goroutine counts through a method of the embedded part,
// which may lock the part of any value embedding it: of this ledger
// too. The sleep stalls it: reported.
type ledgerPart struct {
	sync.Mutex
	n int
}

func (p *ledgerPart) bump() {
	p.Lock()
	p.n++
	p.Unlock()
}

type fileLedger struct {
	ledgerPart
	path string
}

func newFileLedger() *fileLedger {
	l := &fileLedger{}
	go func() {
		for range time.Tick(time.Second) {
			l.bump()
		}
	}()
	return l
}

func (l *fileLedger) Rotate() {
	l.Lock()
	defer l.Unlock()
	time.Sleep(10 * time.Millisecond) // want `sync lock l.ledgerPart.Mutex \(locked at embedstore.go:\d+\) is held while waiting for another goroutine: time.Sleep \(embedstore.go:\d+\); release it before waiting \(the Lock at embedstore.go:\d+ in \(\*ledgerPart\).bump, run by the goroutine started at embedstore.go:\d+, takes l.ledgerPart.Mutex, and waits as long as this sleep\)`
	l.path += ".1"
}
