package plain

import "sync"

// A hub sends each event to its current watcher holding its lock. The
// watcher is made and installed by Watch under that lock: a consumer
// that takes the lock there, before it has the channel, cannot hold up
// a send on it. This consumer keeps ranging, and cancels its watch from
// another goroutine, which waits its turn for the lock. Not reported.
type eventHub struct {
	mu      sync.Mutex
	current *hubWatcher
	next    int
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
	h.current = w
	return w
}

func (h *eventHub) Notify(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.current != nil {
		h.current.ch <- ev
	}
}

func (w *hubWatcher) Cancel() {
	w.hub.mu.Lock()
	defer w.hub.mu.Unlock()
	if w.hub.current == w {
		w.hub.current = nil
	}
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
