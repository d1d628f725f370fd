package plain

import (
	"errors"
	"sync"
)

// A errFeed reports its first failure on errs, a one-slot channel
// its watcher drains: fail sends only while failed is unset and sets it,
// holding mu, and nothing unsets it. At most one value is ever sent:
// the slot is free. Not reported, though the watcher takes mu.
type errFeed struct {
	mu     sync.Mutex
	failed error
	errs   chan error
	log    []string
}

func newErrFeed() *errFeed {
	s := &errFeed{errs: make(chan error, 1)}
	go s.watch()
	return s
}

func (s *errFeed) watch() {
	for err := range s.errs {
		s.mu.Lock()
		s.log = append(s.log, err.Error())
		s.mu.Unlock()
	}
}

func (s *errFeed) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed == nil {
		s.errs <- err
		s.failed = err
	}
}

// The same, but retry clears the flag: a second failure can find the
// slot taken while the watcher waits for mu.
type retryingErrFeed struct {
	mu     sync.Mutex
	failed error
	errs   chan error
	log    []string
}

func newRetryingErrFeed() *retryingErrFeed {
	s := &retryingErrFeed{errs: make(chan error, 1)}
	go s.watch()
	return s
}

func (s *retryingErrFeed) watch() {
	for err := range s.errs {
		s.mu.Lock()
		s.log = append(s.log, err.Error())
		s.mu.Unlock()
	}
}

func (s *retryingErrFeed) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed == nil {
		s.errs <- err // want `sync lock s.mu \(locked at gated.go:\d+\) is held while waiting for another goroutine: a channel send`
		s.failed = err
	}
}

func (s *retryingErrFeed) retry() {
	s.mu.Lock()
	s.failed = nil
	s.mu.Unlock()
}

// A flag tested but never set proves nothing: every failure sends.
type chattyErrFeed struct {
	mu     sync.Mutex
	closed bool
	errs   chan error
	log    []string
}

func newChattyErrFeed() *chattyErrFeed {
	s := &chattyErrFeed{errs: make(chan error, 1)}
	go s.watch()
	return s
}

func (s *chattyErrFeed) watch() {
	for err := range s.errs {
		s.mu.Lock()
		s.log = append(s.log, err.Error())
		s.mu.Unlock()
	}
}

func (s *chattyErrFeed) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.errs <- err // want `sync lock s.mu \(locked at gated.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

func (s *chattyErrFeed) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

// A dial delivers its connection once: deliver sets done, puts the
// result in the one-slot channel and closes it, all under mu. cancel
// receives only when done is set, under mu: the result, or the close,
// is already there. Not reported, though deliver takes mu.
type onceDial struct {
	mu     sync.Mutex
	done   bool
	result chan dialResult
}

type dialResult struct {
	conn int
	err  error
}

func (d *onceDial) start() {
	d.result = make(chan dialResult, 1)
	go func() {
		d.deliver(dialResult{conn: 1})
	}()
}

func (d *onceDial) deliver(r dialResult) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return false
	}
	d.done = true
	d.result <- r
	close(d.result)
	return true
}

// cancel closes the channel when nothing was delivered, and sets done
// after: done is never set with the channel open.
func (d *onceDial) cancel() (int, error) {
	d.mu.Lock()
	conn, err := 0, errors.New("canceled")
	if d.done {
		if r, ok := <-d.result; ok {
			conn, err = r.conn, r.err
		}
	} else {
		close(d.result)
	}
	d.done = true
	d.mu.Unlock()
	return conn, err
}

// The same dial whose cancel does not look at done: it waits for a
// delivery that needs mu.
type eagerDial struct {
	mu     sync.Mutex
	done   bool
	result chan dialResult
}

func (d *eagerDial) start() {
	d.result = make(chan dialResult, 1)
	go func() {
		d.deliver(dialResult{conn: 1})
	}()
}

func (d *eagerDial) deliver(r dialResult) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return false
	}
	d.done = true
	d.result <- r
	close(d.result)
	return true
}

func (d *eagerDial) cancel() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	r := <-d.result // want `sync lock d.mu \(locked at gated.go:\d+\) is held while waiting for another goroutine: a channel receive`
	return r.conn
}

// Here deliver sets done before it sends, and unlocks in between:
// cancel may see done with nothing in the channel yet, and wait for the
// send, which comes after deliver takes mu again.
type splitDial struct {
	mu     sync.Mutex
	done   bool
	dials  int
	result chan dialResult
}

func (d *splitDial) start() {
	d.result = make(chan dialResult, 1)
	go d.deliver(dialResult{conn: 1})
}

func (d *splitDial) deliver(r dialResult) {
	d.mu.Lock()
	if d.done {
		d.mu.Unlock()
		return
	}
	d.done = true
	d.mu.Unlock()
	d.mu.Lock()
	d.dials++
	d.mu.Unlock()
	d.result <- r
}

func (d *splitDial) cancel() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		r := <-d.result // want `sync lock d.mu \(locked at gated.go:\d+\) is held while waiting for another goroutine: a channel receive`
		return r.conn
	}
	return 0
}

// A batcher wakes its flusher at most once per batch: add sends only
// while pending is unset and sets it, holding mu, and the flusher clears
// it only once it has taken the wake-up out. At most one wake-up is in
// the one-slot channel: the send finds room. Not reported, though the
// flusher takes mu.
type batcher struct {
	mu      sync.Mutex
	pending bool
	wake    chan struct{}
	items   []string
	flushed int
}

func newBatcher() *batcher {
	b := &batcher{wake: make(chan struct{}, 1)}
	go b.flusher()
	return b
}

func (b *batcher) add(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items = append(b.items, s)
	if !b.pending {
		b.pending = true
		b.wake <- struct{}{}
	}
}

func (b *batcher) flusher() {
	for range b.wake {
		b.mu.Lock()
		b.pending = false
		b.flushed += len(b.items)
		b.items = nil
		b.mu.Unlock()
	}
}
