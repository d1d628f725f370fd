package runtime

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestMutex(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var mu Mutex
		var inside atomic.Int32
		counter := 0
		var js JoinSet[int]
		for i := 0; i < 200; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := mu.Lock(ctx); err != nil {
					return 0, err
				}
				if inside.Add(1) != 1 {
					t.Error("two tasks inside the lock")
				}
				c := counter
				Yield(ctx)
				counter = c + 1
				inside.Add(-1)
				mu.Unlock()
				return 0, nil
			})
		}
		if _, err := js.Wait(ctx); err != nil {
			return err
		}
		if counter != 200 {
			t.Errorf("counter = %d", counter)
		}
		// TryLock, cancellation.
		if !mu.TryLock() || mu.TryLock() {
			t.Error("TryLock")
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
		defer cancel()
		if err := mu.Lock(cctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Lock = %v", err)
		}
		// A waiter that gives up does not keep the next one from the lock.
		w := Spawn(ctx, func(ctx context.Context) (int, error) { return 0, mu.Lock(ctx) })
		Sleep(ctx, time.Millisecond)
		mu.Unlock()
		if _, err := w.Await(ctx); err != nil {
			t.Errorf("waiter: %v", err)
		}
		mu.Unlock()
		// Lock with an already-cancelled context fails even if free.
		cancel()
		if err := mu.Lock(cctx); err == nil {
			t.Error("Lock with done ctx succeeded")
		}
		return nil
	})
}

func TestRWMutex(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var m RWMutex
		// Readers share.
		if err := m.RLock(ctx); err != nil {
			return err
		}
		if !m.TryRLock() || m.TryLock() {
			t.Error("readers should share and exclude writers")
		}
		// A waiting writer holds back new readers.
		w := Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := m.Lock(ctx); err != nil {
				return 0, err
			}
			m.Unlock()
			return 1, nil
		})
		for rt.Stats().TasksSuspended == 0 {
			Sleep(ctx, time.Millisecond)
		}
		if m.TryRLock() {
			t.Error("TryRLock succeeded past a waiting writer")
		}
		m.RUnlock()
		m.RUnlock()
		if v, err := w.Await(ctx); v != 1 || err != nil {
			t.Errorf("writer: %d %v", v, err)
		}
		// Exclusion under load.
		var readers, writers atomic.Int32
		var js JoinSet[int]
		for i := 0; i < 100; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				if i%5 == 0 {
					if err := m.Lock(ctx); err != nil {
						return 0, err
					}
					if writers.Add(1) != 1 || readers.Load() != 0 {
						t.Error("writer not alone")
					}
					Yield(ctx)
					writers.Add(-1)
					m.Unlock()
				} else {
					if err := m.RLock(ctx); err != nil {
						return 0, err
					}
					readers.Add(1)
					if writers.Load() != 0 {
						t.Error("reader with writer")
					}
					Yield(ctx)
					readers.Add(-1)
					m.RUnlock()
				}
				return 0, nil
			})
		}
		_, err := js.Wait(ctx)
		return err
	})
}

func TestSemaphore(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		s := NewSemaphore(3)
		var cur, max atomic.Int64
		var js JoinSet[int]
		for i := 0; i < 60; i++ {
			w := int64(i%3 + 1)
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := s.Acquire(ctx, w); err != nil {
					return 0, err
				}
				n := cur.Add(w)
				for {
					m := max.Load()
					if n <= m || max.CompareAndSwap(m, n) {
						break
					}
				}
				Yield(ctx)
				cur.Add(-w)
				s.Release(w)
				return 0, nil
			})
		}
		if _, err := js.Wait(ctx); err != nil {
			return err
		}
		if max.Load() > 3 {
			t.Errorf("max held %d > 3", max.Load())
		}
		if !s.TryAcquire(3) || s.TryAcquire(1) {
			t.Error("TryAcquire")
		}
		// A large waiter cancelled at the front lets smaller ones through.
		s.Release(1) // 2 held
		big := Spawn(ctx, func(ctx context.Context) (int, error) {
			c, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
			defer cancel()
			return 0, s.Acquire(c, 3)
		})
		Sleep(ctx, time.Millisecond)
		small := Spawn(ctx, func(ctx context.Context) (int, error) { return 0, s.Acquire(ctx, 1) })
		if _, err := big.Await(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("big = %v", err)
		}
		if _, err := small.Await(ctx); err != nil {
			t.Errorf("small = %v", err)
		}
		s.Release(3)
		if !s.TryAcquire(3) {
			t.Error("units lost")
		}
		return nil
	})
}
