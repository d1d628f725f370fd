package plain

import "sync"

// A supervisor reports a job done only once its workers are gone. When
// the job's main task exits, finish makes a channel with room for as
// many values as there are workers still running, under mu, and a
// goroutine counts them down. Each worker's exit takes itself off the
// count and sends the new count, in the same hold of mu: one send for
// each worker counted when the channel was made, so the sends never
// outnumber the buffer, though the counting goroutine takes mu when it
// is done. Not reported.
type jobSupervisor struct {
	mu      sync.Mutex
	running map[string]int
	waiters map[string]chan int
	closed  map[string]bool
	done    func(string)
}

func (s *jobSupervisor) start(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed[id] {
		return false
	}
	s.running[id]++
	return true
}

func (s *jobSupervisor) exit(id string) {
	s.mu.Lock()
	s.running[id]--
	if ch, ok := s.waiters[id]; ok {
		ch <- s.running[id]
	}
	s.mu.Unlock()
}

func (s *jobSupervisor) finish(id string) {
	s.mu.Lock()
	s.closed[id] = true
	n := s.running[id]
	if n == 0 {
		s.mu.Unlock()
		s.done(id)
		return
	}
	ch := make(chan int, n)
	s.waiters[id] = ch
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.waiters, id)
			s.mu.Unlock()
		}()
		for <-ch != 0 {
		}
		s.done(id)
	}()
}

// The same supervisor whose workers also report progress on the channel:
// a progress send takes nothing off the count, so the sends can outnumber
// the buffer, and one made once the counting goroutine has left waits
// holding mu, which that goroutine needs to unregister.
type chattySupervisor struct {
	mu      sync.Mutex
	running map[string]int
	waiters map[string]chan int
	done    func(string)
}

func (s *chattySupervisor) progress(id string) {
	s.mu.Lock()
	if ch, ok := s.waiters[id]; ok {
		ch <- s.running[id] // want `sync lock s.mu \(locked at countdown.go:76\) is held while waiting for another goroutine: a channel send \(countdown.go:78\)`
	}
	s.mu.Unlock()
}

func (s *chattySupervisor) exit(id string) {
	s.mu.Lock()
	s.running[id]--
	if ch, ok := s.waiters[id]; ok {
		ch <- s.running[id] // want `sync lock s.mu \(locked at countdown.go:84\) is held while waiting for another goroutine: a channel send \(countdown.go:87\)`
	}
	s.mu.Unlock()
}

func (s *chattySupervisor) finish(id string) {
	s.mu.Lock()
	n := s.running[id]
	if n == 0 {
		s.mu.Unlock()
		s.done(id)
		return
	}
	ch := make(chan int, n)
	s.waiters[id] = ch
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.waiters, id)
			s.mu.Unlock()
		}()
		for <-ch != 0 {
		}
		s.done(id)
	}()
}
