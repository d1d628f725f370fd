package plain

import "sync"

// A health server keeps the latest status of each service in a one-slot
// channel per watcher: a setter drops the stale value and puts the new
// one, holding mu, as every setter does. The slot is always free when it
// sends, though the watcher takes mu. Not reported.
type health struct {
	mu      sync.Mutex
	status  map[string]int
	updates map[string]chan int
}

func (h *health) watch(name string) {
	ch := make(chan int, 1)
	h.mu.Lock()
	// The first send into a channel just made, on either branch: room.
	if v, ok := h.status[name]; ok {
		ch <- v
	} else {
		ch <- -1
	}
	h.updates[name] = ch
	h.mu.Unlock()
	go func() {
		for v := range ch {
			h.mu.Lock()
			h.status[name+"/seen"] = v
			h.mu.Unlock()
		}
	}()
}

func (h *health) set(name string, v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.setLocked(name, v)
}

func (h *health) shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for name := range h.updates {
		h.setLocked(name, -1)
	}
}

// setLocked is called with h.mu held.
func (h *health) setLocked(name string, v int) {
	h.status[name] = v
	ch := h.updates[name]
	select {
	case <-ch:
	default:
	}
	ch <- v
}

// The same server whose setter does not drop the stale value: a second
// set finds the slot taken and waits for the watcher, which waits for mu.
type leakyHealth struct {
	mu      sync.Mutex
	status  map[string]int
	updates map[string]chan int
}

func (h *leakyHealth) watch(name string) {
	ch := make(chan int, 1)
	h.mu.Lock()
	h.updates[name] = ch
	h.mu.Unlock()
	go func() {
		for v := range ch {
			h.mu.Lock()
			h.status[name+"/seen"] = v
			h.mu.Unlock()
		}
	}()
}

func (h *leakyHealth) set(name string, v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status[name] = v
	h.updates[name] <- v // want `sync lock h.mu \(locked at room.go:\d+\) is held while waiting for another goroutine: a channel send`
}

// A consumer reports its first error on a channel it has just made, as
// a field of the subscription it builds, before the goroutine that reads
// it starts: the buffer has room, though that goroutine takes the
// subscription's lock. Not reported.
type consumer struct {
	subs []*pullSub
}

type pullSub struct {
	mu   sync.Mutex
	errs chan error
	n    int
}

func (c *consumer) consume(err error) *pullSub {
	sub := &pullSub{errs: make(chan error, 10)}
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if err != nil {
		sub.errs <- err
	}
	c.subs = append(c.subs, sub)
	go sub.status()
	return sub
}

// The same first send, through a variable a callback captures.
func (c *consumer) consumeWithHandler(err error) (*pullSub, func()) {
	sub := &pullSub{errs: make(chan error, 10)}
	handler := func() { sub.n++ }
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if err != nil {
		sub.errs <- err
	}
	c.subs = append(c.subs, sub)
	go sub.status()
	return sub, handler
}

func (sub *pullSub) status() {
	for err := range sub.errs {
		sub.mu.Lock()
		sub.n++
		sub.mu.Unlock()
		_ = err
	}
}

// A second error on the same channel, from a method: the buffer may be
// full, and status needs mu to drain it.
func (sub *pullSub) fail(err error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.errs <- err // want `sync lock sub.mu \(locked at room.go:\d+\) is held while waiting for another goroutine: a channel send \(room.go:\d+\); release it before waiting \(the range at room.go:\d+ in \(\*pullSub\).status, run by the goroutine started at room.go:\d+, may take sub.mu first\)`
}

// Shared memory handed around on a one-slot channel used as a mutex,
// filled where it is made: taking it under mu waits only for a holder
// of the memory, which puts it back. Not reported.
type sharedMem struct{ n int }

type fuzzWorker struct {
	mu    sync.Mutex
	memMu chan *sharedMem
}

func newFuzzWorker() *fuzzWorker {
	memMu := make(chan *sharedMem, 1)
	memMu <- &sharedMem{}
	w := &fuzzWorker{memMu: memMu}
	go w.setup()
	return w
}

func (w *fuzzWorker) setup() {
	w.mu.Lock()
	w.mu.Unlock()
	mem := <-w.memMu
	mem.n++
	w.memMu <- mem
}

func (w *fuzzWorker) call() {
	w.mu.Lock()
	defer w.mu.Unlock()
	mem := <-w.memMu
	mem.n++
	w.memMu <- mem
}

// The same status channels, one per watcher of a service, reached by
// ranging over the map that holds them: every send still drops the stale
// value first, under mu. Not reported.
type fanout struct {
	mu      sync.Mutex
	next    int
	status  map[string]int
	updates map[string]map[int]chan int
}

func (f *fanout) watch(name string) {
	ch := make(chan int, 1)
	f.mu.Lock()
	ch <- f.status[name]
	if f.updates[name] == nil {
		f.updates[name] = make(map[int]chan int)
	}
	f.next++
	f.updates[name][f.next] = ch
	f.mu.Unlock()
	go func() {
		for v := range ch {
			f.mu.Lock()
			f.status[name+"/seen"] = v
			f.mu.Unlock()
		}
	}()
}

func (f *fanout) set(name string, v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status[name] = v
	for _, ch := range f.updates[name] {
		select {
		case <-ch:
		default:
		}
		ch <- v
	}
}

// Without the drop, a second set waits for a watcher that waits for mu.
type leakyFanout struct {
	mu      sync.Mutex
	next    int
	status  map[string]int
	updates map[string]map[int]chan int
}

func (f *leakyFanout) watch(name string) {
	ch := make(chan int, 1)
	f.mu.Lock()
	if f.updates[name] == nil {
		f.updates[name] = make(map[int]chan int)
	}
	f.next++
	f.updates[name][f.next] = ch
	f.mu.Unlock()
	go func() {
		for v := range ch {
			f.mu.Lock()
			f.status[name+"/seen"] = v
			f.mu.Unlock()
		}
	}()
}

func (f *leakyFanout) set(name string, v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status[name] = v
	for _, ch := range f.updates[name] {
		ch <- v // want `sync lock f.mu \(locked at room.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}
