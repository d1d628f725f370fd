// Command fixed is examples/condwait corrected: each consumer checks the
// queue again when Wait returns, in a loop, and waits again if another
// consumer took the item first.
package main

import (
	"fmt"
	"sync"
	"time"
)

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(s string) {
	q.mu.Lock()
	q.items = append(q.items, s)
	q.mu.Unlock()
	q.cond.Broadcast()
}

// get takes the first item, waiting for one.
func (q *queue) get() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

func main() {
	q := newQueue()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			fmt.Printf("consumer %d got %s\n", i, q.get())
		})
	}
	time.Sleep(100 * time.Millisecond) // both consumers are waiting
	q.put("job-1")
	time.Sleep(100 * time.Millisecond) // one consumer got it; the other waits again
	q.put("job-2")
	wg.Wait()
}
