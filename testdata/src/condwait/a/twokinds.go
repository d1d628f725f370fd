package a

import "sync"

// A bounded queue whose producers and consumers wait on one Cond, each
// for its own condition, and wake each other with Signal: a consumer's
// Signal meant for a producer may wake another consumer, which tests
// the queue empty and waits again, and the producer sleeps on.
type boundedQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	buf   []int
	limit int
}

func newBoundedQueue(limit int) *boundedQueue {
	q := &boundedQueue{limit: limit}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *boundedQueue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) >= q.limit {
		q.cond.Wait()
	}
	q.buf = append(q.buf, v)
	q.cond.Signal() // want `q.cond.Signal wakes one waiter of q.cond, which goroutines wait on for two conditions \(len\(q.buf\) >= q.limit at twokinds.go:25, len\(q.buf\) == 0 at twokinds.go:35\): it may wake one whose condition still holds, which waits again while one that could go on sleeps; call q.cond.Broadcast, or use one Cond per condition`
}

func (q *boundedQueue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 {
		q.cond.Wait()
	}
	v := q.buf[0]
	q.buf = q.buf[1:]
	q.cond.Signal() // want `q.cond.Signal wakes one waiter of q.cond, which goroutines wait on for two conditions`
	return v
}

// The same queue with a Cond per condition: not reported.
type twoCondQueue struct {
	mu       sync.Mutex
	notFull  *sync.Cond
	notEmpty *sync.Cond
	buf      []int
	limit    int
}

func newTwoCondQueue(limit int) *twoCondQueue {
	q := &twoCondQueue{limit: limit}
	q.notFull = sync.NewCond(&q.mu)
	q.notEmpty = sync.NewCond(&q.mu)
	return q
}

func (q *twoCondQueue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) >= q.limit {
		q.notFull.Wait()
	}
	q.buf = append(q.buf, v)
	q.notEmpty.Signal()
}

func (q *twoCondQueue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 {
		q.notEmpty.Wait()
	}
	v := q.buf[0]
	q.buf = q.buf[1:]
	q.notFull.Signal()
	return v
}
