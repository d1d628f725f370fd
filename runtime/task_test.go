package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSpawnAwait(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		if got, ok := FromContext(ctx); !ok || got != rt {
			t.Errorf("FromContext = %v, %v", got, ok)
		}
		var plain int // written by the task, read after Await: happens-before
		tk := Spawn(ctx, func(ctx context.Context) (string, error) {
			plain = 42
			return "hi", nil
		})
		v, err := tk.Await(ctx)
		if v != "hi" || err != nil || plain != 42 {
			t.Errorf("Await = %q, %v; plain %d", v, err, plain)
		}
		select {
		case <-tk.Done():
		default:
			t.Error("Done not closed after Await")
		}
		if v, err := tk.Await(ctx); v != "hi" || err != nil {
			t.Errorf("second Await = %q, %v", v, err)
		}
		// Await from a plain goroutine.
		tk2 := Spawn(ctx, func(ctx context.Context) (int, error) { return 7, errors.New("boom") })
		ch := make(chan int)
		go func() {
			v, _ := tk2.Await(context.Background())
			ch <- v
		}()
		if _, err := tk2.Await(ctx); err == nil || err.Error() != "boom" {
			t.Errorf("err = %v", err)
		}
		BlockInPlace(ctx, func() {
			if v := <-ch; v != 7 {
				t.Errorf("plain Await = %d", v)
			}
		})
		// Await with a context that ends first.
		gate := NewChan[int](0)
		tk3 := Spawn(ctx, func(ctx context.Context) (int, error) { return gate.Recv(ctx) })
		actx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		defer cancel()
		if _, err := tk3.Await(actx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Await err = %v", err)
		}
		gate.Send(ctx, 5)
		if v, err := tk3.Await(ctx); v != 5 || err != nil {
			t.Errorf("tk3 = %d, %v", v, err)
		}
		// A task awaiting itself gets an error rather than hanging.
		var self *Task[int]
		ready := NewChan[struct{}](1)
		self = Spawn(ctx, func(ctx context.Context) (int, error) {
			ready.Recv(ctx)
			return self.Await(ctx)
		})
		ready.Send(ctx, struct{}{})
		if _, err := self.Await(ctx); err == nil {
			t.Error("self-await returned no error")
		}
		return nil
	})
	st := rt.Stats()
	if st.TasksLive != 0 || st.Spawned != st.Completed || st.SlotsBusy != 0 {
		t.Errorf("stats after Run: %+v", st)
	}
}

func TestRunWaitsForTree(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	var finished atomic.Int32
	var spawnTree func(ctx context.Context, depth int)
	spawnTree = func(ctx context.Context, depth int) {
		if depth == 0 {
			return
		}
		for i := 0; i < 3; i++ {
			//lint:ignore taskleak a tree never joined on purpose: the test checks that Run joins it
			Spawn(ctx, func(ctx context.Context) (int, error) {
				Sleep(ctx, time.Millisecond)
				spawnTree(ctx, depth-1)
				finished.Add(1)
				return 0, nil
			})
		}
	}
	release := make(chan struct{})
	var detachedDone atomic.Bool
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		spawnTree(ctx, 4) // 3+9+27+81 tasks, never awaited
		d := Spawn(ctx, func(ctx context.Context) (int, error) {
			BlockInPlace(ctx, func() { <-release })
			detachedDone.Store(true)
			return 0, nil
		})
		d.Detach()
		return nil
	})
	if n := finished.Load(); n != 120 {
		t.Errorf("Run returned with %d of 120 tasks finished", n)
	}
	if detachedDone.Load() {
		t.Error("detached task finished before release")
	}
	if st := rt.Stats(); st.TasksLive != 1 {
		t.Errorf("TasksLive = %d, want the detached one", st.TasksLive)
	}
	close(release)
}

