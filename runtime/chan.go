package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// A chanWaiter is a sender or receiver waiting on a Chan.
type chanWaiter[T any] struct {
	prev, next *chanWaiter[T]
	v          T
	ok         bool // value passed (false: the Chan was closed)
	in         bool // still queued; guarded by the Chan's mu
	send       bool // a sender's; set when made, never changed
	p          parker
}

// chanNodes are the waiters a task keeps for its waits on Chans of T.
type chanNodes[T any] struct{ recv, send chanWaiter[T] }

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

// parkChanWaiter returns a sender's or receiver's waiter parked as by
// parker.park, with ok cleared, and the slot to release. Like parkNode, a
// task that holds a slot reuses the waiters it keeps, if they are for a
// Chan of T: one per direction, so that a waiter's direction never
// changes (see Chan.fast).
func parkChanWaiter[T any](ctx context.Context, send bool) (*chanWaiter[T], parkedSlot) {
	if t := taskOf(ctx); t != nil {
		if s := t.parkSlot(ctx); s != noSlot {
			ns, _ := t.cw.(*chanNodes[T])
			if ns == nil {
				ns = new(chanNodes[T])
				ns.send.send = true
				t.cw = ns
			}
			w := &ns.recv
			if send {
				w = &ns.send
			}
			w.ok = false
			w.p.t, w.p.seq = t, t.swLoad()&swSeqMask
			return w, s
		}
	}
	w := &chanWaiter[T]{send: send}
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

	// A rendezvous Chan (capacity 0) with at most one waiter keeps it
	// here, out of the queues, so that a waiter parks and is served
	// with one atomic operation on fast each instead of taking mu: fast
	// is nil (nobody waits), that waiter, or &slow, when mu and the
	// queues are in use: several waiters, or the Chan closed. Only
	// whoever holds mu sets slow, and moves the waiter it replaces to
	// the head of its queue; fast goes back to nil, under mu, when the
	// queues are empty again. Whoever takes a waiter out of fast serves
	// it if it can claim it (see parker.claim), as a queue's server
	// does.
	fast atomic.Pointer[chanWaiter[T]]
	slow chanWaiter[T]
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
	if len(c.buf) != 0 {
		return c.sendBuf(ctx, v)
	}
	for {
		f := c.fast.Load()
		switch {
		case f == nil:
			if err := ctx.Err(); err != nil {
				return err
			}
			w, slot := parkChanWaiter[T](ctx, true)
			w.v = v
			if !c.fast.CompareAndSwap(nil, w) {
				var zero T
				w.v = zero
				if err := w.p.withdraw(ctx, slot); err != nil {
					return err
				}
				continue
			}
			w.p.release(slot)
			var served bool
			if t := w.p.own(ctx); t != nil {
				<-t.wake
				served = t.slotHeld() >= 0
			} else {
				served = w.p.wait(ctx)
			}
			if !served {
				return c.giveUp(ctx, w)
			}
			if !w.ok {
				var zero T
				w.v = zero // the Chan closed: nobody took it
				return ErrClosedChan
			}
			return nil
		case f != &c.slow && !f.send:
			// A receiver waits: hand v to it.
			if c.fast.CompareAndSwap(f, nil) && f.p.claim() {
				f.v, f.ok = v, true
				f.p.wake()
				return nil
			}
		default:
			if done, err := c.sendSlow(ctx, v); done {
				return err
			}
		}
	}
}

// sendBuf is Send on a buffered Chan.
func (c *Chan[T]) sendBuf(ctx context.Context, v T) error {
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
	w, slot := parkChanWaiter[T](ctx, true)
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
	if len(c.buf) != 0 {
		return c.recvBuf(ctx)
	}
	for {
		f := c.fast.Load()
		switch {
		case f == nil:
			if err := ctx.Err(); err != nil {
				return zero, err
			}
			w, slot := parkChanWaiter[T](ctx, false)
			if !c.fast.CompareAndSwap(nil, w) {
				if err := w.p.withdraw(ctx, slot); err != nil {
					return zero, err
				}
				continue
			}
			w.p.release(slot)
			var served bool
			if t := w.p.own(ctx); t != nil {
				<-t.wake
				served = t.slotHeld() >= 0
			} else {
				served = w.p.wait(ctx)
			}
			if !served {
				return zero, c.giveUp(ctx, w)
			}
			if !w.ok {
				return zero, ErrClosedChan
			}
			v := w.v
			w.v = zero
			return v, nil
		case f != &c.slow && f.send:
			// A sender waits: take its value.
			if c.fast.CompareAndSwap(f, nil) && f.p.claim() {
				v := f.v
				f.v, f.ok = zero, true
				f.p.wake()
				return v, nil
			}
		default:
			if v, done, err := c.recvSlow(ctx); done {
				return v, err
			}
		}
	}
}

