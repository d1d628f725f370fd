package runtime

import (
	"context"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStarvation shows, with one slot, that a task in time.Sleep keeps a
// sibling from running while one in Sleep lets it run, and that the
// blocking detector and Stats.LongestRun see the former.
func TestStarvation(t *testing.T) {
	const nap = 200 * time.Millisecond
	for _, blocking := range []bool{true, false} {
		name := map[bool]string{true: "time.Sleep", false: "runtime.Sleep"}[blocking]
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			var reports []BlockingReport
			rt := newRT(t, WithWorkers(1), WithBlockingDetector(50*time.Millisecond, func(r BlockingReport) {
				mu.Lock()
				reports = append(reports, r)
				mu.Unlock()
			}))
			var sleeperID uint64
			var napEnd, siblingStart time.Time
			sleeper := func(ctx context.Context) (int, error) {
				//lint:ignore taskleak on a failed Sleep the test fails, and Run joins sib
				sib := Spawn(ctx, func(ctx context.Context) (int, error) {
					siblingStart = time.Now()
					return 0, nil
				})
				if blocking {
					time.Sleep(nap)
				} else if err := Sleep(ctx, nap); err != nil {
					return 0, err
				}
				napEnd = time.Now()
				return sib.Await(ctx)
			}
			run(t, rt, 10*time.Second, func(ctx context.Context) error {
				tk := Spawn(ctx, sleeper)
				sleeperID = tk.ID()
				_, err := tk.Await(ctx)
				return err
			})
			st := rt.Stats()
			mu.Lock()
			defer mu.Unlock()
			if blocking {
				if siblingStart.Before(napEnd) {
					t.Errorf("sibling started %v before the time.Sleep ended", napEnd.Sub(siblingStart))
				}
				if st.LongestRun < nap {
					t.Errorf("LongestRun = %v, want >= %v", st.LongestRun, nap)
				}
				var found bool
				for _, r := range reports {
					if r.TaskID == sleeperID {
						found = true
						if r.Held < 50*time.Millisecond || !strings.Contains(r.Name, "TestStarvation") {
							t.Errorf("bad report %+v", r)
						}
					}
				}
				if !found || len(reports) != 1 {
					t.Errorf("reports = %+v, want one for task %d", reports, sleeperID)
				}
			} else {
				if !siblingStart.Before(napEnd.Add(-nap / 2)) {
					t.Errorf("sibling started only %v before the Sleep ended", napEnd.Sub(siblingStart))
				}
				if st.LongestRun >= nap*3/4 {
					t.Errorf("LongestRun = %v, want < %v", st.LongestRun, nap*3/4)
				}
				for _, r := range reports {
					if r.TaskID == sleeperID {
						t.Errorf("unexpected report %+v", r)
					}
				}
			}
		})
	}
}

// TestMutexAcrossAwait shows, with one slot, that holding a sync.Mutex
// across Await deadlocks against a sibling wanting it, while the same code
// with a runtime.Mutex completes.
func TestMutexAcrossAwait(t *testing.T) {
	type locker interface {
		lock(ctx context.Context)
		unlock()
	}
	scenario := func(t *testing.T, l locker, stolen *atomic.Bool) (done chan error, rt *Runtime) {
		rt = newRT(t, WithWorkers(1))
		var bStarted atomic.Bool
		done = make(chan error, 1)
		go func() {
			done <- rt.Run(context.Background(), func(ctx context.Context) error {
				a := Spawn(ctx, func(ctx context.Context) (int, error) {
					l.lock(ctx)
					b := Spawn(ctx, func(ctx context.Context) (int, error) {
						bStarted.Store(true)
						l.lock(ctx)
						l.unlock()
						return 0, nil
					})
					b.Detach()
					c := Spawn(ctx, func(ctx context.Context) (int, error) {
						for !bStarted.Load() {
							if err := Yield(ctx); err != nil {
								return 0, err
							}
						}
						return 1, nil
					})
					v, err := c.Await(ctx)
					if !stolen.Load() {
						l.unlock()
					}
					return v, err
				})
				_, err := a.Await(ctx)
				return err
			})
		}()
		return done, rt
	}

	t.Run("sync.Mutex", func(t *testing.T) {
		var mu sync.Mutex
		var stolen atomic.Bool
		done, rt := scenario(t, syncLocker{&mu}, &stolen)
		select {
		case err := <-done:
			t.Fatalf("Run returned %v; want a deadlock", err)
		case <-time.After(300 * time.Millisecond):
		}
		if st := rt.Stats(); st.SlotsBusy != 1 || st.TasksLive < 3 {
			t.Errorf("stats in deadlock: %+v", st)
		}
		// Clean up: release the mutex in A's stead.
		stolen.Store(true)
		mu.Unlock()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no progress after releasing the mutex")
		}
	})
	t.Run("runtime.Mutex", func(t *testing.T) {
		var mu Mutex
		var stolen atomic.Bool
		done, _ := scenario(t, rtLocker{&mu}, &stolen)
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("deadlock with runtime.Mutex")
		}
	})
}

