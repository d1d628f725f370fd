package plain

import (
	"context"
	"sync"
)

// A queue's Put waits for the loop with mu held, in a select that also
// watches ctx: the loop takes mu before it receives, and a ctx that is
// never cancelled leaves both waiting. The message speaks of a plain
// select, not of the runtime's worker slots.
type ctxQueue struct {
	mu    sync.Mutex
	items chan string
	seen  int
}

func newCtxQueue() *ctxQueue {
	q := &ctxQueue{items: make(chan string)}
	go q.loop()
	return q
}

func (q *ctxQueue) loop() {
	for {
		q.mu.Lock()
		q.seen++
		q.mu.Unlock()
		<-q.items
	}
}

func (q *ctxQueue) Put(ctx context.Context, it string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	select { // want `sync lock q.mu \(locked at ctxselect.go:34\) is held while waiting for another goroutine: a select without default \(ctxselect.go:36\)`
	case q.items <- it:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
