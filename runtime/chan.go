package runtime

import (
	"context"
	"fmt"
	"sync"
)

// A chanWaiter is a sender or receiver waiting on a Chan.
type chanWaiter[T any] struct {
	prev, next *chanWaiter[T]
	v          T
	ok         bool // value passed (false: the Chan was closed)
	in         bool // still queued; guarded by the Chan's mu
	p          parker
}

type chanQueue[T any] struct{ head, tail *chanWaiter[T] }

func (q *chanQueue[T]) push(w *chanWaiter[T]) {
	w.in = true
	w.prev = q.tail
	if q.tail != nil {
		q.tail.next = w
	} else {
		q.head = w
	}
	q.tail = w
}

func (q *chanQueue[T]) remove(w *chanWaiter[T]) {
	w.in = false
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		q.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		q.tail = w.prev
	}
	w.prev, w.next = nil, nil
}

// pop removes and claims the first waiter that has not given up.
func (q *chanQueue[T]) pop() *chanWaiter[T] {
	for w := q.head; w != nil; w = q.head {
		q.remove(w)
		if w.p.claim() {
			return w
		}
	}
	return nil
}

// parkChanWaiter returns a waiter parked as by parker.park, with ok
// cleared, and the slot to release. Like parkNode, a task that holds a
// slot reuses the waiter it keeps, if it is one for a Chan of T.
func parkChanWaiter[T any](ctx context.Context) (*chanWaiter[T], parkedSlot) {
	if t := taskOf(ctx); t != nil {
		if s := t.parkSlot(ctx); s != noSlot {
			w, _ := t.cw.(*chanWaiter[T])
			if w == nil {
				w = new(chanWaiter[T])
				t.cw = w
			}
			w.ok = false
			w.p.t = t
			return w, s
		}
	}
	w := new(chanWaiter[T])
	w.p.parkPlain()
	return w, noSlot
}

// A Chan is a bounded FIFO channel whose Send and Recv suspend the calling
// task instead of blocking its worker slot. Create one with NewChan.
type Chan[T any] struct {
	mu     sync.Mutex
	buf    []T // ring buffer of cap capacity
	head   int
	n      int
	closed bool
	recvq  chanQueue[T]
	sendq  chanQueue[T]
}

// NewChan returns a Chan buffering up to capacity values; capacity 0 makes
// a rendezvous channel, where Send waits for a receiver. It panics if
// capacity is negative.
func NewChan[T any](capacity int) *Chan[T] {
	if capacity < 0 {
		panic(fmt.Sprintf("runtime: NewChan(%d): negative capacity", capacity))
	}
	return &Chan[T]{buf: make([]T, capacity)}
}

// Len returns the number of values buffered.
func (c *Chan[T]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Cap returns the capacity of c.
func (c *Chan[T]) Cap() int { return len(c.buf) }

// Send sends v on c, suspending the calling task while c is full. It
// returns ErrClosedChan if c is closed, before or while waiting, and
// ctx.Err() if ctx ends first, in which case v was not sent. Send is a
// suspension point when it has to wait.
func (c *Chan[T]) Send(ctx context.Context, v T) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosedChan
	}
	if r := c.recvq.pop(); r != nil {
		r.v, r.ok = v, true
		c.mu.Unlock()
		r.p.wake() // claimed: nobody else touches r
		return nil
	}
	if c.n < len(c.buf) {
		i := c.head + c.n
		if i >= len(c.buf) {
			i -= len(c.buf)
		}
		c.buf[i] = v
		c.n++
		c.mu.Unlock()
		return nil
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return err
	}
	w, slot := parkChanWaiter[T](ctx)
	w.v = v
	c.sendq.push(w)
	c.mu.Unlock()
	w.p.release(slot)

	if !w.p.wait(ctx) {
		c.mu.Lock()
		if w.in {
			c.sendq.remove(w)
		}
		var zero T
		w.v = zero
		c.mu.Unlock()
		return w.p.unpark(ctx)
	}
	if !w.ok {
		var zero T
		w.v = zero // the Chan closed: nobody took it
		return ErrClosedChan
	}
	return nil
}

// Recv receives a value from c, suspending the calling task while c is
// empty. Once c is closed and drained it returns the zero value and
// ErrClosedChan. If ctx ends first it returns ctx.Err() and receives
// nothing. Recv is a suspension point when it has to wait.
func (c *Chan[T]) Recv(ctx context.Context) (T, error) {
	var zero T
	c.mu.Lock()
	if c.n > 0 {
		v := c.buf[c.head]
		c.buf[c.head] = zero
		c.head++
		if c.head == len(c.buf) {
			c.head = 0
		}
		c.n--
		s := c.sendq.pop()
		if s != nil {
			i := c.head + c.n
			if i >= len(c.buf) {
				i -= len(c.buf)
			}
			c.buf[i] = s.v
			c.n++
			s.v, s.ok = zero, true
		}
		c.mu.Unlock()
		if s != nil {
			s.p.wake()
		}
		return v, nil
	}
	if s := c.sendq.pop(); s != nil {
		v := s.v
		s.v, s.ok = zero, true
		c.mu.Unlock()
		s.p.wake()
		return v, nil
	}
	if c.closed {
		c.mu.Unlock()
		return zero, ErrClosedChan
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return zero, err
	}
	w, slot := parkChanWaiter[T](ctx)
	c.recvq.push(w)
	c.mu.Unlock()
	w.p.release(slot)

	if !w.p.wait(ctx) {
		c.mu.Lock()
		if w.in {
			c.recvq.remove(w)
		}
		c.mu.Unlock()
		return zero, w.p.unpark(ctx)
	}
	if !w.ok {
		return zero, ErrClosedChan
	}
	v := w.v
	w.v = zero
	return v, nil
}

// Close closes c: waiting and later senders get ErrClosedChan, receivers
// get the values still buffered and then ErrClosedChan. Closing a closed
// Chan panics, like closing a closed channel.
func (c *Chan[T]) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		panic("runtime: close of closed Chan")
	}
	c.closed = true
	for w := c.recvq.pop(); w != nil; w = c.recvq.pop() {
		w.p.wake()
	}
	for w := c.sendq.pop(); w != nil; w = c.sendq.pop() {
		w.p.wake()
	}
}
