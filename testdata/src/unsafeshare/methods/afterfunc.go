package methods

import (
	"sync"
	"time"
)

// A retrier whose timer callback counts attempts: time.AfterFunc runs the
// callback on a goroutine of its own, while Attempts reads the count.

// WRONG
type retrier struct {
	attempts int
	timer    *time.Timer
}

func (r *retrier) Schedule(d time.Duration, f func()) {
	r.timer = time.AfterFunc(d, func() {
		r.attempts++ // want `r.attempts is written here by the goroutine started at afterfunc.go:18 and read at afterfunc.go:\d+ by the caller of Attempts, with no lock in common`
		f()
	})
}

func (r *retrier) Attempts() int { return r.attempts }

func useRetrier() int {
	r := &retrier{}
	r.Schedule(time.Millisecond, func() {})
	return r.Attempts()
}

// RIGHT: the count is kept under the retrier's lock on both sides.
type lockedRetrier struct {
	mu       sync.Mutex
	attempts int
	timer    *time.Timer
}

func (r *lockedRetrier) Schedule(d time.Duration, f func()) {
	r.timer = time.AfterFunc(d, func() {
		r.mu.Lock()
		r.attempts++
		r.mu.Unlock()
		f()
	})
}

func (r *lockedRetrier) Attempts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts
}

func useLockedRetrier() int {
	r := &lockedRetrier{}
	r.Schedule(time.Millisecond, func() {})
	return r.Attempts()
}
