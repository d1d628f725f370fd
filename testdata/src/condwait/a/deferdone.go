package a

import "sync"

// A work queue whose Done puts a key marked dirty back on the queue
// without a Signal. The worker defers Done, and calls Add (which
// signals) before it: the deferred Done runs after that Signal, so
// nothing wakes the getter for the requeued key.
type dirtyQueue struct {
	mu         sync.Mutex
	cond       *sync.Cond
	queue      []string
	dirty      map[string]bool
	processing map[string]bool
}

func newDirtyQueue() *dirtyQueue {
	q := &dirtyQueue{dirty: map[string]bool{}, processing: map[string]bool{}}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *dirtyQueue) Add(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.dirty[key] = true
	if q.processing[key] {
		return
	}
	q.queue = append(q.queue, key)
	q.cond.Signal()
}

func (q *dirtyQueue) Get() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.queue) == 0 {
		q.cond.Wait()
	}
	key := q.queue[0]
	q.queue = q.queue[1:]
	q.processing[key] = true
	delete(q.dirty, key)
	return key
}

func (q *dirtyQueue) Done(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.processing, key)
	if q.dirty[key] {
		q.queue = append(q.queue, key) // want `q.queue is appended to here, and nothing wakes the goroutines waiting on q.cond for it`
	}
}

func process(q *dirtyQueue, key string, sync func(string) error) {
	defer q.Done(key)
	if err := sync(key); err != nil {
		q.Add(key)
	}
}

// The same worker calling Done before Add: Add's Signal comes after the
// requeue. Not reported.
type orderedQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	queue []string
}

func newOrderedQueue() *orderedQueue {
	q := &orderedQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *orderedQueue) Add(key string) {
	q.mu.Lock()
	q.queue = append(q.queue, key)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *orderedQueue) Get() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.queue) == 0 {
		q.cond.Wait()
	}
	key := q.queue[0]
	q.queue = q.queue[1:]
	return key
}

func (q *orderedQueue) requeue(key string) {
	q.mu.Lock()
	q.queue = append(q.queue, key)
	q.mu.Unlock()
}

func processOrdered(q *orderedQueue, key string) {
	q.requeue(key)
	q.Add("")
}
