package plain

import (
	"errors"
	"sync"
)

// A partitioned feed hands its messages to the channel of the tail that
// opened it. Opening it subscribes the new feed, under the new feed's
// lock, before anyone else can see it.
type partFeed struct {
	mu    sync.Mutex
	out   chan int
	parts []int
}

func newPartFeed(out chan int, n int) (*partFeed, error) {
	f := &partFeed{out: out}
	if err := f.subscribe(n); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *partFeed) subscribe(n int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n == 0 {
		return errors.New("no partitions")
	}
	f.parts = make([]int, n)
	return nil
}

// Rewind waits for the next value with the lock held. The tail's close
// on a failed open comes after a lock of a feed nobody else has yet:
// not the lock Rewind holds. Not reported.
func (f *partFeed) Rewind() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := <-f.out
	f.parts = f.parts[:0]
	return v
}

type partTail struct {
	out  chan int
	feed *partFeed
}

func openPartTail(n int) (*partTail, error) {
	t := &partTail{out: make(chan int)}
	f, err := newPartFeed(t.out, n)
	if err != nil {
		close(t.out)
		return nil, err
	}
	t.feed = f
	return t, nil
}

// Reopen takes a feed's lock before it opens a new tail: the channel the
// new tail closes on failure is made by that call, after the lock is
// released, so no Rewind can wait on it holding that lock.
func (f *partFeed) Reopen(n int) (*partTail, error) {
	f.mu.Lock()
	f.parts = nil
	f.mu.Unlock()
	return openPartTail(n)
}

// The same feed, whose tail's Close takes the feed's lock (a published
// feed, the one Rewind may hold) before it closes the channel.
type sharedFeed struct {
	mu    sync.Mutex
	out   chan int
	parts []int
}

func (f *sharedFeed) Rewind() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := <-f.out // want `sync lock f.mu \(locked at freshrecv.go:81\) is held while waiting for another goroutine: a channel receive \(freshrecv.go:83\); release it before waiting \(the close at freshrecv.go:97 in \(\*sharedTail\).Close may take f.mu first\)`
	f.parts = f.parts[:0]
	return v
}

type sharedTail struct {
	out  chan int
	feed *sharedFeed
}

func (t *sharedTail) Close() {
	t.feed.mu.Lock()
	t.feed.parts = nil
	t.feed.mu.Unlock()
	close(t.out)
}

func openSharedTail() *sharedTail {
	t := &sharedTail{out: make(chan int)}
	t.feed = &sharedFeed{out: t.out}
	return t
}
