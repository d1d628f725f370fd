package runtime

import (
	"context"
	goruntime "runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

const fanOut = 100 // tasks spawned before they are awaited

// benchRun runs f as a root task of a fresh runtime.
func benchRun(b *testing.B, f func(ctx context.Context) error, opts ...Option) {
	b.Helper()
	rt := New(opts...)
	defer rt.Close()
	if err := rt.Run(context.Background(), f); err != nil {
		b.Fatal(err)
	}
}

func nop(ctx context.Context) (int, error) { return 1, nil }

// BenchmarkSpawnAwait: spawn+await per task, against go+WaitGroup and
// errgroup, spawning fanOut tasks before joining them.
func BenchmarkSpawnAwait(b *testing.B) {
	b.Run("runtime.Spawn+Await", func(b *testing.B) {
		b.ReportAllocs()
		benchRun(b, func(ctx context.Context) error {
			tasks := make([]*Task[int], fanOut)
			b.ResetTimer()
			for i := 0; i < b.N; i += fanOut {
				for k := range tasks {
					tasks[k] = Spawn(ctx, nop)
				}
				for _, t := range tasks {
					if _, err := t.Await(ctx); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	b.Run("runtime.JoinSet", func(b *testing.B) {
		b.ReportAllocs()
		benchRun(b, func(ctx context.Context) error {
			var js JoinSet[int]
			b.ResetTimer()
			for i := 0; i < b.N; i += fanOut {
				for k := 0; k < fanOut; k++ {
					js.Spawn(ctx, nop)
				}
				for js.Len() > 0 {
					if _, err := js.Next(ctx); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	b.Run("go+WaitGroup", func(b *testing.B) {
		b.ReportAllocs()
		res := make([]int, fanOut)
		for i := 0; i < b.N; i += fanOut {
			var wg sync.WaitGroup
			for k := range res {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res[k], _ = nop(context.Background())
				}()
			}
			wg.Wait()
		}
	})
	b.Run("errgroup", func(b *testing.B) {
		b.ReportAllocs()
		res := make([]int, fanOut)
		for i := 0; i < b.N; i += fanOut {
			var g errgroup.Group
			for k := range res {
				g.Go(func() error {
					var err error
					res[k], err = nop(context.Background())
					return err
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("errgroup.WithContext", func(b *testing.B) {
		b.ReportAllocs()
		res := make([]int, fanOut)
		for i := 0; i < b.N; i += fanOut {
			g, ctx := errgroup.WithContext(context.Background())
			for k := range res {
				g.Go(func() error {
					var err error
					res[k], err = nop(ctx)
					return err
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSpawnAwaitSerial: one task at a time.
func BenchmarkSpawnAwaitSerial(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		benchRun(b, func(ctx context.Context) error {
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Spawn(ctx, nop).Await(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("errgroup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var g errgroup.Group
			g.Go(func() error { _, err := nop(context.Background()); return err })
			//lint:ignore awaiterr nop never fails: the benchmark times Go and Wait alone
			g.Wait()
		}
	})
}

// BenchmarkYield: suspend/resume round trip with a free slot.
func BenchmarkYield(b *testing.B) {
	benchRun(b, func(ctx context.Context) error {
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			Yield(ctx)
		}
		return nil
	}, WithWorkers(2))
}

// BenchmarkPingPong: a round trip through two rendezvous Chans between two
// tasks; each round trip is two suspensions and two resumptions per task.
func BenchmarkPingPong(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run("Chan/workers="+string(rune('0'+workers)), func(b *testing.B) {
			b.ReportAllocs()
			benchRun(b, func(ctx context.Context) error {
				ping, pong := NewChan[int](0), NewChan[int](0)
				echo := Spawn(ctx, func(ctx context.Context) (int, error) {
					for {
						v, err := ping.Recv(ctx)
						if err != nil {
							return 0, nil
						}
						pong.Send(ctx, v)
					}
				})
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					ping.Send(ctx, i)
					pong.Recv(ctx)
				}
				b.StopTimer()
				ping.Close()
				_, err := echo.Await(ctx)
				return err
			}, WithWorkers(workers))
		})
	}
	b.Run("go-chan", func(b *testing.B) {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		for i := 0; i < b.N; i++ {
			ping <- i
			<-pong
		}
		close(ping)
	})
}

// BenchmarkPingPong10k: 10 000 tasks live at once, in 5 000 pairs, each
// pair doing round trips through two rendezvous Chans like PingPong, all
// pairs at the same time; against 10 000 goroutines doing the same with
// Go channels. An op is one round trip of one pair; the b.N round trips
// are shared among the pairs, which are all started (and parked) before
// the timer starts.
func BenchmarkPingPong10k(b *testing.B) {
	const pairs = 5_000
	rounds := func(i, n int) int {
		k := n / pairs
		if i < n%pairs {
			k++
		}
		return k
	}
	b.Run("Chan", func(b *testing.B) {
		b.ReportAllocs()
		benchRun(b, func(ctx context.Context) error {
			gate := NewChan[struct{}](0)
			var js JoinSet[int]
			for i := 0; i < pairs; i++ {
				ping, pong := NewChan[int](0), NewChan[int](0)
				n := rounds(i, b.N)
				js.Spawn(ctx, func(ctx context.Context) (int, error) {
					gate.Recv(ctx) // returns once the gate is closed
					for k := 0; k < n; k++ {
						if err := ping.Send(ctx, k); err != nil {
							return 0, err
						}
						if _, err := pong.Recv(ctx); err != nil {
							return 0, err
						}
					}
					ping.Close()
					return 0, nil
				})
				js.Spawn(ctx, func(ctx context.Context) (int, error) {
					for {
						v, err := ping.Recv(ctx)
						if err != nil {
							return 0, nil
						}
						if err := pong.Send(ctx, v); err != nil {
							return 0, err
						}
					}
				})
			}
			rt, _ := FromContext(ctx)
			for rt.Stats().TasksSuspended < 2*pairs {
				Sleep(ctx, time.Millisecond)
			}
			b.ResetTimer()
			gate.Close()
			_, err := js.Wait(ctx)
			b.StopTimer()
			return err
		})
	})
	b.Run("go-chan", func(b *testing.B) {
		b.ReportAllocs()
		start := make(chan struct{})
		var ready, done sync.WaitGroup
		for i := 0; i < pairs; i++ {
			ping, pong := make(chan int), make(chan int)
			n := rounds(i, b.N)
			ready.Add(2)
			done.Add(2)
			go func() {
				defer done.Done()
				ready.Done()
				<-start
				for k := 0; k < n; k++ {
					ping <- k
					<-pong
				}
				close(ping)
			}()
			go func() {
				defer done.Done()
				ready.Done()
				for v := range ping {
					pong <- v
				}
			}()
		}
		ready.Wait()
		b.ResetTimer()
		close(start)
		done.Wait()
		b.StopTimer()
	})
}

// BenchmarkMutex: uncontended Lock/Unlock.
func BenchmarkMutex(b *testing.B) {
	b.ReportAllocs()
	var mu Mutex
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		mu.Lock(ctx)
		mu.Unlock()
	}
}

// BenchmarkSuspendedMemory measures the memory of tasks parked in
// Chan.Recv or Sleep: the growth of the heap and stacks in use, and of
// the memory obtained from the OS, per task.
func BenchmarkSuspendedMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, park := range []string{"Recv", "Sleep"} {
			if n == 1_000_000 && park == "Sleep" {
				continue
			}
			name := park + "/" + map[int]string{100_000: "100k", 1_000_000: "1M"}[n]
			b.Run(name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					suspendedMemory(b, n, park)
				}
			})
		}
	}
}

func suspendedMemory(b *testing.B, n int, park string) {
	rt := New()
	defer rt.Close()
	// Goroutines start with the average stack size seen at the last GC.
	// So that the figures are those of a process full of tasks rather
	// than of the test harness, 10k tasks are parked first and a GC run;
	// then the collector is off while the n tasks are spawned and parked
	// (with 1M goroutines every cycle scans 1M stacks; the little garbage
	// made meanwhile only makes the figures higher).
	var m0, m1 goruntime.MemStats
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	err := rt.Run(context.Background(), func(ctx context.Context) error {
		parkN := func(n, total int, ch *Chan[int], sctx context.Context, sleep bool) {
			for i := 0; i < n; i++ {
				if sleep {
					//lint:ignore taskleak parked on purpose to measure their memory; Run joins them
					Spawn(sctx, func(ctx context.Context) (int, error) { return 0, Sleep(ctx, time.Hour) })
				} else {
					//lint:ignore taskleak parked on purpose to measure their memory; Run joins them
					Spawn(ctx, func(ctx context.Context) (int, error) { return ch.Recv(ctx) })
				}
			}
			for rt.Stats().TasksSuspended < total {
				Sleep(ctx, time.Millisecond)
			}
		}
		const warm = 10_000
		warmCh := NewChan[int](0)
		parkN(warm, warm, warmCh, nil, false)
		BlockInPlace(ctx, func() {
			goruntime.GC()
			goruntime.ReadMemStats(&m0)
		})
		ch := NewChan[int](0)
		sctx, stop := context.WithCancel(ctx)
		parkN(n, warm+n, ch, sctx, park == "Sleep")
		BlockInPlace(ctx, func() { goruntime.ReadMemStats(&m1) })
		warmCh.Close()
		ch.Close()
		stop()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	inuse := float64(m1.HeapInuse+m1.StackInuse) - float64(m0.HeapInuse+m0.StackInuse)
	sys := float64(m1.Sys) - float64(m0.Sys)
	b.ReportMetric(inuse/float64(n), "inuse-B/task")
	b.ReportMetric(float64(m1.StackInuse-m0.StackInuse)/float64(n), "stack-B/task")
	b.ReportMetric(sys/float64(n), "sys-B/task")
}
