// Command blockingcall shows the mistake the blockingcall check finds: a
// task that blocks its worker slot (here with time.Sleep, standing for any
// file, network or database call) starves every other task.
//
// It runs a poller that "waits between polls" with time.Sleep next to a
// heartbeat that should tick every 10ms, on a runtime with one worker slot.
// The runtime's blocking detector reports the poller holding its slot, and
// the heartbeat misses its ticks. Run it, then run ./fixed, then lint both:
//
//	go run ./examples/blockingcall
//	go run ./examples/blockingcall/fixed
//	go run ./cmd/asynclint ./examples/blockingcall/...
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
	if len(reports) > 0 {
		fmt.Printf("blocking detector: task %s held its worker slot for more than %v without suspending\n",
			reports[0].Name, reports[0].Held.Round(10*time.Millisecond))
		fmt.Println("=> time.Sleep kept the only worker slot: every other task starved.")
	}
}

// poll checks for work three times, sleeping between checks.
func poll(ctx context.Context) (int, error) {
	n := 0
	for i := 0; i < 3 && ctx.Err() == nil; i++ {
		n++                                // check for work
		time.Sleep(150 * time.Millisecond) // the mistake: blocks the slot
	}
	return n, nil
}
