package runtime

// The slot scheduler. A task needs one of the runtime's worker slots to
// run. Free slots are handed out at once; otherwise tasks wait in a FIFO
// queue. A task queued when spawned is "fresh": it has no goroutine yet,
// and the goroutine of the task that gives it a slot by finishing runs it,
// so a burst of small tasks costs neither goroutine starts nor wake-ups. A
// suspended task waits on its wake channel.

import (
	"context"
	"sync/atomic"
)

// A runner is a Task seen from the scheduler.
type runner interface {
	// body runs the task, which holds a slot, to its end and returns
	// the fresh task its goroutine is to run next, if any.
	body() runner
}

func runLoop(r runner) {
	for r != nil {
		r = r.body()
	}
}

// assign records that t holds slot s from now.
func (rt *Runtime) assign(t *task, s int32, now int64) {
	r := &rt.recs[s]
	r.seq.Add(1)
	r.task.Store(t)
	r.start.Store(now)
	t.slot.Store(s)
}

func (rt *Runtime) enqueueLocked(t *task) {
	t.qnext = nil
	if rt.qtail != nil {
		rt.qtail.qnext = t
	} else {
		rt.qhead = t
	}
	rt.qtail = t
	rt.qlen.Add(1)
}

func (rt *Runtime) dequeueLocked() *task {
	t := rt.qhead
	if t != nil {
		rt.qhead = t.qnext
		if rt.qhead == nil {
			rt.qtail = nil
		}
		t.qnext = nil
		rt.qlen.Add(-1)
	}
	return t
}

// start starts a new task t, run by r: on a new goroutine if a slot is
// free, else it is queued fresh.
func (rt *Runtime) start(t *task, r runner) {
	t.runner = r
	rt.smu.Lock()
	if n := len(rt.free); n > 0 && rt.qhead == nil {
		s := rt.free[n-1]
		rt.free = rt.free[:n-1]
		rt.smu.Unlock()
		rt.assign(t, s, nanotime())
		go runLoop(r)
		return
	}
	t.fresh = true
	rt.enqueueLocked(t)
	rt.smu.Unlock()
}

// acquireSlot waits for a slot for t, which has a goroutine: the caller's.
func (rt *Runtime) acquireSlot(t *task) {
	rt.smu.Lock()
	if n := len(rt.free); n > 0 && rt.qhead == nil {
		s := rt.free[n-1]
		rt.free = rt.free[:n-1]
		rt.smu.Unlock()
		rt.assign(t, s, nanotime())
		return
	}
	if t.wake == nil {
		t.wake = make(chan struct{}, 1) // only t makes it, before it can be read
	}
	w := t.wake
	rt.enqueueLocked(t)
	rt.smu.Unlock()
	<-w
}

// releaseSlot gives slot s back, recording the length of the run that
// ends, and hands it to the first queued task. If that task is fresh and
// finishing is set, it is returned for the caller's goroutine to run.
func (rt *Runtime) releaseSlot(s int32, finishing bool) runner {
	r := &rt.recs[s]
	now := nanotime()
	d := now - r.start.Load()
	r.start.Store(0)
	r.task.Store(nil)
	for {
		old := rt.longest.Load()
		if d <= old || rt.longest.CompareAndSwap(old, d) {
			break
		}
	}
	rt.smu.Lock()
	h := rt.dequeueLocked()
	if h == nil {
		rt.free = append(rt.free, s)
		rt.smu.Unlock()
		return nil
	}
	rt.smu.Unlock()
	rt.assign(h, s, now)
	if h.fresh {
		h.fresh = false
		if finishing {
			return h.runner
		}
		go runLoop(h.runner)
		return nil
	}
	h.wake <- struct{}{}
	return nil
}

// yield ends t's run; if tasks wait for a slot, t gives its slot to the
// first and queues behind the others.
func (rt *Runtime) yield(t *task) {
	s := t.slot.Load()
	if s < 0 {
		return
	}
	if rt.qlen.Load() == 0 {
		// Nobody waits: keep the slot, but start a new run.
		r := &rt.recs[s]
		now := nanotime()
		d := now - r.start.Load()
		for {
			old := rt.longest.Load()
			if d <= old || rt.longest.CompareAndSwap(old, d) {
				break
			}
		}
		r.seq.Add(1)
		r.start.Store(now)
		return
	}
	if s = t.slot.Swap(-1); s >= 0 {
		rt.releaseSlot(s, false)
		rt.acquireSlot(t)
	}
}

// Wait states of a parker.
const (
	wsIdle       = iota
	wsWaiting    // parked with its own task context: task.cancel wakes it
	wsWaitingCtx // parked with another context, which it watches itself
	wsServed     // claimed by whoever served it
	wsCancelled  // gave up: its context ended
)

