// Package a holds shared-state races between a starter and what it
// spawns, each beside its correct look-alike, which must stay silent.
package a

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func work(i int) error {
	if i < 0 {
		return errors.New("negative")
	}
	return nil
}

// firstErr written by every goroutine of the loop.
func firstErrRace(items []int) error {
	var wg sync.WaitGroup
	var firstErr error
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(it); err != nil {
				firstErr = err // want `firstErr is written here by every goroutine started in the loop at a.go:\d+: the instances run concurrently with no happens-before between them`
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// RIGHT: under a mutex.
func firstErrLocked(items []int) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(it); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// RIGHT: errgroup with per-index results.
func perIndex(ctx context.Context, items []int) ([]int, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make([]int, len(items))
	for i, it := range items {
		g.Go(func() error {
			results[i] = it * 2
			return work(it)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return results, nil
}

// RIGHT: index of a per-iteration copy.
func perIndexCopy(items []int) []int {
	var wg sync.WaitGroup
	results := make([]int, len(items))
	for i := 0; i < len(items); i++ {
		j := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[j] = items[j]
		}()
	}
	wg.Wait()
	return results
}

// WRONG: the same slot for every goroutine.
func sameSlot(items []int) []int {
	var wg sync.WaitGroup
	results := make([]int, 1)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[0] = it // want `results is written here by every goroutine`
		}()
	}
	wg.Wait()
	return results
}

// WRONG: append to a shared slice.
func appendRace(items []int) []int {
	var wg sync.WaitGroup
	var out []int
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, it) // want `out is written here and read at a.go:\d+ by every goroutine started in the loop`
		}()
	}
	wg.Wait()
	return out
}

// RIGHT: results over a channel.
func appendChan(items []int) []int {
	ch := make(chan int)
	for _, it := range items {
		go func() { ch <- it }()
	}
	var out []int
	for range items {
		out = append(out, <-ch)
	}
	return out
}

// WRONG: a map written from several tasks.
func mapRace(items []string) map[string]int {
	var wg sync.WaitGroup
	seen := make(map[string]int)
	for _, it := range items {
		wg.Go(func() {
			seen[it]++ // want `seen \(map, not safe for concurrent use\) is written here`
		})
	}
	wg.Wait()
	return seen
}

// WRONG: counter++ without atomics.
func counterRace(n int) int {
	var wg sync.WaitGroup
	count := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++ // want `count is written here by every goroutine`
		}()
	}
	wg.Wait()
	return count
}

// RIGHT: atomic counter.
func counterAtomic(n int) int64 {
	var wg sync.WaitGroup
	var count int64
	var typed atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&count, 1)
			typed.Add(1)
		}()
	}
	wg.Wait()
	return count + typed.Load()
}

// The test's own WaitGroup pattern: a write before Wait, a read after.
func waitGroupPattern() int {
	var wg sync.WaitGroup
	x := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		x = 1
	}()
	wg.Wait()
	return x
}

// WRONG: read before the Wait.
func readBeforeWait() int {
	var wg sync.WaitGroup
	x := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		x = 1 // want `x is written by the goroutine started at a.go:\d+ and read at a.go:\d+ by its starter, with no happens-before .*; the starter waits for it only at a.go:206, after this access`
	}()
	y := x
	wg.Wait()
	return y
}

// RIGHT: a channel hand-off.
func handOff() int {
	x := 0
	done := make(chan struct{})
	go func() {
		x = 1
		close(done)
	}()
	<-done
	return x
}

// RIGHT: await before use.
func awaitBeforeUse(ctx context.Context) (int, error) {
	x := 0
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		x = 2
		return x, nil
	})
	if _, err := t.Await(ctx); err != nil {
		return 0, err
	}
	return x, nil
}

// WRONG: used before the await.
func useBeforeAwait(ctx context.Context) (int, error) {
	x := 0
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		x = 2 // want `x is written by the task started at a.go:\d+ and read at a.go:\d+ by its starter`
		return 0, nil
	})
	y := x
	_, err := t.Await(ctx)
	return y, err
}

// RIGHT: sync.Once.
func once() int {
	var o sync.Once
	var wg sync.WaitGroup
	v := 0
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Do(func() { v = 1 })
		}()
	}
	wg.Wait()
	return v
}

