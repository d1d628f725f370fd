package a

import "sync"

// parallel runs work from several goroutines: a call of the parameter
// through the worker literal's free variable runs what the callers pass.
func parallel(n int, work func(int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	wg.Wait()
}

func piece(int) {} // want `piece run by 11`

func runPieces() { parallel(4, piece) }

func other(int) {} // want `other run by 11`

func runOther() { parallel(2, other) }
