package a

import "sync"

// A revision tracker whose waiters each wait for a revision of their
// own, woken by Signal: the one woken may want a later revision and wait
// again, while the one whose revision is applied sleeps.
type revTracker struct {
	mu      sync.Mutex
	cond    *sync.Cond
	applied uint64
}

func newRevTracker() *revTracker {
	t := &revTracker{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

func (t *revTracker) advance(rev uint64) {
	t.mu.Lock()
	t.applied = rev
	t.mu.Unlock()
	t.cond.Signal() // want `t.cond.Signal wakes one waiter of t.cond, but each waits for a value of its own \(t.applied < rev at owncond.go:30, rev a parameter of \(\*revTracker\).WaitFor\): it may wake one whose value is not reached`
}

func (t *revTracker) WaitFor(rev uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.applied < rev {
		t.cond.Wait()
	}
}

// The same tracker that broadcasts: not reported.
type revBroadcaster struct {
	mu      sync.Mutex
	cond    *sync.Cond
	applied uint64
}

func newRevBroadcaster() *revBroadcaster {
	t := &revBroadcaster{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

func (t *revBroadcaster) advance(rev uint64) {
	t.mu.Lock()
	t.applied = rev
	t.mu.Unlock()
	t.cond.Broadcast()
}

func (t *revBroadcaster) WaitFor(rev uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.applied < rev {
		t.cond.Wait()
	}
}

// A pipe buffer whose Read loops while the caller's buffer has room: the
// loop's parameter is the copy's progress, not a value the reader waits
// for, and every waiter waits for the same thing (data). Not reported.
type pipeBuffer struct {
	cond *sync.Cond
	data []byte
	eof  bool
}

func newPipeBuffer() *pipeBuffer {
	return &pipeBuffer{cond: sync.NewCond(new(sync.Mutex))}
}

func (b *pipeBuffer) write(p []byte) {
	b.cond.L.Lock()
	b.data = append(b.data, p...)
	b.cond.Signal()
	b.cond.L.Unlock()
}

func (b *pipeBuffer) Read(buf []byte) (n int) {
	b.cond.L.Lock()
	defer b.cond.L.Unlock()
	for len(buf) > 0 {
		if len(b.data) > 0 {
			k := copy(buf, b.data)
			buf, b.data, n = buf[k:], b.data[k:], n+k
			continue
		}
		if n > 0 || b.eof {
			break
		}
		b.cond.Wait()
	}
	return n
}
