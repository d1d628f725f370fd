package a

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// WRONG: Wait inside the loop that spawns, and the goroutine's send is
// received only after the loop: deadlock.
func waitInLoop(xs []int) (sum int) {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- x * x
		}()
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines it waits for: the goroutine started at wait.go:16 sends on results \(wait.go:18\), which is received only after the loop \(wait.go:23\); the send blocks and wg.Wait never returns; call wg.Wait after the loop`
	}
	for range xs {
		sum += <-results
	}
	return sum
}

// WRONG: the same with WaitGroup.Go.
func waitInLoopGo(xs []int) (sum int) {
	var wg sync.WaitGroup
	results := make(chan int)
	for i := 0; i < len(xs); i++ {
		wg.Go(func() { results <- xs[i] })
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines it waits for`
	}
	for v := range results {
		sum += v
	}
	return sum
}

// RIGHT (on purpose): one goroutine at a time, nothing blocks on later
// iterations.
func oneAtATime(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
		wg.Wait()
	}
}

// RIGHT: a group per iteration.
func groupPerIteration(xs []int) {
	for _, x := range xs {
		var wg sync.WaitGroup
		results := make(chan int)
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- x
		}()
		wg.Wait()
		<-results
	}
}

// RIGHT: a buffered channel has room for every send.
func buffered(xs []int) (sum int) {
	var wg sync.WaitGroup
	results := make(chan int, len(xs))
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- x
		}()
		wg.Wait()
	}
	close(results)
	for v := range results {
		sum += v
	}
	return sum
}

// RIGHT: Wait after the loop.
func waitAfter(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}

// RIGHT: batches: the spawn loop is nested, Wait per batch.
func batches(xss [][]int) {
	var wg sync.WaitGroup
	for _, xs := range xss {
		for _, x := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work(x)
			}()
		}
		wg.Wait()
	}
}

// RIGHT: every tenth item.
func every10(xs []int) {
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
		if i%10 == 9 {
			wg.Wait()
		}
	}
	wg.Wait()
}

// WRONG: a counted goroutine waits for the group that counts it.
func waitsForItself(xs []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, x := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work(x)
			}()
		}
		wg.Wait() // want `wg.Wait in a goroutine that wg counts: its deferred wg.Done \(wait.go:139\) runs only after Wait returns; it waits for itself and never returns`
	}()
	wg.Wait()
}

// WRONG: the same with errgroup.
func groupWaitsForItself(xs []int) error {
	var g errgroup.Group
	g.Go(func() error {
		for _, x := range xs {
			g.Go(func() error { return work(x) })
		}
		return g.Wait() // want `g.Wait in a goroutine that g counts: it was started by g.Go at wait.go:155`
	})
	return g.Wait()
}

// RIGHT: the coordinator uses its own group for the children.
func coordinator(xs []int) {
	var outer, inner sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		for _, x := range xs {
			inner.Add(1)
			go func() {
				defer inner.Done()
				work(x)
			}()
		}
		inner.Wait()
	}()
	outer.Wait()
}

// RIGHT: Done, then wait for the others.
func doneThenWait(wg *sync.WaitGroup) {
	go func() {
		work(0)
		wg.Done()
		wg.Wait()
	}()
}
