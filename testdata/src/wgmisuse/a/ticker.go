package a

import (
	"context"
	"sync"
	"time"
)

// RIGHT: a range over a Ticker's channel never ends; the only way out
// is the return, which calls Done. (Found on nats-server's tests.)
func tickerLoop(ctx context.Context, poke func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range time.NewTicker(time.Millisecond).C {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			default:
			}
			poke()
		}
	}()
	wg.Wait()
}

// RIGHT: an Add between the two Done calls re-arms the group. (Found on
// nats-server's tests.)
func rearmed(check func() error) error {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		_ = check()
		wg.Done()
		wg.Add(1)
		_ = check()
		wg.Done()
	}()
	wg.Wait()
	return nil
}