// RIGHT: only read on both sides.
func readOnly(cfg map[string]int) int {
	var wg sync.WaitGroup
	total := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total[i] = cfg["a"]
		}()
	}
	_ = cfg["b"]
	wg.Wait()
	return total[0] + total[1]
}

// WRONG: a bytes.Buffer written by the goroutine while the starter reads it.
func bufferRace() string {
	var buf bytes.Buffer
	done := make(chan bool)
	go func() {
		buf.WriteString("x") // want `buf \(bytes.Buffer, not safe for concurrent use\) is written by the goroutine started at a.go:\d+ and read at a.go:\d+ by its starter`
		done <- true
	}()
	s := buf.String()
	<-done
	return s
}

// A counter passed by pointer to a worker started in a loop.
func worker(n *int, wg *sync.WaitGroup) {
	defer wg.Done()
	*n++ // want `n is written here by every goroutine started in the loop`
}

func pointerRace() int {
	var wg sync.WaitGroup
	n := 0
	for range 3 {
		wg.Add(1)
		go worker(&n, &wg)
	}
	wg.Wait()
	return n
}

type server struct {
	mu    sync.Mutex
	hits  int
	cache map[string]string
}

// RIGHT: the goroutine and the starter both hold s.mu.
func (s *server) locked() {
	go func() {
		s.mu.Lock()
		s.hits++
		s.mu.Unlock()
	}()
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
}

// WRONG: the starter does not.
func (s *server) half() {
	go func() {
		s.mu.Lock()
		s.hits++ // want `s.hits is written by the goroutine started at a.go:\d+ and written at a.go:\d+ by its starter`
		s.mu.Unlock()
	}()
	s.hits = 0
}

// RIGHT: variables declared inside the loop are per iteration.
func perIteration(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		local := it
		wg.Add(1)
		go func() {
			defer wg.Done()
			local++
		}()
	}
	wg.Wait()
}

// RIGHT: written before the spawn, read after the join.
func beforeAndAfter(ctx context.Context) int {
	x := 1
	var g errgroup.Group
	g.Go(func() error {
		_ = x
		return nil
	})
	_ = g.Wait()
	x = 2
	return x
}

// RIGHT: a JoinSet waited before use.
func joinSet(ctx context.Context) int {
	var js runtime.JoinSet[int]
	sum := 0
	js.Spawn(ctx, func(ctx context.Context) (int, error) {
		sum = 1
		return 0, nil
	})
	_, _ = js.Wait(ctx)
	return sum
}

// RIGHT: a loop of spawns each awaited in the same iteration.
func sequential(ctx context.Context, n int) int {
	total := 0
	for range n {
		t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
			total++
			return 0, nil
		})
		_, _ = t.Await(ctx)
	}
	return total
}

// WRONG: a worker pool appends to a shared slice.
func pool(jobs chan int) []int {
	var wg sync.WaitGroup
	var out []int
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out = append(out, j) // want `out is written here and read at a.go:\d+ by every goroutine`
			}
		}()
	}
	wg.Wait()
	return out
}

type stat struct{ count, max int }

// RIGHT: stats[j].count, an element per goroutine.
func perElementField(n int) []stat {
	var wg sync.WaitGroup
	stats := make([]stat, n)
	for j := 0; j < n; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[j].count++
			if stats[j].count > stats[j].max {
				stats[j].max = stats[j].count
			}
		}()
	}
	wg.Wait()
	return stats
}

func spin(gp *int, ready *uint32) {
	*gp = 1
	atomic.StoreUint32(ready, 1)
}

// RIGHT: the starter spins on an atomic flag the worker sets after
// writing.
func flagHandOff() int {
	var g int
	var ready uint32
	go spin(&g, &ready)
	for atomic.LoadUint32(&ready) == 0 {
	}
	return g
}

// RIGHT: the map is written under the mutex.
func lockedMap(files map[string]string) (map[string]int, error) {
	var (
		mu      sync.Mutex
		entries = make(map[string]int, len(files))
		g       errgroup.Group
	)
	for name, file := range files {
		g.Go(func() error {
			n := len(file)
			mu.Lock()
			entries[name] = n
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	return entries, err
}
