package runtime

import "time"

// A tickSource wakes the clock goroutine every clockTick.
type tickSource interface {
	// wait blocks until the next tick; false means the source stopped.
	wait() bool
	// stop stops the source and ends a wait in progress; it may be
	// called more than once, from any goroutine.
	stop()
}

// newTicks returns the clock goroutine's tick source: one the OS drives
// through the poller where there is one (see ticks_linux.go), so that no
// timer of the Go scheduler is pending while the runtime is busy, else a
// time.Ticker.
func newTicks(d time.Duration) tickSource {
	if s := osTicks(d); s != nil {
		return s
	}
	return newTimerTicks(d)
}

// timerTicks is a tickSource on a time.Ticker.
type timerTicks struct {
	tk   *time.Ticker
	done chan struct{}
	once chan struct{} // holds a token until stop closes done
}

func newTimerTicks(d time.Duration) *timerTicks {
	s := &timerTicks{tk: time.NewTicker(d), done: make(chan struct{}), once: make(chan struct{}, 1)}
	s.once <- struct{}{}
	return s
}

func (s *timerTicks) wait() bool {
	select {
	case <-s.tk.C:
		return true
	case <-s.done:
		return false
	}
}

func (s *timerTicks) stop() {
	select {
	case <-s.once:
		s.tk.Stop()
		close(s.done)
	default:
	}
}
