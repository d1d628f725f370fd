// Package sleeps holds the sleeps worth a report with a ctx in scope,
// and the short polls that are not.
package sleeps

import (
	"context"
	"time"
)

// A short poll in a loop that checks ctx every time round: silent.
func pollReady(ctx context.Context, ready func() bool) error {
	for !ready() {
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// The same loop with a long sleep: cancellation waits a minute.
func pollSlow(ctx context.Context, ready func() bool) error {
	for !ready() {
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Minute) // want `time.Sleep ignores ctx`
	}
	return nil
}

// A computed backoff is unbounded.
func retry(ctx context.Context, try func() error) {
	backoff := 10 * time.Millisecond
	for try() != nil {
		select {
		case <-ctx.Done():
			return
		default:
		}
		time.Sleep(backoff) // want `time.Sleep ignores ctx`
		backoff *= 2
	}
}

// A short sleep in a loop that never looks at ctx.
func spin(ctx context.Context, ready func() bool) {
	for !ready() {
		time.Sleep(10 * time.Millisecond) // want `time.Sleep ignores ctx`
	}
}

// No sound way out to write: reported, no fix.
func fetch(ctx context.Context, get func() (int, error)) (int, error) {
	time.Sleep(2 * time.Second) // want `time.Sleep ignores ctx`
	return get()
}

// A deadline of its own, one call from the root: silent.
func closeWithin(ctx context.Context, shutdown func(context.Context) error) error {
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return shutdown(sctx)
}

// A plain cancel derived from the root while ctx is in scope: the chain
// breaks.
func detached(ctx context.Context, run func(context.Context)) context.CancelFunc {
	rctx, cancel := context.WithCancel(context.Background()) // want `context.Background\(\) breaks the cancellation chain`
	go run(rctx)
	return cancel
}

// retryDone selects on ctx.Done() when there is one, and sleeps only when
// ctx cannot be cancelled (its Done is nil): silent.
func retryDone(ctx context.Context, op func() error, next func() time.Duration) error {
	for {
		if op() == nil {
			return nil
		}
		d := next()
		if done := ctx.Done(); done != nil {
			t := time.NewTimer(d)
			select {
			case <-done:
				t.Stop()
				return ctx.Err()
			case <-t.C:
				continue
			}
		}
		time.Sleep(d)
	}
}

// The same check the other way round: silent.
func retryNil(ctx context.Context, op func() error, d time.Duration) error {
	for op() != nil {
		if ctx.Done() == nil {
			time.Sleep(d)
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
	}
	return nil
}
