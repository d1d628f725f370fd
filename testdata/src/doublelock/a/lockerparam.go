package a

import "sync"

// A critical-section helper over a sync.Locker.
func inSection(l sync.Locker, body func()) {
	l.Lock()
	defer l.Unlock()
	body()
}

type routeTable struct {
	mu     sync.RWMutex
	routes map[string]string
}

func (t *routeTable) set(k, v string) {
	inSection(&t.mu, func() { t.routes[k] = v })
}

func (t *routeTable) lookup(k string) string {
	var v string
	inSection(t.mu.RLocker(), func() { v = t.routes[k] })
	return v
}

// Rename writes under the write lock and calls set, which takes it
// again.
func (t *routeTable) Rename(from, to string) {
	inSection(&t.mu, func() { // want `t.mu is locked by inSection at lockerparam.go:7 and locked again at lockerparam.go:30 by calling inSection\(func literal\), which calls t.set at lockerparam.go:31`
		t.set(to, t.routes[from])
		delete(t.routes, from)
	})
}

// Copy reads under the read lock and looks up, which read-locks again:
// a recursive read lock.
func (t *routeTable) Copy(from, to string) string {
	var v string
	inSection(t.mu.RLocker(), func() { // want `t.mu is read-locked by inSection at lockerparam.go:7 and read-locked again at lockerparam.go:40 by calling inSection\(func literal\), which calls t.lookup at lockerparam.go:41`
		v = t.lookup(from)
	})
	return v
}

// Move looks up first and sets after the section: not reported.
func (t *routeTable) Move(from, to string) {
	v := t.lookup(from)
	t.set(to, v)
}

// A section on another table's lock: not reported.
func (t *routeTable) CopyTo(dst *routeTable, k string) {
	inSection(dst.mu.RLocker(), func() {
		t.set(k, dst.routes[k])
	})
}
