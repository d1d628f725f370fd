package runtime

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBadInput(t *testing.T) {
	mustPanic(t, "at least one worker", func() { WithWorkers(0) })
	mustPanic(t, "at least one", func() { WithBlockingPool(-1) })
	mustPanic(t, "threshold", func() { WithBlockingDetector(0, func(BlockingReport) {}) })
	mustPanic(t, "nil report", func() { WithBlockingDetector(time.Second, nil) })
	mustPanic(t, "negative capacity", func() { NewChan[int](-1) })
	mustPanic(t, "negative size", func() { NewSemaphore(-1) })
	s := NewSemaphore(2)
	mustPanic(t, "negative weight", func() { s.Acquire(context.Background(), -1) })
	mustPanic(t, "more than the semaphore's size", func() { s.Acquire(context.Background(), 3) })
	mustPanic(t, "released more than held", func() { s.Release(1) })
	var mu Mutex
	mustPanic(t, "unlock of unlocked Mutex", mu.Unlock)
	var rw RWMutex
	mustPanic(t, "Unlock of unlocked RWMutex", rw.Unlock)
	mustPanic(t, "RUnlock of unlocked RWMutex", rw.RUnlock)
	rw.RLock(context.Background())
	mustPanic(t, "Unlock of unlocked RWMutex", rw.Unlock)
	c := NewChan[int](1)
	c.Close()
	mustPanic(t, "close of closed Chan", c.Close)
	if err := c.Send(context.Background(), 1); !errors.Is(err, ErrClosedChan) {
		t.Errorf("Send on closed = %v", err)
	}
	if v, err := c.Recv(context.Background()); v != 0 || !errors.Is(err, ErrClosedChan) {
		t.Errorf("Recv on closed = %v, %v", v, err)
	}

	rt := newRT(t)
	mustPanic(t, "Run of nil function", func() { rt.Run(context.Background(), nil) })
	run(t, rt, 5*time.Second, func(ctx context.Context) error {
		//lint:ignore taskleak Spawn panics on a nil function: there is no task to join
		mustPanic(t, "Spawn of nil function", func() { Spawn[int](ctx, nil) })
		//lint:ignore taskleak SpawnBlocking panics on a nil function: there is no task to join
		mustPanic(t, "Spawn of nil function", func() { SpawnBlocking[int](ctx, nil) })
		var js JoinSet[int]
		mustPanic(t, "Spawn of nil function", func() { js.Spawn(ctx, nil) })
		//lint:ignore awaiterr Timeout panics on a nil function: there is no error to check
		mustPanic(t, "Timeout of nil function", func() { Timeout[int](ctx, time.Second, nil) })
		mustPanic(t, "BlockInPlace of nil function", func() { BlockInPlace(ctx, nil) })
		// The panics above left no task behind and kept the slot.
		if st := rt.Stats(); st.TasksLive != 1 || st.SlotsBusy != 1 {
			t.Errorf("stats: %+v", st)
		}
		return nil
	})
	rt.Close()
	if err := rt.Run(context.Background(), func(ctx context.Context) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close = %v", err)
	}
}
