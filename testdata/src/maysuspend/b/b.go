package b

import (
	"context"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

type Store struct {
	mu runtime.Mutex
}

func Refresh(ctx context.Context) error { // want Refresh:`suspends: calls runtime.Sleep \(b.go:15\)`
	return runtime.Sleep(ctx, time.Second)
}

func (s *Store) Update(ctx context.Context) error { // want Update:`suspends: calls \(\*runtime.Mutex\).Lock \(b.go:19\)`
	if err := s.mu.Lock(ctx); err != nil {
		return err
	}
	s.mu.Unlock()
	return nil
}

// Poll is a suspension point the analysis cannot see.
//
//asynclint:suspends
func Poll(ctx context.Context) {}

// Blocking is not suspending.
func Blocking() { time.Sleep(time.Second) }

// A go statement does not suspend its caller.
func Background(ctx context.Context) {
	go runtime.Yield(ctx)
	go func() { runtime.Yield(ctx) }()
}
