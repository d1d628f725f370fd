package plain

import "sync"

type watchEvent struct{ key string }

// A watcher runs its handler after each event it receives; the
// handler asks the hub for its size, under the hub's lock.
type evWatcher struct {
	ch      chan watchEvent
	handler func(watchEvent)
}

func (w *evWatcher) run() {
	for ev := range w.ch {
		w.handler(ev)
	}
}

type watchHub struct {
	mu       sync.Mutex
	watchers map[int]*evWatcher
	next     int
}

func (h *watchHub) Watch(handler func(watchEvent)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	w := &evWatcher{ch: make(chan watchEvent), handler: handler}
	h.watchers[h.next] = w
	go w.run()
}

func (h *watchHub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.watchers)
}

// Dispatch sends to each watcher with the hub's lock held, while a
// watcher between two events may be in its handler, waiting for that
// lock.
func (h *watchHub) Dispatch(ev watchEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range h.watchers {
		w.ch <- ev // want `sync lock h.mu \(locked at watchhub.go:45\) is held while waiting for another goroutine: a channel send \(watchhub.go:48\)`
	}
}

func startHub() *watchHub {
	h := &watchHub{watchers: map[int]*evWatcher{}}
	h.Watch(func(ev watchEvent) { _ = h.Len() + len(ev.key) })
	return h
}

// A worker pool's workers take the pool's lock in their loop only to put
// themselves back on the ready list: a ready worker, the one Stop finds
// there, is at its receive already. Not reported.
type readyWorker struct {
	ch chan func()
}

type readyPool struct {
	lock  sync.Mutex
	ready []*readyWorker
}

func (p *readyPool) release(w *readyWorker) {
	p.lock.Lock()
	p.ready = append(p.ready, w)
	p.lock.Unlock()
}

func (p *readyPool) work(w *readyWorker) {
	for f := range w.ch {
		if f == nil {
			return
		}
		f()
		p.release(w)
	}
}

func (p *readyPool) spawn() {
	w := &readyWorker{ch: make(chan func())}
	go p.work(w)
	p.release(w)
}

func (p *readyPool) Stop() {
	p.lock.Lock()
	defer p.lock.Unlock()
	for _, w := range p.ready {
		w.ch <- nil
	}
	p.ready = p.ready[:0]
}

// A client's pending requests, each with its reply channel, which the
// connection's flush answers under the table's lock. The caller takes
// that lock in its loop only inside send, which registers the request
// and returns its channel. Not reported.
type pendingReq struct {
	reply chan error
}

type reqTable struct {
	mu      sync.Mutex
	pending map[int]*pendingReq
	next    int
}

func (t *reqTable) send() <-chan error {
	r := &pendingReq{reply: make(chan error)}
	t.mu.Lock()
	t.next++
	t.pending[t.next] = r
	t.mu.Unlock()
	return r.reply
}

func (t *reqTable) flush(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, r := range t.pending {
		r.reply <- err
		delete(t.pending, id)
	}
}

func (t *reqTable) resendAll(n int, quit chan struct{}) error {
	for i := 0; i < n; i++ {
		select {
		case err := <-t.send():
			if err != nil {
				return err
			}
		case <-quit:
			return nil
		}
	}
	return nil
}
