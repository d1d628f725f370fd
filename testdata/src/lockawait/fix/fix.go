// Package fix has the one shape where moving the Unlock is sound.
package fix

import (
	"context"
	"sync"

	"github.com/asynclint/asynclint/runtime"
)

var (
	mu sync.Mutex
	n  int
)

func Await(ctx context.Context, t *runtime.Task[int]) int {
	mu.Lock()
	n++
	v, err := t.Await(ctx) // want `sync lock mu \(locked at fix.go:17\) is held across a suspension point: \(\*runtime.Task\).Await \(fix.go:19\)`
	mu.Unlock()
	if err != nil {
		return 0
	}
	return v
}

func Send(v int) {
	ch := make(chan int)
	go func() {
		for x := range ch {
			mu.Lock()
			n += x
			mu.Unlock()
		}
	}()
	mu.Lock()
	n += v
	ch <- v // want `sync lock mu \(locked at fix.go:36\) is held while waiting for another goroutine: a channel send \(fix.go:38\)`
	mu.Unlock()
	close(ch)
}

// No fix: the statement writes a package variable.
func Global(ctx context.Context, t *runtime.Task[int]) {
	mu.Lock()
	n, _ = t.Await(ctx) // want `held across a suspension point`
	mu.Unlock()
}

type S struct {
	mu sync.Mutex
	t  *runtime.Task[int]
}

// No fix: the statement reads a field.
func (s *S) Field(ctx context.Context) {
	s.mu.Lock()
	s.t.Await(ctx) // want `held across a suspension point`
	s.mu.Unlock()
}

// No fix: the wait is in a function of the program.
func helper(ctx context.Context, t *runtime.Task[int]) { t.Await(ctx) } // want `held across a suspension point: Call calls helper`

func Call(ctx context.Context, t *runtime.Task[int]) {
	mu.Lock()
	helper(ctx, t)
	mu.Unlock()
}

// No fix: the Unlock is not the next statement.
func NotNext(ctx context.Context, t *runtime.Task[int]) {
	mu.Lock()
	v, _ := t.Await(ctx) // want `held across a suspension point`
	n = v
	mu.Unlock()
}
