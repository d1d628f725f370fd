package plain

import (
	"context"
	"sync"
)

// A waiterSet parks each waiter on a one-slot channel kept in a map
// under mu. cancel looks the channel up, sends one value and deletes
// it before it lets go of mu, so no channel is ever sent on twice and
// the send finds the slot free. Not reported, though wait takes mu.
type waiterSet struct {
	mu      sync.Mutex
	waiters map[string]chan struct{}
}

func (s *waiterSet) wait(ctx context.Context, key string) error {
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.waiters[key] = c
	s.mu.Unlock()
	select {
	case <-c:
		return context.Canceled
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *waiterSet) cancel(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.waiters[key]; ok {
		c <- struct{}{}
		delete(s.waiters, key)
	}
}

// The same, but cancel leaves the channel in the map: a second cancel
// finds the slot taken, and waits with mu held for a receiver that
// takes mu before it registers.
type leakyWaiterSet struct {
	mu      sync.Mutex
	waiters map[string]chan struct{}
}

func (s *leakyWaiterSet) wait(ctx context.Context, key string) error {
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.waiters[key] = c
	s.mu.Unlock()
	select {
	case <-c:
		return context.Canceled
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *leakyWaiterSet) cancel(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.waiters[key]; ok {
		c <- struct{}{} // want `sync lock s.mu \(locked at takeonce.go:61\) is held while waiting for another goroutine: a channel send \(takeonce.go:64\); release it before waiting \(the receive at takeonce.go:52 in \(\*leakyWaiterSet\).wait may take s.mu first\)`
	}
}

// The same, but the channel is put in the map twice, under two keys:
// each key's cancel sends on it once, and the second send finds the
// slot taken.
type aliasedWaiterSet struct {
	mu      sync.Mutex
	waiters map[string]chan struct{}
}

func (s *aliasedWaiterSet) wait(ctx context.Context, key, alias string) error {
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.waiters[key] = c
	s.waiters[alias] = c
	s.mu.Unlock()
	select {
	case <-c:
		return context.Canceled
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *aliasedWaiterSet) cancel(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.waiters[key]; ok {
		c <- struct{}{} // want `sync lock s.mu \(locked at takeonce.go:91\) is held while waiting for another goroutine: a channel send \(takeonce.go:94\)`
		delete(s.waiters, key)
	}
}
