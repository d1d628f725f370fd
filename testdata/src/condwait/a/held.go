package a

import "sync"

type state struct {
	mu    sync.Mutex
	ready bool
	cond  *sync.Cond
}

func newState() *state {
	s := &state{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *state) set() {
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	s.cond.Broadcast()
}

// WRONG: a goroutine that never takes the lock.
func (s *state) watch(done chan<- bool) {
	go func() {
		for !s.ready {
			s.cond.Wait() // want `s.cond.Wait without its lock s.mu held: the goroutine started at held.go:26 does not hold it on any path to the Wait; Wait unlocks it first`
		}
		done <- true
	}()
}

// WRONG: the lock is released before the wait.
func (s *state) waitAfterUnlock() {
	s.mu.Lock()
	ok := s.ready
	s.mu.Unlock()
	for !ok {
		s.cond.Wait() // want `s.cond.Wait without its lock s.mu held: it is not held on any path to the Wait \(the function locks it at held.go:36`
		ok = s.ready
	}
}

// RIGHT: the lock is held across the loop.
func (s *state) wait() {
	s.mu.Lock()
	for !s.ready {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// RIGHT: through L.
func (s *state) waitL() {
	s.cond.L.Lock()
	defer s.cond.L.Unlock()
	for !s.ready {
		s.cond.Wait()
	}
}

// RIGHT: a goroutine that locks first.
func (s *state) watchLocked(done chan<- bool) {
	go func() {
		s.mu.Lock()
		for !s.ready {
			s.cond.Wait()
		}
		s.mu.Unlock()
		done <- true
	}()
}

// Silent: called with the lock held (the name says so); the analysis
// cannot know, so it does not judge.
func (s *state) waitLocked() {
	for !s.ready {
		s.cond.Wait()
	}
}

// Silent: a helper takes the lock.
func (s *state) lock() { s.mu.Lock() }

func (s *state) waitHelper() {
	s.lock()
	for !s.ready {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// Silent: locked on one path only; the other path may be entered with
// it held.
func (s *state) waitMaybe(take bool) {
	if take {
		s.mu.Unlock()
	}
	for !s.ready {
		s.cond.Wait()
	}
}

// Silent: an unbound Cond from a parameter, no lock known.
func waitParam(c *sync.Cond, ready *bool) {
	go func() {
		for !*ready {
			c.Wait()
		}
	}()
}

// WRONG: a Cond on a local mutex, in main-like code started as a goroutine.
func local() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		mu.Unlock()
		c.Signal()
	}()
	go func() {
		for !ready {
			c.Wait() // want `c.Wait without its lock mu held`
		}
	}()
}

// Silent: the lock is taken under another name.
func (s *state) watchAlias(done chan<- bool) {
	go func() {
		mu := &s.mu
		mu.Lock()
		for !s.ready {
			s.cond.Wait()
		}
		mu.Unlock()
		done <- true
	}()
}

type embedded struct {
	sync.Mutex
	cond  *sync.Cond
	ready bool
}

func newEmbedded() *embedded {
	e := &embedded{}
	e.cond = sync.NewCond(e)
	return e
}

// Silent: the Cond is bound to e itself, locked as e.Lock().
func (e *embedded) watch() {
	go func() {
		e.Lock()
		for !e.ready {
			e.cond.Wait()
		}
		e.Unlock()
	}()
}

func (e *embedded) set() {
	e.Lock()
	e.ready = true
	e.Unlock()
	e.cond.Broadcast()
}
