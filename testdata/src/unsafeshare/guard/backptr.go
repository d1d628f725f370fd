package guard

import "sync"

// A registry's map is guarded by its lock; a handle cancels itself
// through its back-pointer, w.reg.mu, the same lock by another path.
// Not reported.
type registry struct {
	mu      sync.Mutex
	handles map[int]*handle
	next    int
}

type handle struct {
	id  int
	reg *registry
}

func (r *registry) Add() *handle {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	h := &handle{id: r.next, reg: r}
	r.handles[h.id] = h
	return h
}

func (r *registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.handles)
}

func (r *registry) Has(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handles[id] != nil
}

func (r *registry) Clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handles = map[int]*handle{}
}

func (h *handle) Cancel() {
	h.reg.mu.Lock()
	defer h.reg.mu.Unlock()
	delete(h.reg.handles, h.id)
}

// forget removes a handle without the lock, from a goroutine.
func (h *handle) forget() {
	delete(h.reg.handles, h.id) // want `field handles is written under r.mu at backptr.go:24, backptr.go:31, backptr.go:37, \.\.\., but written without it here, in a goroutine started at backptr.go:\d+`
}

func useRegistry(r *registry) {
	h := r.Add()
	go h.Cancel()
	h2 := r.Add()
	go h2.forget()
}
