package a

import "sync"

// The count is for every item, but the first Wait runs after one start.
func copyEach(items []string, copyOne func(string)) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			defer wg.Done()
			copyOne(it)
		}()
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines it waits for: wg.Add\(len\(items\)\) at waitloop.go:8 counts every iteration's goroutine before the loop`
	}
}

// Waited after the loop: silent.
func copyAll(items []string, copyOne func(string)) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			defer wg.Done()
			copyOne(it)
		}()
	}
	wg.Wait()
}

// One at a time, counted in the loop: silent.
func copySerial(items []string, copyOne func(string)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			copyOne(it)
		}()
		wg.Wait()
	}
}

// The Add runs before the starter's Wait: the starter first waits on
// ready, which each goroutine marks done after its Add. Silent.
func startTogether(names []string, run func(string)) {
	var wg, ready sync.WaitGroup
	start := func(name string) {
		wg.Add(1)
		defer wg.Done()
		ready.Done()
		run(name)
	}
	ready.Add(len(names))
	for _, n := range names {
		go start(n)
	}
	ready.Wait()
	wg.Wait()
}
