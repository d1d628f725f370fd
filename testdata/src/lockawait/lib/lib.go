// Package lib has lock helpers and a wait, for callers in other packages.
package lib

import "sync"

type Store struct {
	mu sync.Mutex
	ch chan int
}

func (s *Store) LockState()   { s.mu.Lock() }
func (s *Store) UnlockState() { s.mu.Unlock() }

// Flush waits for the consumer.
func (s *Store) Flush() { s.ch <- 0 }

// Consume takes the lock between receives: a Flush under s.mu deadlocks
// with it.
func (s *Store) Consume() {
	for range s.ch {
		s.mu.Lock()
		s.mu.Unlock()
	}
}
