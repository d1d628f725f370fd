// Package queue: a value published through a queue guarded by a lock.
// The side that writes the value and then puts an item on the queue
// (under the queue's lock) is ordered before the side that gets an item
// from the queue (under the same lock) and then reads the value.
package queue

import (
	"sync"
	"time"
)

type item interface{ kind() int }

type shutdown struct{ graceful, drain bool }

func (*shutdown) kind() int { return 1 }

type ack struct{}

func (*ack) kind() int { return 2 }

type flush struct{}

func (*flush) kind() int { return 3 }

// outbox is a queue of items, guarded by mu, that one writer loop
// drains on each tick of its flush timer.
type outbox struct {
	mu     sync.Mutex
	items  []item
	closed bool
}

func newOutbox() *outbox { return &outbox{} }

func (o *outbox) push(it item) bool {
	return o.pushIf(nil, it)
}

// pushIf appends it under the lock when cond (if any) holds.
func (o *outbox) pushIf(cond func() bool, it item) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || cond != nil && !cond() {
		return false
	}
	o.items = append(o.items, it)
	return true
}

func (o *outbox) popLocked() item {
	if len(o.items) == 0 {
		return nil
	}
	it := o.items[0]
	o.items = o.items[1:]
	return it
}

// pop returns the next item, or nil.
func (o *outbox) pop() item {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.popLocked()
}

type stopSignal struct {
	once sync.Once
	ch   chan struct{}
}

func (s *stopSignal) fire()                 { s.once.Do(func() { close(s.ch) }) }
func (s *stopSignal) done() <-chan struct{} { return s.ch }
func newStopSignal() *stopSignal            { return &stopSignal{ch: make(chan struct{})} }

// Conn writes its frames from one loop; Shutdown publishes the signal
// the loop's graceful timer waits on through the outbox.
type Conn struct {
	mu        sync.Mutex
	out       *outbox
	flushTick *time.Ticker
	idle      *time.Timer
	deadline  *time.Timer
	closing   chan struct{}
	quiet     *stopSignal
	draining  *stopSignal
	reason    string
	sent      int
}

func NewConn() *Conn {
	c := &Conn{
		out:       newOutbox(),
		flushTick: time.NewTicker(time.Millisecond),
		idle:      time.NewTimer(time.Minute),
		deadline:  time.NewTimer(time.Hour),
		closing:   make(chan struct{}),
	}
	w := newWriter(c.out, c.flushTick, c.closing, c.handle)
	go w.run()
	go c.idleWatch()
	go c.expire("deadline")
	return c
}

// writer drains an outbox on each tick, handing each item to the
// handler its owner gave it.
type writer struct {
	out     *outbox
	tick    *time.Ticker
	closing chan struct{}
	handle  func(item)
}

func newWriter(out *outbox, tick *time.Ticker, closing chan struct{}, handle func(item)) *writer {
	return &writer{out: out, tick: tick, closing: closing, handle: handle}
}

func (w *writer) run() {
	for {
		select {
		case <-w.tick.C:
		case <-w.closing:
			return
		}
		for it := w.out.pop(); it != nil; it = w.out.pop() {
			w.handle(it)
		}
	}
}

func (c *Conn) handle(it item) {
	switch it := it.(type) {
	case *shutdown:
		switch {
		case it.drain:
			go c.awaitDrained()
		case it.graceful:
			go c.awaitQuiet()
		}
	case *ack:
		if c.quiet != nil {
			c.quiet.fire()
		}
	case *flush:
		c.mu.Lock()
		c.sent++
		c.mu.Unlock()
	}
}

// awaitQuiet runs after the writer loop got the item that Shutdown put
// after setting c.quiet: the put and the get take the outbox's lock, so
// the read is ordered after the write.
func (c *Conn) awaitQuiet() {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-c.quiet.done():
	case <-t.C:
	}
	c.out.push(&shutdown{})
}

// awaitDrained reads c.draining, which Drain sets after the put.
func (c *Conn) awaitDrained() {
	<-c.draining.done()
	c.out.push(&flush{})
}

// idleWatch shuts the connection down gracefully once it has been idle:
// it sets c.quiet, then puts the item whose handling reads it.
func (c *Conn) idleWatch() {
	<-c.idle.C
	c.mu.Lock()
	c.quiet = newStopSignal()
	c.mu.Unlock()
	c.out.push(&shutdown{graceful: true})
}

// Acked is called by the reader when the peer acknowledged.
func (c *Conn) Acked() { c.out.push(&ack{}) }

// expire drains the connection at its deadline. It puts the item first
// and sets c.draining after it: the loop may handle the item, and start
// the goroutine that reads c.draining, before the write.
func (c *Conn) expire(why string) {
	<-c.deadline.C
	c.out.pushIf(func() bool { return true }, &shutdown{graceful: true, drain: true})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.draining = newStopSignal() // want `c.draining is written here by the goroutine started at queue.go:\d+ and read at queue.go:\d+ by the goroutine started at queue.go:\d+`
	c.reason = why
}
