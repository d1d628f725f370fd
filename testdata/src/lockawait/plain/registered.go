package plain

import (
	"sync"
	"time"
)

// A session delivers signals, under its lock, to the channel a handler
// registered with Signals. The handler takes the lock to register, but
// only before the session can find its channel: once it can, the
// handler takes no lock before it receives.
type sigSession struct {
	mu    sync.Mutex
	sigCh chan<- string
	env   []string
}

func newSigSession(reqs <-chan string) *sigSession {
	s := &sigSession{}
	go s.serve(reqs)
	return s
}

func (s *sigSession) Signals(c chan<- string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sigCh = c
}

func (s *sigSession) Env() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.env
}

func (s *sigSession) serve(reqs <-chan string) {
	for r := range reqs {
		s.mu.Lock()
		if s.sigCh != nil {
			s.sigCh <- r
		}
		s.mu.Unlock()
	}
}

func HandleSignals(s *sigSession) {
	env := s.Env()
	ch := make(chan string)
	s.Signals(ch)
	for sig := range ch {
		_ = append(env, sig)
	}
}

// The same handler asks for the environment between two signals: the
// session may hold the lock to deliver the next one while the handler
// waits for the lock.
type envSession struct {
	mu    sync.Mutex
	sigCh chan<- string
	env   []string
}

func newEnvSession(reqs <-chan string) *envSession {
	s := &envSession{}
	go s.serve(reqs)
	return s
}

func (s *envSession) Signals(c chan<- string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sigCh = c
}

func (s *envSession) Env() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.env
}

func (s *envSession) serve(reqs <-chan string) {
	for r := range reqs {
		s.mu.Lock()
		if s.sigCh != nil {
			s.sigCh <- r // want `sync lock s.mu \(locked at registered.go:84\) is held while waiting for another goroutine: a channel send \(registered.go:86\); release it before waiting \(the range at registered.go:95 in HandleEnvSignals may take s.mu first\)`
		}
		s.mu.Unlock()
	}
}

func HandleEnvSignals(s *envSession) {
	ch := make(chan string)
	s.Signals(ch)
	for sig := range ch {
		_ = append(s.Env(), sig)
	}
}

// A select on the registered channel: the same.
type sigWaiter struct {
	mu    sync.Mutex
	sigCh chan<- string
}

func newSigWaiter(reqs <-chan string) *sigWaiter {
	s := &sigWaiter{}
	go s.serve(reqs)
	return s
}

func (s *sigWaiter) Signals(c chan<- string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sigCh = c
}

func (s *sigWaiter) serve(reqs <-chan string) {
	for r := range reqs {
		s.mu.Lock()
		if s.sigCh != nil {
			s.sigCh <- r
		}
		s.mu.Unlock()
	}
}

func WaitSignal(s *sigWaiter, timeout <-chan time.Time) string {
	ch := make(chan string)
	s.Signals(ch)
	select {
	case sig := <-ch:
		return sig
	case <-timeout:
		return ""
	}
}
