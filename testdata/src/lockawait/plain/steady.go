package plain

import (
	"sync"
	"time"
)

// A subscription asks its fetch loop for more messages while holding mu.
// The fetch loop needs no lock and leaves only when done is closed, and
// the request's select watches done too: it ends either way, even though
// the status goroutine takes mu before it closes done. Not reported.
type subscription struct {
	mu        sync.Mutex
	pending   int
	fetchNext chan int
	done      chan struct{}
}

func newSubscription() *subscription {
	s := &subscription{fetchNext: make(chan int), done: make(chan struct{})}
	go s.fetchLoop()
	go s.status()
	return s
}

func (s *subscription) requestNext(n int) {
	select {
	case s.fetchNext <- n:
	case <-s.done:
	}
}

func (s *subscription) checkPending() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending < 10 {
		s.requestNext(10 - s.pending)
	}
}

func (s *subscription) fetchLoop() {
	for {
		select {
		case n := <-s.fetchNext:
			_ = n
		case <-s.done:
			return
		}
	}
}

func (s *subscription) status() {
	s.mu.Lock()
	s.pending = 0
	s.mu.Unlock()
	close(s.done)
}

// The same subscription whose fetch loop also gives up on its own
// timer: once it has, the request waits for done, whose closer waits for
// mu.
type idleSubscription struct {
	mu        sync.Mutex
	pending   int
	fetchNext chan int
	done      chan struct{}
}

func newIdleSubscription() *idleSubscription {
	s := &idleSubscription{fetchNext: make(chan int), done: make(chan struct{})}
	go s.fetchLoop()
	go s.status()
	return s
}

func (s *idleSubscription) checkPending() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select { // want `sync lock s.mu \(locked at steady.go:\d+\) is held while waiting for another goroutine: a select without default`
	case s.fetchNext <- 1:
	case <-s.done:
	}
}

func (s *idleSubscription) fetchLoop() {
	for {
		select {
		case n := <-s.fetchNext:
			_ = n
		case <-time.After(time.Minute):
			return
		case <-s.done:
			return
		}
	}
}

func (s *idleSubscription) status() {
	s.mu.Lock()
	s.pending = 0
	s.mu.Unlock()
	close(s.done)
}
