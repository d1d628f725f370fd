package a

import (
	"errors"
	"sync"
)

// A journal that keeps appends in order: each append locks the journal
// and hands the lock to the goroutine that writes the entry, which
// releases it once the entry is on disk.
type journalSink interface {
	Append(entry []byte) error
}

type journal struct {
	mu      sync.Mutex
	sink    journalSink
	written int
	errs    chan error
}

func (j *journal) Append(entry []byte) {
	j.mu.Lock()
	buf := append([]byte(nil), entry...)
	go j.write(buf)
}

func (j *journal) write(buf []byte) {
	if err := j.sink.Append(buf); err != nil {
		j.fail(err)
		return // want `j.mu, locked at handoff.go:23 and handed to the goroutine started at handoff.go:25, is released at handoff.go:34 on other paths but not before this return: it stays locked for good`
	}
	j.written++
	j.mu.Unlock()
}

func (j *journal) fail(err error) {
	select {
	case j.errs <- err:
	default:
	}
}

func (j *journal) Written() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.written
}

// The same journal that releases the lock on the error path too: not
// reported.
type safeJournal struct {
	mu      sync.Mutex
	sink    journalSink
	written int
}

func (j *safeJournal) Append(entry []byte) {
	j.mu.Lock()
	go j.write(append([]byte(nil), entry...))
}

func (j *safeJournal) write(buf []byte) {
	defer j.mu.Unlock()
	if err := j.sink.Append(buf); err != nil {
		return
	}
	j.written++
}

// A goroutine that unlocks on both paths by hand: not reported.
type pairedJournal struct {
	mu   sync.Mutex
	sink journalSink
	errs []error
}

func (j *pairedJournal) Append(entry []byte) {
	j.mu.Lock()
	go j.write(entry)
}

func (j *pairedJournal) write(buf []byte) {
	if err := j.sink.Append(buf); err != nil {
		j.errs = append(j.errs, err)
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
}

// A goroutine that takes the lock itself and releases it before its
// early return: its own lock, handled by the rules above. Not reported
// here.
type ownJournal struct {
	mu   sync.Mutex
	sink journalSink
	n    int
}

func (j *ownJournal) Append(entry []byte) {
	go j.write(entry)
}

func (j *ownJournal) write(buf []byte) {
	j.mu.Lock()
	if buf == nil {
		j.mu.Unlock()
		return
	}
	j.n++
	j.mu.Unlock()
}

var errClosed = errors.New("closed")

// A goroutine whose starter does not hold the lock: the early return
// releases nothing it was given. Not reported.
type looseJournal struct {
	mu     sync.Mutex
	closed bool
}

func (j *looseJournal) Close() {
	go j.finish()
}

func (j *looseJournal) finish() error {
	if j.closed {
		return errClosed
	}
	j.closed = true
	j.mu.Unlock()
	return nil
}
