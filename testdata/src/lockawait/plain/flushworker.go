package plain

import (
	"context"
	"sync"
)

// An async transport's Flush holds closeMu's read lock, so that Close
// cannot close done under it, while it hands its flush request to the
// worker. The worker leaves its loop only when done is closed (its queue
// is never closed, so the !open branch never runs): it is there to take
// the request for as long as done is open, and done cannot close while
// Flush holds the read lock. Not reported.
type asyncTransport struct {
	closeMu sync.RWMutex
	done    chan struct{}
	queue   chan string
	flushes chan chan struct{}
	sent    int
}

func newAsyncTransport() *asyncTransport {
	t := &asyncTransport{done: make(chan struct{}), queue: make(chan string, 16), flushes: make(chan chan struct{})}
	go t.worker()
	return t
}

func (t *asyncTransport) worker() {
	for {
		select {
		case <-t.done:
			return
		case msg, open := <-t.queue:
			if !open {
				return
			}
			t.sent += len(msg)
		case resp := <-t.flushes:
			close(resp)
		}
	}
}

func (t *asyncTransport) Flush(ctx context.Context) bool {
	t.closeMu.RLock()
	defer t.closeMu.RUnlock()
	resp := make(chan struct{})
	select {
	case <-t.done:
		return false
	case t.flushes <- resp:
		<-resp
		return true
	case <-ctx.Done():
		return false
	}
}

func (t *asyncTransport) Close() {
	t.closeMu.Lock()
	defer t.closeMu.Unlock()
	close(t.done)
}

// The same transport whose Stop closes the queue: the worker may be gone
// while done is still open, and done's closer waits for the read lock
// Flush holds.
type stoppableTransport struct {
	closeMu sync.RWMutex
	done    chan struct{}
	queue   chan string
	flushes chan chan struct{}
	sent    int
}

func newStoppableTransport() *stoppableTransport {
	t := &stoppableTransport{done: make(chan struct{}), queue: make(chan string, 16), flushes: make(chan chan struct{})}
	go t.worker()
	return t
}

func (t *stoppableTransport) worker() {
	for {
		select {
		case <-t.done:
			return
		case msg, open := <-t.queue:
			if !open {
				return
			}
			t.sent += len(msg)
		case resp := <-t.flushes:
			close(resp)
		}
	}
}

func (t *stoppableTransport) Stop() { close(t.queue) }

func (t *stoppableTransport) Flush(ctx context.Context) bool {
	t.closeMu.RLock()
	defer t.closeMu.RUnlock()
	resp := make(chan struct{})
	select { // want `sync read lock t.closeMu \(locked at flushworker.go:101\) is held while waiting for another goroutine: a select without default \(flushworker.go:104\); release it before waiting \(the close at flushworker.go:118 in \(\*stoppableTransport\).Close may take t.closeMu first\)`
	case <-t.done:
		return false
	case t.flushes <- resp:
		<-resp
		return true
	case <-ctx.Done():
		return false
	}
}

func (t *stoppableTransport) Close() {
	t.closeMu.Lock()
	defer t.closeMu.Unlock()
	close(t.done)
}
