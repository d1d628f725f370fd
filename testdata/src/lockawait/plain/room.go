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
	ch <- h.status[name] // the first send into a channel just made: room
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
// a field of the value it builds, before the goroutine that reads it
// starts: the buffer has room. Not reported.
type consumer struct {
	mu   sync.Mutex
	subs []*pullSub
}

type pullSub struct {
	errs chan error
	n    int
}

func (c *consumer) consume(err error) *pullSub {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := &pullSub{errs: make(chan error, 10)}
	if err != nil {
		sub.errs <- err
	}
	c.subs = append(c.subs, sub)
	go c.status(sub)
	return sub
}

func (c *consumer) status(sub *pullSub) {
	for err := range sub.errs {
		c.mu.Lock()
		sub.n++
		c.mu.Unlock()
		_ = err
	}
}
