package a

import "sync"

// A work queue whose Get waits under an if, and whose workers call Get
// in a loop. The workers' loop does not test the queue again: once Get's
// Wait returns, Get takes the first item, which another woken worker may
// have taken already (index out of range).
type workQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	items    []string
	shutdown bool
}

func newWorkQueue() *workQueue {
	q := &workQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *workQueue) Add(item string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *workQueue) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shutdown = true
	q.cond.Broadcast()
}

func (q *workQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 && !q.shutdown {
		q.cond.Wait() // want `q.cond.Wait is not in a loop: the condition the if at callerloop.go:39 checks is not checked again when Wait returns \(q.items\[0\] at callerloop.go:45 reads what it tested, and the loops that call \(\*workQueue\).Get do not check it for it\)`
	}
	if q.shutdown && len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func (q *workQueue) run(process func(string)) {
	for {
		item, ok := q.Get()
		if !ok {
			return
		}
		process(item)
	}
}

// The same queue whose Get tests the queue again after the Wait, and
// reports it empty: the workers' loop then calls it again. Not reported.
type retryQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func newRetryQueue() *retryQueue {
	q := &retryQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *retryQueue) Add(item string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *retryQueue) tryGet() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func (q *retryQueue) run(process func(string)) {
	for {
		item, ok := q.tryGet()
		if !ok {
			continue
		}
		process(item)
	}
}

// A helper that waits once and returns: its caller's loop tests the
// queue. Not reported.
func (q *retryQueue) waitOnce() {
	if len(q.items) == 0 {
		q.cond.Wait()
	}
}

func (q *retryQueue) take() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waitOnce()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}
