// Command fixed is examples/blockingcall with the mistake fixed: the poller
// waits with runtime.Sleep, a suspension point, so it gives its worker
// slot back between polls and the heartbeat keeps ticking.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

func main() {
	var (
		mu      sync.Mutex
		reports []runtime.BlockingReport
	)
	rt := runtime.New(
		runtime.WithWorkers(1),
		runtime.WithBlockingDetector(50*time.Millisecond, func(r runtime.BlockingReport) {
			mu.Lock()
			reports = append(reports, r)
			mu.Unlock()
		}),
	)
	defer rt.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	beats := 0
	err := rt.Run(ctx, func(ctx context.Context) error {
		var js runtime.JoinSet[int]
		js.Spawn(ctx, poll)
		js.Spawn(ctx, func(ctx context.Context) (int, error) {
			for runtime.Sleep(ctx, 10*time.Millisecond) == nil {
				beats++
			}
			return beats, nil
		})
		_, err := js.Wait(ctx)
		return err
	})
	if err != nil && ctx.Err() == nil {
		fmt.Println("error:", err)
	}

	rt.Close()
	st := rt.Stats()
	fmt.Printf("heartbeat ticked %d times in 500ms (about 50 expected)\n", beats)
	fmt.Printf("longest run without a suspension point: %v\n", st.LongestRun.Round(10*time.Millisecond))
	fmt.Printf("blocking detector reports: %d\n", len(reports))
}

// poll checks for work three times, suspending between checks.
func poll(ctx context.Context) (int, error) {
	n := 0
	for i := 0; i < 3; i++ {
		n++ // check for work
		if err := runtime.Sleep(ctx, 150*time.Millisecond); err != nil {
			return n, err
		}
	}
	return n, nil
}
