// Command condwait shows a mistake the condwait check finds: a
// sync.Cond wait checked by an if instead of a loop. Two consumers wait
// for an item; one item arrives and Broadcast wakes both. The first takes
// it; the second returns from Wait, does not check again, and takes from
// an empty queue.
//
//	go run ./examples/condwait
//	go run ./examples/condwait/fixed
//	go run ./cmd/asynclint ./examples/condwait/...
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
func (q *queue) get() (item string, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if len(q.items) == 0 {
		q.cond.Wait() // the mistake: not checked again
	}
	item, q.items = q.items[0], q.items[1:]
	return item, nil
}

func main() {
	q := newQueue()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			item, err := q.get()
			if err != nil {
				fmt.Printf("consumer %d: %v\n", i, err)
				return
			}
			fmt.Printf("consumer %d got %s\n", i, item)
		})
	}
	time.Sleep(100 * time.Millisecond) // both consumers are waiting
	q.put("job-1")
	wg.Wait()
	fmt.Println("=> Broadcast woke both; the one that lost the race took from an empty queue.")
}
