// Command fixed is examples/wgmisuse corrected: WaitGroup.Go does the
// Add before the goroutine starts, and the Done when it ends.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var done atomic.Int32
	for range 10 {
		wg.Go(func() {
			time.Sleep(time.Millisecond)
			time.Sleep(10 * time.Millisecond)
			done.Add(1)
		})
	}
	wg.Wait()
	fmt.Printf("Wait returned with %d of 10 jobs done\n", done.Load())
}