type syncLocker struct{ mu *sync.Mutex }

func (l syncLocker) lock(context.Context) { l.mu.Lock() }
func (l syncLocker) unlock()              { l.mu.Unlock() }

type rtLocker struct{ mu *Mutex }

func (l rtLocker) lock(ctx context.Context) {
	if err := l.mu.Lock(ctx); err != nil {
		panic(err)
	}
}
func (l rtLocker) unlock() { l.mu.Unlock() }

// TestBlockInPlaceAndSpawnBlocking: with one slot, blocking work in
// BlockInPlace or SpawnBlocking leaves the slot to a sibling.
func TestBlockInPlaceAndSpawnBlocking(t *testing.T) {
	const nap = 150 * time.Millisecond
	for _, mode := range []string{"BlockInPlace", "SpawnBlocking"} {
		t.Run(mode, func(t *testing.T) {
			rt := newRT(t, WithWorkers(1))
			run(t, rt, 10*time.Second, func(ctx context.Context) error {
				var siblingAt atomic.Int64
				start := time.Now()
				//lint:ignore taskleak on a failed await the test fails, and Run joins sib
				sib := Spawn(ctx, func(ctx context.Context) (int, error) {
					siblingAt.Store(int64(time.Since(start)))
					return 0, nil
				})
				var stats Stats
				if mode == "BlockInPlace" {
					BlockInPlace(ctx, func() {
						time.Sleep(nap)
						stats = rt.Stats()
					})
				} else {
					bt := SpawnBlocking(ctx, func(ctx context.Context) (Stats, error) {
						time.Sleep(nap)
						return rt.Stats(), nil
					})
					var err error
					if stats, err = bt.Await(ctx); err != nil {
						return err
					}
				}
				if _, err := sib.Await(ctx); err != nil {
					return err
				}
				if d := time.Duration(siblingAt.Load()); d >= nap {
					t.Errorf("sibling ran after %v, want before %v", d, nap)
				}
				if mode == "SpawnBlocking" && stats.BlockingInUse != 1 {
					t.Errorf("BlockingInUse = %d, want 1", stats.BlockingInUse)
				}
				if stats.SlotsBusy != 0 {
					t.Errorf("SlotsBusy = %d during blocking work, want 0", stats.SlotsBusy)
				}
				return nil
			})
			if lr := rt.Stats().LongestRun; lr >= nap {
				t.Errorf("LongestRun = %v", lr)
			}
		})
	}
}

func TestBlockingPoolLimit(t *testing.T) {
	rt := newRT(t, WithWorkers(1), WithBlockingPool(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var cur, max atomic.Int32
		var js JoinSet[int]
		for i := 0; i < 6; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				bt := SpawnBlocking(ctx, func(ctx context.Context) (int, error) {
					n := cur.Add(1)
					for {
						m := max.Load()
						if n <= m || max.CompareAndSwap(m, n) {
							break
						}
					}
					time.Sleep(20 * time.Millisecond)
					cur.Add(-1)
					return i, nil
				})
				return bt.Await(ctx)
			})
		}
		res, err := js.Wait(ctx)
		if len(res) != 6 || max.Load() != 2 {
			t.Errorf("results %v, max concurrency %d, want 6 and 2", res, max.Load())
		}
		return err
	})
}

// TestYieldFairness: with one slot, a task that yields while another waits
// for the slot requeues behind it.
func TestYieldFairness(t *testing.T) {
	rt := newRT(t, WithWorkers(1))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		var trace []byte // only touched while holding the single slot
		var finished atomic.Int32
		worker := func(c byte) func(ctx context.Context) (int, error) {
			return func(ctx context.Context) (int, error) {
				defer finished.Add(1)
				for i := 0; i < 5; i++ {
					trace = append(trace, c)
					// Wait, holding the slot, until the other task waits
					// for it, then yield.
					for finished.Load() == 0 && rt.Stats().TasksRunnable == 0 {
						goruntime.Gosched()
					}
					time.Sleep(time.Millisecond) // let it park for good
					Yield(ctx)
				}
				return 0, nil
			}
		}
		a := Spawn(ctx, worker('a'))
		b := Spawn(ctx, worker('b'))
		//lint:ignore awaiterr worker never fails; the trace below checks what it did
		a.Await(ctx)
		//lint:ignore awaiterr worker never fails; the trace below checks what it did
		b.Await(ctx)
		s := string(trace)
		if s != "ababababab" && s != "bababababa" {
			t.Errorf("trace %q, want alternation", s)
		}
		return nil
	})
}
