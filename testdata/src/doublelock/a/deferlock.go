package a

import "sync"

type registry struct {
	mu    sync.Mutex
	items map[string]int
}

// WRONG: the deferred call locks again.
func (r *registry) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Lock() // want `r.mu is locked at deferlock.go:12 and this deferred call locks it again when Set returns, while it is still held: the deferred release was meant; defer r.mu.Unlock\(\)`
	r.items[k] = v
}

// RIGHT
func (r *registry) Delete(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.items, k)
}

// RIGHT: a deferred Lock that takes the lock back after a release (the
// caller holds it; the function lets it go while it waits).
func (r *registry) waitUnlocked(wait func()) {
	r.mu.Unlock()
	defer r.mu.Lock()
	wait()
}
