// want package:`lock order \(bus\.Bus\)\.mu -> the callbacks of \(\*bus\.Bus\)\.Subscribe#0, \(subscriber\.Stats\)\.mu -> \(bus\.Bus\)\.mu, \(subscriber\.Watcher\)\.mu -> \(bus\.Topic\)\.mu, \(bus\.Bus\)\.mu -> \(subscriber\.Stats\)\.mu, \(bus\.Bus\)\.mu -> \(subscriber\.Counter\)\.mu`

package subscriber

import (
	"sync"

	"fixtures/lockorder/bus"
)

// Stats counts the bus's messages in a callback that takes s.mu, and
// reports holding s.mu while it asks the bus for its length: the bus
// holds its lock while it runs the callback.
type Stats struct {
	mu   sync.Mutex
	bus  *bus.Bus
	seen int
}

func NewStats(b *bus.Bus) *Stats {
	s := &Stats{bus: b}
	b.Subscribe(s.onMsg) // want `lock order inversion: \(\*bus.Bus\).Publish takes \(bus.Bus\).mu then \(subscriber.Stats\).mu \(b.mu locked at bus.go:\d+, then s.mu at subscriber.go:\d+ by calling s.onMsg, registered at subscriber.go:\d+, which locks s.mu at subscriber.go:\d+\), but \(\*subscriber.Stats\).Report takes \(subscriber.Stats\).mu then \(bus.Bus\).mu`
	return s
}

func (s *Stats) onMsg(string) {
	s.mu.Lock()
	s.seen++
	s.mu.Unlock()
}

func (s *Stats) Report() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen + s.bus.Len()
}

// The same counter that asks the bus before it takes its own lock.
type Counter struct {
	mu   sync.Mutex
	bus  *bus.Bus
	seen int
}

func NewCounter(b *bus.Bus) *Counter {
	c := &Counter{bus: b}
	b.Subscribe(c.onMsg)
	return c
}

func (c *Counter) onMsg(string) {
	c.mu.Lock()
	c.seen++
	c.mu.Unlock()
}

func (c *Counter) Report() int {
	n := c.bus.Len()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen + n
}

// A watcher of a topic whose closed handler takes w.mu, and which asks
// the topic whether it is closed under w.mu: the topic runs the handler
// under its lock on one path only. Not reported.
type Watcher struct {
	mu      sync.Mutex
	topic   *bus.Topic
	stopped bool
}

func NewWatcher(t *bus.Topic) *Watcher {
	w := &Watcher{topic: t}
	t.SetClosedHandler(func() {
		w.mu.Lock()
		w.stopped = true
		w.mu.Unlock()
	})
	return w
}

func (w *Watcher) Done() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopped || w.topic.Closed()
}
