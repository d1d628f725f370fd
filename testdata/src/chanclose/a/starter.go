package a

import (
	"sync"
	"time"
)

// A session closes itself after an idle timeout on a goroutine it
// starts, and its owner closes it too when done: two closes of quit on
// one session, whatever the order.
type idleSession struct {
	quit chan struct{}
}

func (s *idleSession) close() { close(s.quit) } // want `idleSession.quit is closed twice: close runs on the goroutine started at starter.go:\d+ \(starter.go:\d+\) and in serveIdle \(starter.go:\d+\), on the same value, on every path; the second close panics`

func serveIdle(s *idleSession, work func()) {
	go func() {
		time.Sleep(time.Minute)
		s.close()
	}()
	work()
	s.close()
}

// The same session whose close runs once (sync.Once): not reported.
type onceSession struct {
	quit chan struct{}
	once sync.Once
}

func (s *onceSession) close() { s.once.Do(func() { close(s.quit) }) }

func serveOnce(s *onceSession, work func()) {
	go func() {
		time.Sleep(time.Minute)
		s.close()
	}()
	work()
	s.close()
}

// A close that checks a flag under a lock: the second call does not
// close. Not reported.
type flaggedSession struct {
	mu     sync.Mutex
	closed bool
	quit   chan struct{}
}

func (s *flaggedSession) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.quit)
	}
}

func serveFlagged(s *flaggedSession, work func()) {
	go func() {
		time.Sleep(time.Minute)
		s.close()
	}()
	work()
	s.close()
}

// Two sessions: the goroutine closes one, the owner the other.
func serveTwo(a, b *idleSession2, work func()) {
	go func() {
		time.Sleep(time.Minute)
		a.close()
	}()
	work()
	b.close()
}

type idleSession2 struct {
	quit chan struct{}
}

func (s *idleSession2) close() { close(s.quit) }