func TestRunErrors(t *testing.T) {
	rt := newRT(t)
	want := errors.New("root failed")
	if err := rt.Run(context.Background(), func(ctx context.Context) error { return want }); err != want {
		t.Errorf("Run = %v", err)
	}
	err := rt.Run(context.Background(), func(ctx context.Context) error { panic("root panic") })
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "root panic" {
		t.Errorf("Run = %v", err)
	}
	// Goexit in the root ends the calling goroutine, as calling f would,
	// but the root task is still accounted for.
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		rt.Run(context.Background(), func(ctx context.Context) error { goruntime.Goexit(); return nil })
	}()
	<-exited
	if st := rt.Stats(); st.TasksLive != 0 || st.SlotsBusy != 0 {
		t.Errorf("after Goexit in Run: %+v", st)
	}
	// Nested Run from a task of the same runtime with one slot.
	rt1 := newRT(t, WithWorkers(1))
	run(t, rt1, 5*time.Second, func(ctx context.Context) error {
		return rt1.Run(ctx, func(ctx context.Context) error {
			_, err := Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil }).Await(ctx)
			return err
		})
	})
}

func TestPanics(t *testing.T) {
	handled := make(chan *PanicError, 2)
	rt := newRT(t, WithWorkers(2), WithPanicHandler(func(p *PanicError) { handled <- p }))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		tk := Spawn(ctx, func(ctx context.Context) (int, error) {
			panicHere()
			return 0, nil
		})
		_, err := tk.Await(ctx)
		var pe *PanicError
		if !errors.As(err, &pe) {
			return fmt.Errorf("Await err = %v, want *PanicError", err)
		}
		if pe.Value != "deliberate" || !strings.Contains(string(pe.Stack), "panicHere") || !strings.Contains(pe.Error(), "deliberate") {
			t.Errorf("PanicError = %v / %s", pe.Value, pe.Stack)
		}
		// A panic with an error value unwraps to it.
		sentinel := errors.New("sentinel")
		_, err = Spawn(ctx, func(ctx context.Context) (int, error) { panic(sentinel) }).Await(ctx)
		if !errors.Is(err, sentinel) {
			t.Errorf("err = %v, want to wrap sentinel", err)
		}
		// Goexit.
		_, err = Spawn(ctx, func(ctx context.Context) (int, error) { goruntime.Goexit(); return 0, nil }).Await(ctx)
		if err == nil || errors.As(err, &pe) {
			t.Errorf("Goexit err = %v", err)
		}
		// Detached before the panic.
		gate := NewChan[int](0)
		d := Spawn(ctx, func(ctx context.Context) (int, error) {
			gate.Recv(ctx)
			panic("detached 1")
		})
		d.Detach()
		gate.Send(ctx, 1)
		// Detached after the panic.
		d2 := Spawn(ctx, func(ctx context.Context) (int, error) { panic("detached 2") })
		<-d2.Done()
		d2.Detach()
		d2.Detach() // idempotent
		return nil
	})
	got := map[any]bool{}
	for i := 0; i < 2; i++ {
		select {
		case p := <-handled:
			got[p.Value] = true
		case <-time.After(5 * time.Second):
			t.Fatal("panic handler not called")
		}
	}
	if !got["detached 1"] || !got["detached 2"] {
		t.Errorf("handled %v", got)
	}
}

func panicHere() { panic("deliberate") }

func TestDefaultPanicHandlerLogs(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	rt := newRT(t)
	run(t, rt, 5*time.Second, func(ctx context.Context) error {
		d := Spawn(ctx, func(ctx context.Context) (int, error) { panic("logged, not fatal") })
		d.Detach()
		<-d.Done()
		return nil
	})
	rt.Close()
	if !strings.Contains(buf.String(), "logged, not fatal") {
		t.Errorf("log = %q", buf.String())
	}
}