// recvBuf is Recv on a buffered Chan.
func (c *Chan[T]) recvBuf(ctx context.Context) (T, error) {
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
	w, slot := parkChanWaiter[T](ctx, false)
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
	if w := c.fast.Swap(&c.slow); w != nil && w != &c.slow && w.p.claim() {
		w.p.wake()
	}
	for w := c.recvq.pop(); w != nil; w = c.recvq.pop() {
		w.p.wake()
	}
	for w := c.sendq.pop(); w != nil; w = c.sendq.pop() {
		w.p.wake()
	}
}

// giveUp takes w, parked in c.fast by a Send or Recv that gave up, out
// of fast, or out of the queue it was moved to, and returns the error to
// report.
func (c *Chan[T]) giveUp(ctx context.Context, w *chanWaiter[T]) error {
	if !c.fast.CompareAndSwap(w, nil) {
		c.mu.Lock()
		c.removeLocked(w)
		c.mu.Unlock()
	}
	var zero T
	w.v = zero
	return w.p.unpark(ctx)
}

// slowLocked makes sure that a rendezvous Chan uses its queues, c.mu
// held: it moves a waiter of the given direction out of fast to the head
// of its queue. It reports false if fast is nil or holds a waiter of the
// other direction: the caller then goes back to fast.
func (c *Chan[T]) slowLocked(send bool) bool {
	f := c.fast.Load()
	if f == &c.slow {
		return true
	}
	if f == nil || f.send != send || !c.fast.CompareAndSwap(f, &c.slow) {
		return false
	}
	if send {
		c.sendq.push(f)
	} else {
		c.recvq.push(f)
	}
	return true
}

// fastLocked goes back to fast once the queues of a rendezvous Chan are
// empty, c.mu held.
func (c *Chan[T]) fastLocked() {
	if c.recvq.head == nil && c.sendq.head == nil && !c.closed {
		c.fast.Store(nil)
	}
}

// removeLocked takes w, which gave up, out of its queue if it is still
// there, c.mu held.
func (c *Chan[T]) removeLocked(w *chanWaiter[T]) {
	if !w.in {
		return
	}
	if w.send {
		c.sendq.remove(w)
	} else {
		c.recvq.remove(w)
	}
	c.fastLocked()
}

// sendSlow is Send on a rendezvous Chan with the queues; done is false if
// the caller is to go back to fast.
func (c *Chan[T]) sendSlow(ctx context.Context, v T) (done bool, err error) {
	c.mu.Lock()
	if !c.slowLocked(true) {
		c.mu.Unlock()
		return false, nil
	}
	if c.closed {
		c.mu.Unlock()
		return true, ErrClosedChan
	}
	if r := c.recvq.pop(); r != nil {
		r.v, r.ok = v, true
		c.fastLocked()
		c.mu.Unlock()
		r.p.wake()
		return true, nil
	}
	if err := ctx.Err(); err != nil {
		c.fastLocked()
		c.mu.Unlock()
		return true, err
	}
	w, slot := parkChanWaiter[T](ctx, true)
	w.v = v
	c.sendq.push(w)
	c.mu.Unlock()
	w.p.release(slot)
	return true, c.waitQueued(ctx, w)
}

// recvSlow is Recv on a rendezvous Chan with the queues; done is false if
// the caller is to go back to fast.
func (c *Chan[T]) recvSlow(ctx context.Context) (v T, done bool, err error) {
	var zero T
	c.mu.Lock()
	if !c.slowLocked(false) {
		c.mu.Unlock()
		return zero, false, nil
	}
	if s := c.sendq.pop(); s != nil {
		v := s.v
		s.v, s.ok = zero, true
		c.fastLocked()
		c.mu.Unlock()
		s.p.wake()
		return v, true, nil
	}
	if c.closed {
		c.mu.Unlock()
		return zero, true, ErrClosedChan
	}
	if err := ctx.Err(); err != nil {
		c.fastLocked()
		c.mu.Unlock()
		return zero, true, err
	}
	w, slot := parkChanWaiter[T](ctx, false)
	c.recvq.push(w)
	c.mu.Unlock()
	w.p.release(slot)
	if err := c.waitQueued(ctx, w); err != nil {
		return zero, true, err
	}
	v = w.v
	w.v = zero
	return v, true, nil
}

// waitQueued waits for a waiter in a queue of a rendezvous Chan to be
// served.
func (c *Chan[T]) waitQueued(ctx context.Context, w *chanWaiter[T]) error {
	if !w.p.wait(ctx) {
		c.mu.Lock()
		c.removeLocked(w)
		c.mu.Unlock()
		var zero T
		w.v = zero
		return w.p.unpark(ctx)
	}
	if !w.ok {
		var zero T
		w.v = zero
		return ErrClosedChan
	}
	return nil
}
