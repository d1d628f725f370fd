// Command wgmisuse shows a mistake the wgmisuse check finds: WaitGroup.Add
// called inside the goroutine it counts. Wait runs before the goroutines
// have started, sees the count at zero, and returns at once: the results
// are read while the work is still going on.
//
//	go run ./examples/wgmisuse
//	go run ./examples/wgmisuse/fixed
//	go run ./cmd/asynclint ./examples/wgmisuse/...
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
		go func() {
			time.Sleep(time.Millisecond) // the goroutine has other work first
			wg.Add(1)                    // the mistake: Wait may already have returned
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
			done.Add(1)
		}()
	}
	wg.Wait()
	fmt.Printf("Wait returned with %d of 10 jobs done\n", done.Load())
	fmt.Println("=> Wait saw the count at zero before any goroutine had called Add.")
}
