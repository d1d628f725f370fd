// want package:`lock order \(handlers.Bus\).mu -> \(handlers.Watcher\).mu, \(handlers.Bus\).mu -> \(handlers.Recorder\).mu, \(handlers.Watcher\).mu -> \(handlers.Bus\).mu`
// Package handlers: callbacks kept in a map of the bus, run under the
// bus's lock.
package handlers

import "sync"

type Event struct{ Name string }

// A bus runs its handlers, kept in a map by subscription id, holding
// its lock; a watcher's handler takes the watcher's lock, and the
// watcher's Close unsubscribes holding it: two orders.
type Bus struct {
	mu       sync.Mutex
	handlers map[int]func(Event)
	next     int
}

func (b *Bus) Subscribe(h func(Event)) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	b.handlers[b.next] = h
	return b.next
}

func (b *Bus) Unsubscribe(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.handlers, id)
}

func (b *Bus) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range b.handlers {
		h(ev) // want `lock order inversion: \(\*handlers.Bus\).Publish takes \(handlers.Bus\).mu then \(handlers.Watcher\).mu`
	}
}

type Watcher struct {
	mu   sync.Mutex
	bus  *Bus
	id   int
	seen []Event
}

func NewWatcher(b *Bus) *Watcher {
	w := &Watcher{bus: b}
	w.id = b.Subscribe(w.onEvent)
	return w
}

func (w *Watcher) onEvent(ev Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = append(w.seen, ev)
}

func (w *Watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bus.Unsubscribe(w.id)
}

// A recorder's Close lets its lock go before it unsubscribes: one order.
type Recorder struct {
	mu   sync.Mutex
	bus  *Bus
	id   int
	seen []Event
}

func NewRecorder(b *Bus) *Recorder {
	r := &Recorder{bus: b}
	r.id = b.Subscribe(r.onEvent)
	return r
}

func (r *Recorder) onEvent(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, ev)
}

func (r *Recorder) Close() {
	r.mu.Lock()
	id := r.id
	r.mu.Unlock()
	r.bus.Unsubscribe(id)
}
