package a

import "sync"

// startPool waits for each worker inside the loop that starts it, but
// a worker ends only when jobs is closed, after the loop.
func startPool(n int, jobs []string, do func(string)) {
	var wg sync.WaitGroup
	queue := make(chan string)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				do(j)
			}
		}()
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines it waits for: the goroutine started at waitfeed.go:12 receives from queue \(waitfeed.go:14\), which is fed only after the loop \(waitfeed.go:21\); the receive blocks and wg.Wait never returns; call wg.Wait after the loop`
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
}

// The workers are waited for after the close: silent.
func startPoolThenWait(n int, jobs []string, do func(string)) {
	var wg sync.WaitGroup
	queue := make(chan string)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				do(j)
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
}

// Each iteration feeds its worker before the Wait: silent.
func feedEach(jobs []string, do func(string)) {
	var wg sync.WaitGroup
	one := make(chan string, 1)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do(<-one)
		}()
		one <- j
		wg.Wait()
	}
	close(one)
}

// The worker's receive is optional (a select with a way out): silent.
func startOptional(n int, stop chan struct{}, queue chan string, do func(string)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case j := <-queue:
				do(j)
			case <-stop:
			}
		}()
		wg.Wait()
	}
	close(stop)
}