func TestContextSemantics(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	type key struct{}
	base, cancelBase := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), time.Hour)
	defer cancelBase()
	err := rt.Run(base, func(ctx context.Context) error {
		if ctx.Value(key{}) != "v" {
			t.Error("value lost")
		}
		if _, ok := ctx.Deadline(); !ok {
			t.Error("deadline lost")
		}
		// A child outlives its parent and is not cancelled when the parent
		// returns; cancelling the (finished) parent still reaches it.
		started := NewChan[struct{}](1)
		var child *Task[error]
		parent := Spawn(ctx, func(ctx context.Context) (int, error) {
			child = Spawn(ctx, func(ctx context.Context) (error, error) {
				started.Send(ctx, struct{}{})
				<-waitDone(ctx)
				return ctx.Err(), nil
			})
			return 0, nil
		})
		//lint:ignore awaiterr parent returns nil; the test is about its child
		parent.Await(ctx)
		started.Recv(ctx)
		if err := Sleep(ctx, 5*time.Millisecond); err != nil {
			return err
		}
		select {
		case <-child.Done():
			t.Fatal("child ended with its parent")
		default:
		}
		parent.Cancel()
		//lint:ignore awaiterr the child returns its ctx's error as its value; its own error is nil
		if cerr, _ := child.Await(ctx); cerr != context.Canceled {
			t.Errorf("child ctx err = %v", cerr)
		}
		// Deadlines reach tasks with DeadlineExceeded.
		dctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
		defer cancel()
		//lint:ignore awaiterr the task returns Sleep's error as its value, checked below
		e, _ := Spawn(dctx, func(ctx context.Context) (error, error) {
			return Sleep(ctx, time.Hour), nil
		}).Await(ctx)
		if e != context.DeadlineExceeded {
			t.Errorf("deadline err = %v", e)
		}
		// std contexts derived from a task context are cancelled with it.
		tk := Spawn(ctx, func(ctx context.Context) (int, error) {
			c2, cancel := context.WithCancel(ctx)
			defer cancel()
			var fired atomic.Bool
			stop := context.AfterFunc(ctx, func() { fired.Store(true) })
			defer stop()
			Sleep(c2, time.Hour)
			if c2.Err() != context.Canceled || context.Cause(c2) != context.Canceled {
				t.Errorf("derived err %v cause %v", c2.Err(), context.Cause(c2))
			}
			for i := 0; i < 100 && !fired.Load(); i++ {
				time.Sleep(time.Millisecond)
			}
			if !fired.Load() {
				t.Error("AfterFunc not called")
			}
			return 0, nil
		})
		Sleep(ctx, 5*time.Millisecond)
		tk.Cancel()
		tk.Await(ctx)
		// Spawning from a context.WithoutCancel still counts in Run and is
		// still cancelled by Close.
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func waitDone(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		Sleep(ctx, time.Hour)
		close(ch)
	}()
	return ch
}

func TestCloseCancelsEverything(t *testing.T) {
	before := goruntime.NumGoroutine()
	rt := New(WithWorkers(2), WithBlockingDetector(time.Second, func(BlockingReport) {}))
	started := make(chan struct{}, 100)
	runDone := make(chan error, 1)
	go func() {
		runDone <- rt.Run(context.Background(), func(ctx context.Context) error {
			for i := 0; i < 20; i++ {
				//lint:ignore taskleak left asleep on purpose: the test checks that Close cancels them
				Spawn(ctx, func(ctx context.Context) (int, error) {
					started <- struct{}{}
					return 0, Sleep(ctx, time.Hour)
				})
			}
			d := Spawn(context.WithoutCancel(ctx), func(ctx context.Context) (int, error) {
				started <- struct{}{}
				return 0, Sleep(ctx, time.Hour)
			})
			d.Detach()
			b := SpawnBlocking(ctx, func(ctx context.Context) (int, error) {
				started <- struct{}{}
				<-ctx.Done()
				return 0, ctx.Err()
			})
			b.Detach()
			return Sleep(ctx, time.Hour)
		})
	}()
	for i := 0; i < 22; i++ {
		<-started
	}
	closed := make(chan struct{})
	go func() { rt.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs")
	}
	if err := <-runDone; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v", err)
	}
	rt.Close() // idempotent
	if st := rt.Stats(); st.TasksLive != 0 {
		t.Errorf("stats after Close: %+v", st)
	}
	// Use after Close.
	if err := rt.Run(context.Background(), func(ctx context.Context) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close = %v", err)
	}
	checkNoLeak(t, before)
}

func TestSpawnAfterClose(t *testing.T) {
	rt := newRT(t)
	var saved context.Context
	run(t, rt, 5*time.Second, func(ctx context.Context) error {
		saved = ctx
		return nil
	})
	// The root's context still spawns after Run returned; such tasks are
	// unattached.
	if v, err := Spawn(saved, func(ctx context.Context) (int, error) { return 3, nil }).Await(context.Background()); v != 3 || err != nil {
		t.Errorf("late spawn = %d, %v", v, err)
	}
	rt.Close()
	tk := Spawn(saved, func(ctx context.Context) (int, error) { return 1, nil })
	if _, err := tk.Await(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Spawn after Close: %v", err)
	}
	var js JoinSet[int]
	js.Spawn(saved, func(ctx context.Context) (int, error) { return 1, nil })
	if _, err := js.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("JoinSet.Spawn after Close: %v", err)
	}
	tk.Cancel()
	tk.Detach()
}

