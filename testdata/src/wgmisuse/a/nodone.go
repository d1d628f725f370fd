package a

import "sync"

// WRONG: the goroutines are counted and never counted down.
func notifyAll(subs []func(string), msg string) {
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			s(msg)
		}()
	}
	wg.Wait() // want `wg.Wait never returns: wg.Add at nodone.go:9 counts goroutines, but nothing calls wg.Done; defer wg.Done\(\) in each goroutine it counts`
}

// RIGHT
func notifyAllDone(subs []func(string), msg string) {
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s(msg)
		}()
	}
	wg.Wait()
}

// RIGHT: the group is handed to the worker, which counts down.
func notifyAllHanded(subs []func(string), msg string) {
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go deliver(&wg, s, msg)
	}
	wg.Wait()
}

func deliver(wg *sync.WaitGroup, s func(string), msg string) {
	defer wg.Done()
	s(msg)
}
