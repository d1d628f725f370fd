package a

import "sync"

type jobPhase int

func (p jobPhase) done() bool { return p >= 2 }

type jobStatus struct {
	phase jobPhase
	msg   string
}

// A tracker whose Wait tests a copy of the job's status taken before
// its loop: nothing in the loop reads the map again, so a Broadcast
// wakes the waiter to test the same copy, and it waits for good.
type jobTracker struct {
	mu      sync.Mutex
	changed *sync.Cond
	jobs    map[string]jobStatus
}

func newJobTracker() *jobTracker {
	t := &jobTracker{jobs: map[string]jobStatus{}}
	t.changed = sync.NewCond(&t.mu)
	return t
}

func (t *jobTracker) Set(id string, p jobPhase) {
	t.mu.Lock()
	t.jobs[id] = jobStatus{phase: p}
	t.mu.Unlock()
	t.changed.Broadcast()
}

func (t *jobTracker) Wait(id string) jobStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.jobs[id]
	for !st.phase.done() {
		t.changed.Wait() // want `t.changed.Wait is in a loop that tests only st, a local copy that nothing in the loop changes \(stale.go:40\): once it waits, every wake finds the same and it waits again; read the state again in the loop`
	}
	return st
}

// The same wait that reads the map again in the loop: not reported.
func (t *jobTracker) WaitFresh(id string) jobStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.jobs[id]
	for !st.phase.done() {
		t.changed.Wait()
		st = t.jobs[id]
	}
	return st
}

// A pointer to the status: another goroutine changes what it points
// to. Not reported.
type ptrTracker struct {
	mu      sync.Mutex
	changed *sync.Cond
	jobs    map[string]*jobStatus
}

func newPtrTracker() *ptrTracker {
	t := &ptrTracker{jobs: map[string]*jobStatus{}}
	t.changed = sync.NewCond(&t.mu)
	return t
}

func (t *ptrTracker) Set(id string, p jobPhase) {
	t.mu.Lock()
	t.jobs[id].phase = p
	t.mu.Unlock()
	t.changed.Broadcast()
}

func (t *ptrTracker) Wait(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.jobs[id]
	for !st.phase.done() {
		t.changed.Wait()
	}
}
