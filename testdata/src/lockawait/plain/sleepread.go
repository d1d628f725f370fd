package plain

import (
	"sync"
	"time"
)

// A scheduler runs its jobs one by one, a delay apart, holding the jobs'
// read lock; its ticker goroutine only reads the jobs too. Readers do
// not wait for each other: the delay stalls nobody. Not reported.
type delayScheduler struct {
	jobsMu sync.RWMutex
	jobs   []func()
}

func newDelayScheduler() *delayScheduler {
	s := &delayScheduler{}
	go s.tick()
	return s
}

func (s *delayScheduler) tick() {
	for range time.Tick(time.Second) {
		s.jobsMu.RLock()
		for _, j := range s.jobs {
			j()
		}
		s.jobsMu.RUnlock()
	}
}

func (s *delayScheduler) RunAllWithDelay(d time.Duration) {
	s.jobsMu.RLock()
	defer s.jobsMu.RUnlock()
	for _, j := range s.jobs {
		j()
		time.Sleep(d)
	}
}

// The same scheduler whose ticker goroutine also removes finished jobs,
// under the write lock: it waits for every delay.
type pruningScheduler struct {
	jobsMu sync.RWMutex
	jobs   []func() bool
}

func newPruningScheduler() *pruningScheduler {
	s := &pruningScheduler{}
	go s.tick()
	return s
}

func (s *pruningScheduler) tick() {
	for range time.Tick(time.Second) {
		s.jobsMu.RLock()
		n := len(s.jobs)
		s.jobsMu.RUnlock()
		if n > 0 {
			s.prune()
		}
	}
}

func (s *pruningScheduler) prune() {
	s.jobsMu.Lock()
	defer s.jobsMu.Unlock()
	kept := s.jobs[:0]
	for _, j := range s.jobs {
		if !j() {
			kept = append(kept, j)
		}
	}
	s.jobs = kept
}

func (s *pruningScheduler) RunAllWithDelay(d time.Duration) {
	s.jobsMu.RLock()
	defer s.jobsMu.RUnlock()
	for _, j := range s.jobs {
		j()
		time.Sleep(d) // want `sync read lock s.jobsMu \(locked at sleepread.go:\d+\) is held while waiting for another goroutine: time.Sleep \(sleepread.go:\d+\); release it before waiting \(the Lock at sleepread.go:66 in \(\*pruningScheduler\).prune, run by the goroutine started at sleepread.go:50, takes s.jobsMu, and waits as long as this sleep\)`
	}
}
