// Package accesses checks HeldAtAccesses: the test reports the locks
// held at each use of a field named n.
package accesses

import "sync"

type S struct {
	mu sync.Mutex
	n  int
}

func Deferred(s *S) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n // want `held at n: s.mu`
}

func Window(s *S) {
	_ = s.n
	s.mu.Lock()
	s.n++ // want `held at n: s.mu`
	s.mu.Unlock()
	s.n = 0
}

// No lock call: not walked, nothing held.
func Helper(s *S) { s.n = 1 }

func Literal(s *S) {
	s.mu.Lock()
	go func() {
		s.n = 2 // a literal starts with no lock held
	}()
	s.mu.Unlock()
}