func TestNoRuntime(t *testing.T) {
	tk := Spawn(context.Background(), func(ctx context.Context) (int, error) { return 1, nil })
	if _, err := tk.Await(context.Background()); !errors.Is(err, ErrNoRuntime) {
		t.Errorf("err = %v", err)
	}
	if tk.ID() != 0 {
		t.Errorf("ID = %d", tk.ID())
	}
	tk.Cancel()
	tk.Detach()
	if _, ok := FromContext(context.Background()); ok {
		t.Error("FromContext found a runtime")
	}
	if _, err := Timeout(context.Background(), time.Second, func(ctx context.Context) (int, error) { return 1, nil }); !errors.Is(err, ErrNoRuntime) {
		t.Errorf("Timeout = %v", err)
	}
	// Suspension points work from plain goroutines.
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Error(err)
	}
	if err := Yield(context.Background()); err != nil {
		t.Error(err)
	}
	ran := false
	BlockInPlace(context.Background(), func() { ran = true })
	if !ran {
		t.Error("BlockInPlace did not run f")
	}
}

func TestTimeout(t *testing.T) {
	rt := newRT(t)
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		v, err := Timeout(ctx, time.Hour, func(ctx context.Context) (int, error) { return 1, nil })
		if v != 1 || err != nil {
			t.Errorf("Timeout = %d, %v", v, err)
		}
		start := time.Now()
		_, err = Timeout(ctx, 10*time.Millisecond, func(ctx context.Context) (int, error) {
			return 0, Sleep(ctx, time.Hour)
		})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Errorf("Timeout = %v after %v", err, time.Since(start))
		}
		return nil
	})
}

func TestStatsCounts(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		ch := NewChan[int](0)
		var js JoinSet[int]
		for i := 0; i < 100; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) { return ch.Recv(ctx) })
		}
		// Wait until all are parked.
		for rt.Stats().TasksSuspended < 100 {
			Sleep(ctx, time.Millisecond)
		}
		st := rt.Stats()
		if st.TasksLive != 101 || st.SlotsBusy != 1 || st.TasksRunning != 1 || st.Workers != 2 {
			t.Errorf("stats: %+v", st)
		}
		ch.Close()
		//lint:ignore awaiterr the tasks end with ErrClosedChan on purpose; the test is about Stats
		js.Wait(ctx)
		return nil
	})
}

