package wake

import "sync"

// A work queue whose ShutDown only sets the flag: the controller that
// drives it feeds it first (Add signals), then shuts it down. The
// signal before the change wakes nobody for it.
type workQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	items    []string
	stopping bool
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

func (q *workQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.stopping {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func (q *workQueue) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.stopping = true // want `q.stopping is set here, and nothing wakes the goroutines waiting on q.cond for it`
}

type controller struct {
	queue *workQueue
	wg    sync.WaitGroup
}

func (c *controller) worker() {
	defer c.wg.Done()
	for {
		if _, ok := c.queue.Get(); !ok {
			return
		}
	}
}

func (c *controller) Sync(keys []string) {
	c.wg.Add(1)
	go c.worker()
	for _, k := range keys {
		c.queue.Add(k)
	}
	c.queue.ShutDown()
	c.wg.Wait()
}

// The same queue, with a drain that broadcasts after its caller's
// shutdown: woken. Not reported.
type drainQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	items    []string
	stopping bool
}

func (q *drainQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.stopping {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func (q *drainQueue) stopLocked() { q.stopping = true }

func (q *drainQueue) wakeAll() { q.cond.Broadcast() }

func (q *drainQueue) Close() {
	q.mu.Lock()
	q.stopLocked()
	q.mu.Unlock()
	q.wakeAll()
}
