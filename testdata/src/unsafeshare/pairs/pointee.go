package pairs

import "sync"

// A wrapper reaches its balancer through a pointer set once: reading the
// pointer to get at the balancer's stats does not read the fields the
// balancer's own goroutine writes under its lock. Silent.
type lbStats struct{ drops int }

type remoteBalancer struct {
	mu        sync.Mutex
	connected bool
	stats     *lbStats
}

type lbWrapper struct {
	lb *remoteBalancer
}

func (b *remoteBalancer) watch() {
	b.mu.Lock()
	b.connected = true
	b.mu.Unlock()
}

func (w *lbWrapper) report() int {
	return w.lb.stats.drops
}

func runWrapper(out chan<- int) {
	w := &lbWrapper{lb: &remoteBalancer{stats: &lbStats{}}}
	go w.watch()
	go func() { out <- w.report() }()
}

func (w *lbWrapper) watch() {
	w.lb.mu.Lock()
	w.lb.connected = true
	w.lb.mu.Unlock()
}

// The same wrapper holding the balancer by value: reading it copies the
// connected field the goroutine writes.
type lbValueWrapper struct {
	lb remoteState
}

type remoteState struct {
	connected bool
	drops     int
}

func (w *lbValueWrapper) watch() {
	w.lb.connected = true // want `w.lb.connected is written here by the goroutine started at pointee.go:\d+`
}

func runValueWrapper(out chan<- remoteState) {
	w := &lbValueWrapper{}
	go w.watch()
	go func() { out <- w.lb }()
}
