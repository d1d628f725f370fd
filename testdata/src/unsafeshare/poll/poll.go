// Package poll waits for a condition in tests.
package poll

import (
	"testing"
	"time"
)

// Eventually fails the test unless cond becomes true within wait,
// checking it every tick.
func Eventually(t testing.TB, cond func() bool, wait, tick time.Duration) {
	t.Helper()
	ch := make(chan bool, 1)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for next := ticker.C; ; {
		select {
		case <-timer.C:
			t.Fatalf("condition not met within %v", wait)
			return
		case <-next:
			next = nil
			go func() { ch <- cond() }()
		case v := <-ch:
			if v {
				return
			}
			next = ticker.C
		}
	}
}
