package a

import "sync"

// A slot whose Cond is bound to a struct that embeds the mutex:
// s.mu.Lock() takes the lock Wait releases.
type slot struct {
	mu struct {
		sync.Mutex
		cond *sync.Cond
		full bool
	}
}

func newSlot() *slot {
	s := &slot{}
	s.mu.cond = sync.NewCond(&s.mu)
	return s
}

func (s *slot) Serve(take func()) {
	go func() {
		s.mu.Lock()
		for !s.mu.full {
			s.mu.cond.Wait()
		}
		s.mu.full = false
		s.mu.Unlock()
		take()
	}()
}

func (s *slot) Fill() {
	s.mu.Lock()
	s.mu.full = true
	s.mu.cond.Signal()
	s.mu.Unlock()
}

// The same goroutine that forgot the lock.
func (s *slot) ServeUnlocked(take func()) {
	go func() {
		for !s.mu.full {
			s.mu.cond.Wait() // want `s.mu.cond.Wait without its lock s.mu held`
		}
		take()
	}()
}