// A parker is how a waiter in the queue of a Chan, Mutex and the like
// waits. A task gives its slot back when it parks, and its server wakes it
// straight into the slot queue: it runs again as soon as it holds a slot,
// without waking twice. A plain goroutine just gets a signal.
//
// Server and canceller race to move the state out of wsWaiting; the
// winner wakes the waiter, so it is woken exactly once. A task waiting
// with its own context is woken by its cancellation (see task.cancel), so
// it waits on a single channel.
type parker struct {
	t  *task         // the parked task, or nil for a plain goroutine
	ch chan struct{} // a plain goroutine's signal
	st atomic.Uint32 // a plain goroutine's wait state
}

// park prepares the caller to wait: the task ctx carries, if it holds a
// slot, gives it back. It must be called before the waiter can be served,
// under the lock of the queue it will wait in.
func (p *parker) park(ctx context.Context) {
	if t := taskOf(ctx); t != nil {
		if s := t.slot.Swap(-1); s >= 0 {
			if t.wake == nil {
				t.wake = make(chan struct{}, 1)
			}
			if ctx == context.Context(t) {
				t.wstate.Store(wsWaiting)
			} else {
				t.wstate.Store(wsWaitingCtx)
			}
			p.t = t
			t.rt.releaseSlot(s, false)
			return
		}
	}
	p.ch = make(chan struct{}, 1)
	p.st.Store(wsWaitingCtx)
}

func (p *parker) state() *atomic.Uint32 {
	if p.t != nil {
		return &p.t.wstate
	}
	return &p.st
}

// claim is called by a server, under the queue's lock, before serving the
// waiter; false means the waiter gave up and must be skipped.
func (p *parker) claim() bool {
	st := p.state()
	v := st.Load()
	return (v == wsWaiting || v == wsWaitingCtx) && st.CompareAndSwap(v, wsServed)
}

// wake wakes a claimed waiter.
func (p *parker) wake() {
	if p.t != nil {
		p.t.rt.ready(p.t)
	} else {
		p.ch <- struct{}{}
	}
}

// wait waits until the waiter is served (true: a task then holds a slot
// again) or gives up because ctx ended (false: it must then take itself
// out of the queue, if still in it, and call unpark).
func (p *parker) wait(ctx context.Context) bool {
	st := p.state()
	ch := p.ch
	var done <-chan struct{}
	if t := p.t; t != nil {
		ch = t.wake
		if ctx == context.Context(t) {
			// t.cancel wakes us; just make sure it did not come first.
			if t.Err() != nil && st.CompareAndSwap(wsWaiting, wsCancelled) {
				return false
			}
		} else {
			done = ctx.Done()
		}
	} else {
		done = ctx.Done()
	}
	if done == nil {
		<-ch
	} else {
		select {
		case <-ch:
		case <-done:
			if st.CompareAndSwap(wsWaitingCtx, wsCancelled) {
				return false
			}
			<-ch // served or cancelled meanwhile: take the signal
		}
	}
	if st.Load() == wsServed {
		st.Store(wsIdle)
		return true
	}
	return false
}

// unpark ends a wait that gave up; a task takes a slot again. It returns
// the error to report.
func (p *parker) unpark(ctx context.Context) error {
	err := ctx.Err()
	if t := p.t; t != nil {
		t.wstate.Store(wsIdle)
		if err == nil {
			err = t.Err() // cancelled with its task, ctx is about to be
		}
		t.rt.acquireSlot(t)
	}
	return err
}

// ready gives a parked task a slot if one is free, or queues it for one;
// it is signalled on its wake channel once it holds one.
func (rt *Runtime) ready(t *task) {
	rt.smu.Lock()
	if n := len(rt.free); n > 0 && rt.qhead == nil {
		s := rt.free[n-1]
		rt.free = rt.free[:n-1]
		rt.smu.Unlock()
		rt.assign(t, s, nanotime())
		t.wake <- struct{}{}
		return
	}
	rt.enqueueLocked(t)
	rt.smu.Unlock()
}

// A waitNode is a waiter in a waitList.
type waitNode struct {
	prev, next *waitNode
	in         bool // in the list; guarded by the owner's lock
	p          parker
}

// A waitList is a FIFO list of parked waiters, guarded by its owner's lock.
type waitList struct{ head, tail *waitNode }

func (l *waitList) push(w *waitNode) {
	w.in = true
	w.prev = l.tail
	if l.tail != nil {
		l.tail.next = w
	} else {
		l.head = w
	}
	l.tail = w
}

func (l *waitList) remove(w *waitNode) {
	if !w.in {
		return
	}
	w.in = false
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		l.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		l.tail = w.prev
	}
	w.prev, w.next = nil, nil
}

// wakeOne wakes the first waiter that has not given up, if any.
func (l *waitList) wakeOne() {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		if w.p.claim() {
			w.p.wake()
			return
		}
	}
}

// wakeAll wakes every waiter.
func (l *waitList) wakeAll() {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		if w.p.claim() {
			w.p.wake()
		}
	}
}
