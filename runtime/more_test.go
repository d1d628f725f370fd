package runtime

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestWaitContexts: waits end with the context they are given, not with
// the task's when that context does not derive from it.
func TestWaitContexts(t *testing.T) {
	rt := newRT(t, WithWorkers(1))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		ch := NewChan[int](0)
		var mu Mutex
		mu.Lock(ctx)
		started := NewChan[struct{}](3)
		// Waits with a context.WithoutCancel survive the task's Cancel.
		recv := Spawn(ctx, func(ctx context.Context) (int, error) {
			started.Send(ctx, struct{}{})
			return ch.Recv(context.WithoutCancel(ctx))
		})
		lock := Spawn(ctx, func(ctx context.Context) (int, error) {
			started.Send(ctx, struct{}{})
			if err := mu.Lock(context.WithoutCancel(ctx)); err != nil {
				return 0, err
			}
			mu.Unlock()
			return 1, nil
		})
		// A wait with a derived context ends with it, and with the task.
		derived := Spawn(ctx, func(ctx context.Context) (int, error) {
			started.Send(ctx, struct{}{})
			c, cancel := context.WithTimeout(ctx, time.Hour)
			defer cancel()
			return ch.Recv(c)
		})
		for i := 0; i < 3; i++ {
			started.Recv(ctx)
		}
		Sleep(ctx, time.Millisecond)
		recv.Cancel()
		lock.Cancel()
		derived.Cancel()
		if _, err := derived.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("derived = %v", err)
		}
		Sleep(ctx, 5*time.Millisecond)
		select {
		case <-recv.Done():
			t.Error("Recv with WithoutCancel ended with its task")
		case <-lock.Done():
			t.Error("Lock with WithoutCancel ended with its task")
		default:
		}
		ch.Send(ctx, 7)
		mu.Unlock()
		if v, err := recv.Await(ctx); v != 7 || err != nil {
			t.Errorf("recv = %d, %v", v, err)
		}
		if v, err := lock.Await(ctx); v != 1 || err != nil {
			t.Errorf("lock = %d, %v", v, err)
		}
		// Sleep, Await and Next with deadlines.
		c, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
		defer cancel()
		if err := Sleep(c, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Sleep = %v", err)
		}
		return nil
	})
}

// TestCloseRunsQueuedTasks: tasks queued for a slot when the runtime
// closes still run, with a cancelled context, and Close waits for them.
func TestCloseRunsQueuedTasks(t *testing.T) {
	rt := newRT(t, WithWorkers(1))
	release := make(chan struct{})
	queued := make(chan struct{})
	var ran, sawCancel atomic.Int32
	runDone := make(chan error, 1)
	go func() {
		runDone <- rt.Run(context.Background(), func(ctx context.Context) error {
			for i := 0; i < 50; i++ {
				//lint:ignore taskleak queued and never joined on purpose: the test checks that Close runs them
				Spawn(ctx, func(ctx context.Context) (int, error) {
					ran.Add(1)
					if ctx.Err() != nil {
						sawCancel.Add(1)
					}
					return 0, nil
				})
			}
			close(queued)
			<-release // holds the only slot, on purpose
			return nil
		})
	}()
	<-queued
	if st := rt.Stats(); st.TasksRunnable != 50 || st.SlotsBusy != 1 {
		t.Errorf("stats: %+v", st)
	}
	closed := make(chan struct{})
	go func() { rt.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned before the queued tasks ran")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	<-closed
	if err := <-runDone; err != nil {
		t.Errorf("Run = %v", err)
	}
	if ran.Load() != 50 || sawCancel.Load() != 50 {
		t.Errorf("%d ran, %d saw the cancellation", ran.Load(), sawCancel.Load())
	}
}

// TestZeroTask: a Task not made by Spawn does not hang Await.
func TestZeroTask(t *testing.T) {
	var tk Task[int]
	done := make(chan error, 1)
	go func() {
		_, err := tk.Await(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("no error")
		}
	case <-time.After(time.Second):
		t.Fatal("Await on a zero Task hangs")
	}
}

// TestDeepTree: cancelling the root of a deep tree of tasks, some of whose
// parents have returned, reaches every task.
func TestDeepTree(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 20*time.Second, func(ctx context.Context) error {
		var live atomic.Int32
		var grow func(ctx context.Context, depth int) (int, error)
		grow = func(ctx context.Context, depth int) (int, error) {
			if depth == 0 {
				live.Add(1)
				defer live.Add(-1)
				return 0, Sleep(ctx, time.Hour)
			}
			for i := 0; i < 2; i++ {
				//lint:ignore taskleak a tree left running on purpose: cancelling top must reach all of it
				Spawn(ctx, func(ctx context.Context) (int, error) { return grow(ctx, depth-1) })
			}
			if depth%2 == 0 {
				return 0, nil // returns, leaving its children running
			}
			return 0, Sleep(ctx, time.Hour)
		}
		//lint:ignore taskleak top is cancelled and its tree drained above; Run joins it
		top := Spawn(ctx, func(ctx context.Context) (int, error) { return grow(ctx, 10) })
		for live.Load() < 1<<10 {
			Sleep(ctx, time.Millisecond)
		}
		top.Cancel()
		for live.Load() > 0 {
			Sleep(ctx, time.Millisecond)
		}
		return nil
	})
}
