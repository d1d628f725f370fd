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

// Client publishes messages and acknowledges each on another goroutine,
// through the callback it is given.
type Client struct{ n int }

func (c *Client) PublishAsync(msg string, ack func(id string, err error)) string {
	c.n++
	go ack(msg, nil)
	return msg
}