// TestCancelStorm cancels thousands of tasks at random moments.
func TestCancelStorm(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	if os.Getenv("RUNTIME_STRESS") != "" {
		n = 100000
	}
	rt := newRT(t, WithWorkers(4))
	var completed, cancelled atomic.Int64
	run(t, rt, 60*time.Second, func(ctx context.Context) error {
		tasks := make([]*Task[int], n)
		results := make([]atomic.Int64, n) // 1+v once the task chose its result
		mu := &Mutex{}
		ch := NewChan[int](8)
		for i := range tasks {
			tasks[i] = Spawn(ctx, func(ctx context.Context) (int, error) {
				// Various suspension points, several times.
				for step := 0; step < 4; step++ {
					switch (i + step) % 6 {
					case 0:
						if err := Sleep(ctx, time.Duration(rand.IntN(500))*time.Microsecond); err != nil {
							return 0, err
						}
					case 1:
						if err := Yield(ctx); err != nil {
							return 0, err
						}
					case 2:
						if err := mu.Lock(ctx); err != nil {
							return 0, err
						}
						Yield(ctx)
						mu.Unlock()
					case 3:
						if err := ch.Send(ctx, i); err != nil {
							return 0, err
						}
					case 4:
						if _, err := ch.Recv(ctx); err != nil {
							return 0, err
						}
					case 5:
						c, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(300))*time.Microsecond)
						_, err := Spawn(c, func(ctx context.Context) (int, error) {
							return 0, Sleep(ctx, time.Millisecond)
						}).Await(c)
						cancel()
						if err != nil && ctx.Err() != nil {
							return 0, ctx.Err()
						}
					}
				}
				// Grand-children, never awaited: Run waits for them.
				//lint:ignore taskleak never awaited on purpose: Run waits for them
				Spawn(ctx, func(ctx context.Context) (int, error) { return 0, Yield(ctx) })
				results[i].Store(int64(i) + 1)
				return i, nil
			})
		}
		// Cancellers, from tasks and from plain goroutines.
		var wg sync.WaitGroup
		for g := 0; g < 2; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < n/3; k++ {
					tasks[rand.IntN(n)].Cancel()
					if k%50 == 0 {
						time.Sleep(100 * time.Microsecond)
					}
				}
			}()
		}
		//lint:ignore taskleak on a failed check the test fails, and Run joins canceller
		canceller := Spawn(ctx, func(ctx context.Context) (int, error) {
			for k := 0; k < n/3; k++ {
				tasks[rand.IntN(n)].Cancel()
				if k%20 == 0 {
					Yield(ctx)
				}
			}
			// Senders whose receivers were cancelled (and conversely)
			// would wait forever: close the Chan after a while.
			Sleep(ctx, 20*time.Millisecond)
			ch.Close()
			return 0, nil
		})
		// Await half from plain goroutines, half from this task.
		errs := make(chan error, n)
		for i := 0; i < n; i += 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- check(tasks[i], i, &results[i], &completed, &cancelled)
			}()
		}
		for i := 1; i < n; i += 2 {
			if err := check(tasks[i], i, &results[i], &completed, &cancelled); err != nil {
				return err
			}
		}
		//lint:ignore awaiterr canceller always returns nil
		canceller.Await(ctx)
		BlockInPlace(ctx, wg.Wait)
		close(errs)
		for err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	})
	t.Logf("%d completed, %d cancelled", completed.Load(), cancelled.Load())
	if completed.Load()+cancelled.Load() != int64(n) {
		t.Errorf("lost results: %d + %d != %d", completed.Load(), cancelled.Load(), n)
	}
	if st := rt.Stats(); st.TasksLive != 0 || st.Spawned != st.Completed {
		t.Errorf("stats after storm: %+v", st)
	}
}

func check(tk *Task[int], i int, res *atomic.Int64, completed, cancelled *atomic.Int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	v, err := tk.Await(ctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("task %d: Await hangs", i)
	case err == nil:
		if v != i || res.Load() != int64(i)+1 {
			return fmt.Errorf("task %d: got %d", i, v)
		}
		completed.Add(1)
	case errors.Is(err, context.Canceled) || errors.Is(err, ErrClosedChan):
		if res.Load() != 0 {
			return fmt.Errorf("task %d: completed result lost: %v", i, err)
		}
		cancelled.Add(1)
	default:
		return fmt.Errorf("task %d: %v", i, err)
	}
	return nil
}

// TestAwaitGiveUp: awaiters that give up leave the others served, and a
// task awaited again and again with contexts that end first does not pile
// up the awaiters that gave up.
func TestAwaitGiveUp(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		gate := NewChan[int](0)
		tk := Spawn(ctx, func(ctx context.Context) (int, error) { return gate.Recv(ctx) })
		for i := 0; i < 1000; i++ {
			actx, cancel := context.WithTimeout(ctx, time.Microsecond)
			_, err := tk.Await(actx)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Await %d = %v", i, err)
			}
		}
		n := 0
		for w := tk.t.aw.Load(); w != nil; w = w.next {
			n++
		}
		if n > 2 {
			t.Errorf("%d awaiters left in the list", n)
		}
		var js JoinSet[int]
		plain := make(chan int, 1)
		for i := 0; i < 4; i++ {
			//lint:ignore taskleak on a failed Send the test fails, and Run joins them
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				if i%2 == 0 {
					actx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
					defer cancel()
					if _, err := tk.Await(actx); !errors.Is(err, context.DeadlineExceeded) {
						return 0, fmt.Errorf("awaiter %d: %v", i, err)
					}
					return -1, nil
				}
				return tk.Await(ctx)
			})
		}
		go func() {
			v, _ := tk.Await(context.Background())
			plain <- v
		}()
		Sleep(ctx, 20*time.Millisecond)
		if err := gate.Send(ctx, 42); err != nil {
			return err
		}
		vs, err := js.Wait(ctx)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v != 42 && v != -1 {
				t.Errorf("awaiter got %d", v)
			}
		}
		BlockInPlace(ctx, func() {
			if v := <-plain; v != 42 {
				t.Errorf("plain awaiter got %d", v)
			}
		})
		return nil
	})
}
