package wake

import (
	"context"
	"sync"
)

// A queue shut down when its context ends: ShutDown is handed to
// context.AfterFunc, which calls it and nothing else, so nobody
// broadcasts the change and a Get that waits for it sleeps on.
type ctxQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	items    []int
	shutdown bool
}

func newCtxQueue(ctx context.Context) *ctxQueue {
	q := &ctxQueue{}
	q.cond = sync.NewCond(&q.mu)
	context.AfterFunc(ctx, q.ShutDown)
	return q
}

func (q *ctxQueue) Add(x int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, x)
	q.cond.Signal()
}

func (q *ctxQueue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.shutdown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x, true
}

func (q *ctxQueue) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shutdown = true // want `q.shutdown is set here, and nothing wakes the goroutines waiting on q.cond for it`
}

// The same queue closed through a sync.Once, which runs close in
// place: Close broadcasts after it. Not reported.
type onceQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
	once   sync.Once
}

func newOnceQueue() *onceQueue {
	q := &onceQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *onceQueue) Add(x int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, x)
	q.cond.Signal()
}

func (q *onceQueue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x, true
}

func (q *onceQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
}

func (q *onceQueue) Close() {
	q.once.Do(q.close)
	q.cond.Broadcast()
}
