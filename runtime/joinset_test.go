package runtime

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestJoinSetCompletionOrder(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		const n = 8
		var js JoinSet[int]
		gates := make([]*Chan[struct{}], n)
		for i := range gates {
			gates[i] = NewChan[struct{}](0)
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				_, err := gates[i].Recv(ctx)
				return i, err
			})
		}
		if js.Len() != n {
			t.Errorf("Len = %d", js.Len())
		}
		order := []int{5, 2, 7, 0, 1, 6, 3, 4}
		for k, i := range order {
			gates[i].Send(ctx, struct{}{})
			v, err := js.Next(ctx)
			if v != i || err != nil {
				t.Errorf("Next = %d, %v; want %d", v, err, i)
			}
			if js.Len() != n-k-1 {
				t.Errorf("Len = %d", js.Len())
			}
		}
		if _, err := js.Next(ctx); err != ErrNoTasks {
			t.Errorf("Next on empty set = %v", err)
		}
		// Wait returns results in completion order too.
		for i := range gates {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				_, err := gates[i].Recv(ctx)
				return i, err
			})
		}
		go func() {
			for _, i := range order {
				gates[i].Send(context.Background(), struct{}{})
				time.Sleep(time.Millisecond)
			}
		}()
		// The sends above may complete before the receivers of later
		// gates run, so only check the set of results here.
		res, err := js.Wait(ctx)
		if err != nil || len(res) != n {
			t.Errorf("Wait = %v, %v", res, err)
		}
		// Next with a context that ends first.
		js.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, Sleep(ctx, time.Hour) })
		cctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
		defer cancel()
		if _, err := js.Next(cctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Next = %v", err)
		}
		if js.Len() != 1 {
			t.Errorf("Len = %d", js.Len())
		}
		js.Shutdown(ctx)
		return nil
	})
}

func TestJoinSetWaitFirstError(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var js JoinSet[int]
		var cancelled, finished atomic.Int32
		for i := 0; i < 10; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				defer finished.Add(1)
				if err := Sleep(ctx, time.Hour); err != nil {
					cancelled.Add(1)
					return 0, err
				}
				return i, nil
			})
		}
		js.Spawn(ctx, func(ctx context.Context) (int, error) { return 100, nil })
		boom := errors.New("boom")
		js.Spawn(ctx, func(ctx context.Context) (int, error) {
			Sleep(ctx, 5*time.Millisecond)
			return 0, boom
		})
		res, err := js.Wait(ctx)
		if err != boom {
			t.Errorf("Wait err = %v, want boom", err)
		}
		if len(res) != 1 || res[0] != 100 {
			t.Errorf("Wait results = %v, want [100]", res)
		}
		if cancelled.Load() != 10 || finished.Load() != 10 || js.Len() != 0 {
			t.Errorf("after Wait: %d cancelled, %d finished, Len %d", cancelled.Load(), finished.Load(), js.Len())
		}
		// The set is reusable.
		js.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil })
		if res, err := js.Wait(ctx); err != nil || len(res) != 1 {
			t.Errorf("reuse: %v %v", res, err)
		}
		// A panic is a task error.
		js.Spawn(ctx, func(ctx context.Context) (int, error) { panic("in set") })
		var pe *PanicError
		if _, err := js.Wait(ctx); !errors.As(err, &pe) {
			t.Errorf("Wait = %v", err)
		}
		return nil
	})
}

func TestJoinSetShutdown(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var js JoinSet[int]
		var running atomic.Int32
		for i := 0; i < 50; i++ {
			running.Add(1)
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				defer running.Add(-1)
				if i == 0 {
					// Ignores cancellation for a while.
					BlockInPlace(ctx, func() { time.Sleep(30 * time.Millisecond) })
					return 0, nil
				}
				return 0, Sleep(ctx, time.Hour)
			})
		}
		// Finished but not collected results are discarded too.
		js.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil })
		Sleep(ctx, time.Millisecond)
		// Shutdown with an already-cancelled ctx still waits.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		js.Shutdown(cctx)
		if n := running.Load(); n != 0 {
			t.Errorf("%d tasks still running after Shutdown", n)
		}
		if js.Len() != 0 {
			t.Errorf("Len = %d", js.Len())
		}
		if _, err := js.Next(ctx); err != ErrNoTasks {
			t.Errorf("Next = %v", err)
		}
		js.Shutdown(ctx) // empty: returns at once
		return nil
	})
}

// TestJoinSetConcurrentNext: several goroutines and tasks call Next at
// once; each result is returned exactly once and nobody hangs.
func TestJoinSetConcurrentNext(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 20*time.Second, func(ctx context.Context) error {
		const n = 2000
		var js JoinSet[int]
		for i := 0; i < n; i++ {
			//lint:ignore taskleak on a reader failure the test fails, and Run joins what is left
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				if i%3 == 0 {
					Yield(ctx)
				}
				return i, nil
			})
		}
		seen := make([]atomic.Int32, n)
		var got atomic.Int32
		var readers JoinSet[int]
		for r := 0; r < 4; r++ {
			readers.Spawn(ctx, func(ctx context.Context) (int, error) {
				for {
					v, err := js.Next(ctx)
					if err == ErrNoTasks {
						return 0, nil
					}
					if err != nil {
						return 0, err
					}
					seen[v].Add(1)
					got.Add(1)
				}
			})
		}
		if _, err := readers.Wait(ctx); err != nil {
			return err
		}
		for i := range seen {
			if seen[i].Load() != 1 {
				t.Fatalf("result %d seen %d times", i, seen[i].Load())
			}
		}
		return nil
	})
}
