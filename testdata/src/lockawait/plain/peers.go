package plain

import "sync"

// Hub hands events to subscribers, each with its own channel kept in a
// map. A subscriber that stops takes h.mu to unsubscribe, on its way
// out: Publish, which sends holding h.mu, waits for it forever.
type Hub struct {
	mu   sync.Mutex
	subs map[int]chan string
	next int
}

func (h *Hub) Subscribe() (int, <-chan string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan string)
	h.next++
	h.subs[h.next] = ch
	return h.next, ch
}

func (h *Hub) Unsubscribe(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, id)
}

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		ch <- ev // want `sync lock h.mu \(locked at peers.go:30\) is held while waiting for another goroutine: a channel send`
	}
}

func Watch(h *Hub, stop <-chan struct{}, f func(string)) {
	id, ch := h.Subscribe()
	go func() {
		defer h.Unsubscribe(id)
		for {
			select {
			case ev := <-ch:
				f(ev)
			case <-stop:
				return
			}
		}
	}()
}

// Feed is the twin: subscribers unsubscribe without the lock the sender
// holds (a lock of their own). Silent.
type Feed struct {
	mu    sync.Mutex
	subMu sync.Mutex
	subs  map[int]chan string
}

func (f *Feed) Unsubscribe(id int) {
	f.subMu.Lock()
	defer f.subMu.Unlock()
	_ = id
}

func (f *Feed) Publish(ev string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.subs {
		ch <- ev
	}
}

func (f *Feed) Watch(id int, ch chan string, stop <-chan struct{}) {
	f.mu.Lock()
	f.subs[id] = ch
	f.mu.Unlock()
	go func() {
		defer f.Unsubscribe(id)
		for {
			select {
			case <-ch:
			case <-stop:
				return
			}
		}
	}()
}

// Cache waits through a func-valued field, set in the constructor, for
// the warm-up goroutine, which takes c.mu for every entry it loads.
type Cache struct {
	mu        sync.Mutex
	entries   map[string]int
	ready     chan struct{}
	waitReady func()
}

func NewCache(load func() map[string]int) *Cache {
	c := &Cache{entries: make(map[string]int), ready: make(chan struct{})}
	c.waitReady = func() { <-c.ready }
	go c.warm(load)
	return c
}

func (c *Cache) warm(load func() map[string]int) {
	for k, v := range load() {
		c.mu.Lock()
		c.entries[k] = v
		c.mu.Unlock()
	}
	close(c.ready)
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitReady() // want `sync lock c.mu \(locked at peers.go:116\) is held while waiting for another goroutine: the func literal does a channel receive`
	return c.entries[k]
}

// The twin waits before it locks. Silent.
func (c *Cache) GetReady(k string) int {
	c.waitReady()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

// Source is met through an interface whose implementation waits on a
// Cond; the Cond is signalled by Push, which its callers reach holding
// p.cfgMu for reading, while Reload write-locks it.
type Source interface{ Next() int }

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) Next() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *queue) push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

type Pipeline struct {
	cfgMu sync.RWMutex
	limit int
	q     *queue
	src   Source
}

func (p *Pipeline) Step() int {
	p.cfgMu.RLock()
	defer p.cfgMu.RUnlock()
	return min(p.src.Next(), p.limit) // want `sync read lock p.cfgMu \(locked at peers.go:173\) is held while waiting for another goroutine: \(\*queue\).Next calls \(\*sync.Cond\).Wait`
}

func (p *Pipeline) Ingest(v int) {
	p.cfgMu.RLock()
	defer p.cfgMu.RUnlock()
	if v < p.limit {
		p.q.push(v)
	}
}

func (p *Pipeline) Reload(limit int) {
	p.cfgMu.Lock()
	p.limit = limit
	p.cfgMu.Unlock()
}

// The twin never write-locks its read lock: readers do not wait for
// each other. Silent.
type ROPipeline struct {
	cfgMu sync.RWMutex
	limit int
	q     *queue
	src   Source
}

func (p *ROPipeline) Step() int {
	p.cfgMu.RLock()
	defer p.cfgMu.RUnlock()
	return min(p.src.Next(), p.limit)
}

func (p *ROPipeline) Ingest(v int) {
	p.cfgMu.RLock()
	defer p.cfgMu.RUnlock()
	if v < p.limit {
		p.q.push(v)
	}
}
