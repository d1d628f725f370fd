package plain

import "sync"

// A hub sends each event to its watchers holding its lock. A watcher is
// made and registered by Watch under that lock: a consumer that takes
// the lock there, before it has the channel, cannot hold up a send on
// it. This consumer keeps ranging, and cancels its watch from another
// goroutine, which waits its turn for the lock. Not reported.
type eventHub struct {
	mu       sync.Mutex
	watchers map[int]*hubWatcher
	next     int
}

type hubWatcher struct {
	id  int
	ch  chan string
	hub *eventHub
}

func (h *eventHub) Watch() *hubWatcher {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	w := &hubWatcher{id: h.next, ch: make(chan string), hub: h}
	h.watchers[w.id] = w
	return w
}

func (h *eventHub) Notify(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range h.watchers {
		w.ch <- ev
	}
}

func (w *hubWatcher) Cancel() {
	w.hub.mu.Lock()
	defer w.hub.mu.Unlock()
	delete(w.hub.watchers, w.id)
}

func consumeAll(h *eventHub, stopAfter int) {
	w := h.Watch()
	n := 0
	for range w.ch {
		n++
		if n == stopAfter {
			go w.Cancel()
		}
	}
}
