package wake

import "sync"

// A jobQueue's Get waits until there is a job or the queue is closed.
// Close sets closed but wakes nobody: a Get asleep in Wait stays asleep
// until some later Put signals, which after Close never comes.
type jobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []string
	closed bool
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *jobQueue) Put(j string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, j)
	q.cond.Signal()
}

func (q *jobQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return "", false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j, true
}

func (q *jobQueue) Close() {
	q.mu.Lock()
	q.closed = true // want `q.closed is set here, and nothing wakes the goroutines waiting on q.cond for it: the Wait at wake.go:32 loops while !q.closed; Close does not Signal or Broadcast q.cond, nor does any function it calls or that calls it; broadcast q.cond after setting q.closed`
	q.mu.Unlock()
}

// Requeue appends without a Signal: a Get waiting for a job sleeps on.
func (q *jobQueue) Requeue(j string) {
	q.mu.Lock()
	q.jobs = append(q.jobs, j) // want `q.jobs is appended to here, and nothing wakes the goroutines waiting on q.cond for it: the Wait at wake.go:32 loops while len\(q.jobs\) == 0`
	q.mu.Unlock()
}

// A taskQueue does both right: Close broadcasts, and Requeue signals
// through a helper its caller runs.
type taskQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []string
	closed bool
}

func newTaskQueue() *taskQueue {
	q := &taskQueue{closed: false}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *taskQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.tasks) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.tasks) == 0 {
		return "", false
	}
	t := q.tasks[0]
	q.tasks = q.tasks[1:]
	return t, true
}

func (q *taskQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *taskQueue) addLocked(t string) {
	q.tasks = append(q.tasks, t)
}

func (q *taskQueue) wake() { q.cond.Signal() }

func (q *taskQueue) Put(t string) {
	q.mu.Lock()
	q.addLocked(t)
	q.mu.Unlock()
	q.wake()
}

// A fresh queue's flag set before anyone can wait needs no wake-up.
func closedTaskQueue() *taskQueue {
	q := newTaskQueue()
	q.closed = true
	return q
}

// Reopen clears the flag: waiting longer needs no wake-up.
func (q *taskQueue) Reopen() {
	q.mu.Lock()
	q.closed = false
	q.mu.Unlock()
}
