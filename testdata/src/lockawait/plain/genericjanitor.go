package plain

import "sync"

// The janitor of stopflag.go, of a generic cache: the proof reads the
// generic code once for every instance. Not reported.
type genericCache[K comparable, V any] struct {
	stopMu  sync.Mutex
	stopped bool
	stopCh  chan struct{}
	items   map[K]V
}

func newGenericCache[K comparable, V any]() *genericCache[K, V] {
	return &genericCache[K, V]{stopped: true, stopCh: make(chan struct{}), items: make(map[K]V)}
}

func runGenericCache() *genericCache[string, int] {
	c := newGenericCache[string, int]()
	go c.Start()
	return c
}

func (c *genericCache[K, V]) Start() {
	c.stopMu.Lock()
	if !c.stopped {
		c.stopMu.Unlock()
		return
	}
	c.stopped = false
	c.stopMu.Unlock()
	for range c.stopCh {
		return
	}
}

func (c *genericCache[K, V]) Stop() {
	c.stopMu.Lock()
	defer c.stopMu.Unlock()
	if c.stopped {
		return
	}
	c.stopCh <- struct{}{}
	c.stopped = true
}
