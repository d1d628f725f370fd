package b

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
}

func (s *S) Lock() { s.mu.Lock() } // want Lock:`acquires recv.mu`

func (s *S) Unlock() { s.mu.Unlock() } // want Unlock:`releases recv.mu`

func (s *S) RLockState() { s.rw.RLock() } // want RLockState:`acquires recv.rw \(read\)`

func LockBoth(a, b *sync.Mutex) { // want LockBoth:`acquires 0, 1`
	a.Lock()
	b.Lock()
}

var mu sync.Mutex

func LockGlobal() { mu.Lock() } // want LockGlobal:`acquires fixtures/lockset/facts/b.mu`

// Releases and takes back the caller's lock around a wait.
func (s *S) Wait(ch chan int) { // want Wait:`acquires recv.mu` Wait:`releases recv.mu`
	s.mu.Unlock()
	<-ch
	s.mu.Lock()
}

func (s *S) MaybeUnlock(c bool) { // want MaybeUnlock:`maybe releases recv.mu`
	if c {
		s.mu.Unlock()
	}
}

func Through(s *S) { s.Lock() } // want Through:`acquires 0.mu`

// No facts: balanced, conditional, or a local lock.

func Balanced(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
}

func Conditional(s *S, c bool) {
	if c {
		s.mu.Lock()
	}
}

func Local() {
	var mu sync.Mutex
	mu.Lock()
}

func DeferredHelper(s *S) {
	s.Lock()
	defer s.Unlock()
}
