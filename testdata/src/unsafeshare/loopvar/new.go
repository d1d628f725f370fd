package loopvar

import "sync"

// RIGHT: from Go 1.22 each iteration has its own i.
func WarmNew(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			warm(i)
		}()
	}
	wg.Wait()
}
