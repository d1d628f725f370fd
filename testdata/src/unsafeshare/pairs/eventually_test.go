package pairs

import (
	"sync/atomic"
	"testing"
	"time"

	"fixtures/unsafeshare/poll"
)

func replayOnce(n int) (int, error) { return n * 2, nil }

// The goroutine stores its flag atomically after writing its results;
// the test polls the flag through a helper of another package, and reads
// the results once the helper returned. Silent.
func TestReplayTerminates(t *testing.T) {
	const runs = 3
	var done [runs]atomic.Bool
	for i := 0; i < runs; i++ {
		func(i int) {
			var got int
			var err error
			go func() {
				got, err = replayOnce(i)
				done[i].Store(true)
			}()
			poll.Eventually(t, func() bool { return done[i].Load() }, time.Minute, time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if got != i*2 {
				t.Fatalf("got %d", got)
			}
		}(i)
	}
}

// The flag is polled, but the results are read before the poll. Reported.
func TestReplayTooEarly(t *testing.T) {
	var done atomic.Bool
	var err error
	go func() {
		_, err = replayOnce(1) // want `err is written by the goroutine started at eventually_test.go:\d+ and read at eventually_test.go:\d+ by its starter`
		done.Store(true)
	}()
	if err != nil {
		t.Log(err)
	}
	poll.Eventually(t, func() bool { return done.Load() }, time.Minute, time.Millisecond)
}
