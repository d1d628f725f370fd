// Package loops is checked with -taskleak.background on.
package loops

import (
	"context"
	"time"
)

func refresh() {}

func startRefresher() {
	go func() {
		for { // want `background loop in a goroutine \(started at line 12\) can never be stopped: it has no ctx and no stop channel, and nothing leaves it`
			time.Sleep(time.Minute)
			refresh()
		}
	}()
}

func startTicker(t *time.Ticker) {
	go func() {
		for range t.C { // want `background loop in a goroutine \(started at line 21\) can never be stopped`
			refresh()
		}
	}()
}

// Silent look-alikes.

// A done channel to select on.
func startStoppable(done chan struct{}) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				refresh()
			case <-done:
				return
			}
		}
	}()
}

// A ctx: nocancel's business.
func startCtx(ctx context.Context) {
	go func() {
		for {
			refresh()
		}
	}()
}

// A loop that leaves.
func startBounded() {
	go func() {
		for {
			if time.Now().Hour() == 3 {
				return
			}
			refresh()
		}
	}()
}

// init's goroutines live as long as the program, by design.
func init() {
	go func() {
		for {
			time.Sleep(time.Minute)
			refresh()
		}
	}()
}
