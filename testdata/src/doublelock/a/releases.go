package a

import "sync"

// A lease table hands out release funcs that a helper makes, and keeps
// them to release everything on Reset, which runs them holding the lock
// each of them takes.
type leaseTable struct {
	mu       sync.Mutex
	held     map[int]bool
	releases []func()
	next     int
}

func (t *leaseTable) Acquire() func() {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := t.next
	t.next++
	t.held[id] = true
	rel := t.releaser(id)
	t.releases = append(t.releases, rel)
	return rel
}

func (t *leaseTable) releaser(id int) func() {
	return func() {
		t.mu.Lock()
		delete(t.held, id)
		t.mu.Unlock()
	}
}

func (t *leaseTable) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, rel := range t.releases {
		rel() // want `t.mu is locked at releases.go:35 and locked again at releases.go:38 by calling rel, which calls the func literal stored at releases.go:22, which locks t.mu at releases.go:28`
	}
	t.releases = nil
}

// Release funcs that count under a lock of their own: silent.
type countedLeases struct {
	mu       sync.Mutex
	countMu  sync.Mutex
	released int
	releases []func()
}

func (t *countedLeases) Acquire() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.releases = append(t.releases, t.releaser())
}

func (t *countedLeases) releaser() func() {
	return func() {
		t.countMu.Lock()
		t.released++
		t.countMu.Unlock()
	}
}

func (t *countedLeases) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, rel := range t.releases {
		rel()
	}
	t.releases = nil
}
