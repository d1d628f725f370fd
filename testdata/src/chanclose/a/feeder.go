package a

import (
	"sync"
	"time"
)

// A ticker feeds ticks to its consumer from a goroutine that never
// returns; Stop closes the feed under it: the feeder's next send panics.
type tickFeed struct {
	ticks chan int
}

func (f *tickFeed) Start() {
	go func() {
		for i := 0; ; i++ {
			f.ticks <- i
			time.Sleep(time.Millisecond)
		}
	}()
}

func (f *tickFeed) Stop() { close(f.ticks) } // want `close of tickFeed.ticks in Stop while the goroutine started at feeder.go:\d+ may still send on it \(feeder.go:\d+\) from another goroutine`

// The same feed whose feeder leaves on quit, and Stop waits for it to
// leave before it closes: not reported.
type stoppableFeed struct {
	ticks chan int
	quit  chan struct{}
	wg    sync.WaitGroup
}

func (f *stoppableFeed) Start() {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for i := 0; ; i++ {
			select {
			case f.ticks <- i:
			case <-f.quit:
				return
			}
		}
	}()
}

func (f *stoppableFeed) Stop() {
	close(f.quit)
	f.wg.Wait()
	close(f.ticks)
}
