package plain

import (
	"errors"
	"sync"
	"time"

	"fixtures/lockawait/lib"
)

var errNoAck = errors.New("no ack")

// A publisher holds its lock while it hands the ack callback to the
// client, so that the callback sees the id; the callback takes the lock
// and reports on an unbuffered channel. The publisher's lock is taken
// before the callback exists, and not after: not reported.
func publishAcked(c *lib.Client, msg string) error {
	ch := make(chan bool)
	var mu sync.Mutex
	var id string
	ack := func(got string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if got != id || err != nil {
			return
		}
		ch <- true
	}
	mu.Lock()
	id = c.PublishAsync(msg, ack)
	mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-time.After(time.Second):
		return errNoAck
	}
}

// The same publisher publishing a batch: the next publish takes the lock
// while an earlier ack may hold it, waiting for the receives that come
// after the loop. Reported.
func publishBatch(c *lib.Client, msgs []string) {
	ch := make(chan bool)
	var mu sync.Mutex
	sent := 0
	ack := func(string, error) {
		mu.Lock()
		defer mu.Unlock()
		ch <- true // want `sync lock mu \(locked at acked.go:48\) is held while waiting for another goroutine: a channel send \(acked.go:50\)`
	}
	for _, m := range msgs {
		mu.Lock()
		c.PublishAsync(m, ack)
		sent++
		mu.Unlock()
	}
	for range sent {
		<-ch
	}
}
