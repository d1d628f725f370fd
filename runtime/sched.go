package runtime

// The slot scheduler. A task needs one of the runtime's worker slots to
// run. Free slots are handed out at once; otherwise tasks wait in a FIFO
// queue. A task queued when spawned is "fresh": it has no goroutine yet,
// and the goroutine of the task that gives it a slot by finishing runs it,
// so a burst of small tasks costs neither goroutine starts nor wake-ups. A
// suspended task waits on its wake channel.
//
// The free slots are a bitmap, taken and given back with one atomic
// operation each; rt.smu guards only the queue. Nobody takes a free slot
// while the queue is not empty, and whoever frees a slot or joins the
// queue checks the other side after: a slot freed while a task queues is
// then taken for the queue's head by one of the two (see drainLocked).

import (
	"context"
	"math/bits"
	"sync/atomic"
	"time"
)

// A runner is a Task seen from the scheduler.
type runner interface {
	// body runs the task, which holds a slot, to its end and returns
	// the fresh task its goroutine is to run next, if any.
	body() *task
}

// runLoop runs the fresh task t, then the fresh tasks it is handed, on the
// goroutine it is started on. A fresh task keeps its Task, the runner, in
// its cw until it runs: cw is free until the task's first wait.
func runLoop(t *task) {
	for t != nil {
		r := t.cw.(runner)
		t.cw = nil
		t = r.body()
	}
}

// starting hands a task that holds a slot to the goroutine started for
// it, so that the go statement takes no argument: one with arguments
// allocates a closure for them. It holds one task at most; a task that
// finds it taken gets a goroutine started with it as the argument.
//
// A task is put there only while it is empty, and then one goroutine is
// started to take it out; until it has, no task is put there and no other
// goroutine started so is waiting to take one. So each finds there the
// task put for it.
var starting atomic.Pointer[task]

// goRun starts a goroutine that runs t, fresh (its runner in t.cw) and
// holding a slot, then the fresh tasks it is handed.
func goRun(t *task) {
	if starting.CompareAndSwap(nil, t) {
		go runStarting()
		return
	}
	go runLoop(t)
}

func runStarting() { runLoop(starting.Swap(nil)) }

// A task's word (task.sw) holds its slot plus one (0 when it holds none,
// so that a new task holds none), its wait state when parked, and the
// number of its runs, which tells its runs apart. While the task holds a
// slot only the task changes its word; while it waits, its server and
// its canceller race to move the wait state on (see parker).
//
// A task that parks while no task queues for a slot keeps its slot on
// lease (swLease set: the slot bits are the lease): its server, finding
// the lease, gives the slot back to it with the same operation that
// claims it, and the task resumes on it without the slot going through
// the free slots. Until then the slot is not held: a task that needs one
// and finds none free takes a leased slot (see stealLease), and a lease
// is given up as soon as a task queues.
//
// A finished task's word keeps the slot it gave back (see
// task.releaseFinished): a finished task holds no slot, whatever its word
// says (see holdsSlot and holder).
const (
	swSlotMask   = 1<<32 - 1
	swStateShift = 32
	swLease      = 0x80 << swStateShift
	swStateMask  = 0x7f << swStateShift
	swSeqShift   = 40
	swSeqMask    = 1<<64 - 1<<swSeqShift
)

// swSlot returns the slot held according to w, or -1.
func swSlot(w uint64) int32 {
	if w&swLease != 0 {
		return -1
	}
	return int32(w&swSlotMask) - 1
}

// swLeased returns the slot leased according to w, or -1.
func swLeased(w uint64) int32 {
	if w&swLease == 0 {
		return -1
	}
	return int32(w&swSlotMask) - 1
}

func swState(w uint64) uint32 { return uint32(w & swStateMask >> swStateShift) }

func (t *task) swLoad() uint64             { return atomic.LoadUint64(&t.sw) }
func (t *task) swStore(w uint64)           { atomic.StoreUint64(&t.sw, w) }
func (t *task) swCAS(old, new uint64) bool { return atomic.CompareAndSwapUint64(&t.sw, old, new) }

func (t *task) slotHeld() int32 { return swSlot(t.swLoad()) }

// holdsSlot reports whether t holds slot s. A finished task holds none,
// whatever its word says (see task.releaseFinished).
func (t *task) holdsSlot(s int32) bool {
	return swSlot(t.swLoad()) == s && t.state.Load()&stDone == 0
}

// setSlot records that t holds slot s, in a new run.
func (t *task) setSlot(s int32) {
	w := t.swLoad()
	t.swStore(w&swSeqMask + 1<<swSeqShift | uint64(s+1))
}

// takeSlot takes t's slot from it, if it holds one, with wait state ws.
func (t *task) takeSlot(ws uint32) int32 {
	for {
		w := t.swLoad()
		s := swSlot(w)
		if s < 0 {
			return -1
		}
		if t.swCAS(w, w&swSeqMask|uint64(ws)<<swStateShift) {
			return s
		}
	}
}

// parkSlot ends the run of t, if it holds a slot, and gives the slot up
// with the wait state of t parking with ctx, keeping it on lease if no
// task queues for a slot. The caller, t's own goroutine, makes t's wake
// channel first: the canceller uses it once it sees the wait state. It
// returns the slot for parker.release, or noSlot.
func (t *task) parkSlot(ctx context.Context) parkedSlot {
	w := t.swLoad()
	s := swSlot(w)
	if s < 0 {
		return noSlot
	}
	if t.wake == nil {
		t.wake = make(chan struct{}, 1)
	}
	ws := uint32(wsWaitingCtx)
	if ctx == context.Context(t) {
		ws = wsWaiting
	}
	t.rt.endRun(s)
	lease := t.rt.qlen.Load() == 0
	for {
		nw := w&swSeqMask | uint64(ws)<<swStateShift
		if lease {
			nw |= swLease | uint64(s+1)
		}
		if t.swCAS(w, nw) {
			break
		}
		w = t.swLoad() // only a misuse of t's context from another goroutine
		if s = swSlot(w); s < 0 {
			return noSlot
		}
	}
	if !lease {
		return givenSlot(s)
	}
	return parkedSlot(s)
}

// A parkedSlot is the slot a parking task gave up: on lease (>= 0), to be
// given to the next task (see givenSlot), or none.
type parkedSlot int32

const noSlot parkedSlot = -1

func givenSlot(s int32) parkedSlot { return parkedSlot(-2 - s) }

func (s parkedSlot) given() bool { return s < noSlot }

func (s parkedSlot) slot() int32 {
	if s < noSlot {
		return int32(-2 - s)
	}
	return int32(s)
}

// dropLease takes the lease on slot s from t, if t still has it, and
// reports whether it did; the caller then holds s.
func (t *task) dropLease(s int32) bool {
	for {
		w := t.swLoad()
		if swLeased(w) != s {
			return false
		}
		if t.swCAS(w, w&^(swLease|swSlotMask)) {
			return true
		}
	}
}

// casState moves t's wait state from old to new, if t holds no slot; a
// lease is kept.
func (t *task) casState(old, new uint32) bool {
	w := t.swLoad()
	return swSlot(w) < 0 && swState(w) == old &&
		t.swCAS(w, w&^swStateMask|uint64(new)<<swStateShift)
}

// reclaim gives t, whose word w has the lease it parked with, its slot
// back, in a new run; it reports whether it did. The slot's record is
// updated first (its task is already t), as assign does.
func (rt *Runtime) reclaim(t *task, w uint64) bool {
	s := swLeased(w)
	r := &rt.recs[s]
	if r.task.Load() != t {
		return false // the lease was stolen and the slot given to another
	}
	if c := rt.now.Load(); r.start.Load() != c {
		r.start.Store(c)
	}
	if !t.swCAS(w, w&swSeqMask+1<<swSeqShift|uint64(s+1)) {
		return false
	}
	if !rt.clockOn.Load() {
		rt.startClock()
	}
	return true
}

// The slot records and the clock. A run is a task's hold of a slot
// between two suspension points. Reading the clock at every switch would
// cost more than the rest of the switch, so runs are timed with a coarse
// clock instead: rt.now, which a clock goroutine advances every clockTick
// while any slot is held (see clock). A run records the coarse time it
// starts at, which is at most a tick (and the clock goroutine's lateness)
// before its true start; a run that ends at the coarse time it started at
// is shorter than that and counts as 0, and one that does not reads the
// clock at its end. So LongestRun and the blocking detector's figures are
// never below the truth, and at most about a tick above it, and a switch
// reads the clock only when it ends a run that crossed a tick.

// clockTick is the period of the coarse clock.
const clockTick = time.Millisecond

// clockIdleTicks is how many ticks the clock goroutine goes on with no slot
// held before it stops.
const clockIdleTicks = 16

// setNow advances the coarse clock to v, never back.
func (rt *Runtime) setNow(v int64) {
	for {
		old := rt.now.Load()
		if v <= old || rt.now.CompareAndSwap(old, v) {
			return
		}
	}
}

// A slot's record holds the coarse start time of the latest run on it,
// stored only when it changes, and the task of that run, which holds the
// slot while its word says so (see holder).

// assign records that t holds slot s from now on. The caller has taken
// s: from the free slots, or from the slot's previous holder.
func (rt *Runtime) assign(t *task, s int32) {
	rt.record(t, s)
	t.setSlot(s)
}

// record records slot s's new run, of t, in its record. The start and the
// task are stored before t's word says it holds s, so that a reader that
// sees the same start before and after reading the task and its word
// knows the holder and its run's start (see holder).
func (rt *Runtime) record(t *task, s int32) {
	if !rt.clockOn.Load() {
		rt.startClock()
	}
	r := &rt.recs[s]
	if c := rt.now.Load(); r.start.Load() != c {
		r.start.Store(c)
	}
	if r.task.Load() != t {
		r.task.Store(t)
	}
}

// holder returns the task holding slot i, its word and the coarse start of
// its run, or nil.
func (rt *Runtime) holder(i int) (*task, uint64, int64) {
	r := &rt.recs[i]
	st := r.start.Load()
	t := r.task.Load()
	if t == nil {
		return nil, 0, 0
	}
	w := t.swLoad()
	if swSlot(w) != int32(i) || t.state.Load()&stDone != 0 || r.start.Load() != st {
		return nil, 0, 0
	}
	return t, w, st
}

// endRun accounts for the run on slot s, whose holder gives it up.
//
// Every clockEvery-th run that ends on a slot also reads the clock, and
// advances the coarse clock if it lags a tick or more behind: so it never
// lags far while tasks switch, even if the clock goroutine runs late.
func (rt *Runtime) endRun(s int32) {
	r := &rt.recs[s]
	start := r.start.Load()
	if r.ends++; r.ends%clockEvery != 0 {
		if rt.now.Load() != start {
			rt.noteRun(start, nanotime())
		}
		return // else shorter than a tick
	}
	end := nanotime()
	now := rt.now.Load()
	if end-now >= int64(clockTick) {
		rt.setNow(end)
	}
	if now != start {
		rt.noteRun(start, end)
	}
}

// clockEvery: see endRun.
const clockEvery = 64

// noteRun accounts for a run that started at coarse time start and ended
// at end, read from the clock.
func (rt *Runtime) noteRun(start, end int64) {
	if d := end - start; d > rt.longest.Load() {
		for {
			old := rt.longest.Load()
			if d <= old || rt.longest.CompareAndSwap(old, d) {
				break
			}
		}
	}
}

// startClock starts the clock goroutine if it is not running, and sets
// the coarse clock meanwhile.
func (rt *Runtime) startClock() {
	rt.setNow(nanotime())
	if rt.clockOn.CompareAndSwap(false, true) {
		rt.clockWG.Add(1)
		go rt.clock()
	}
}

// clock is the clock goroutine: it advances rt.now every clockTick while
// a slot is held, and stops after clockIdleTicks with none held, or when
// the runtime is closed and drained. Its ticks come from newTicks.
//
// A task that takes a slot checks rt.clockOn after it did (in assign); the
// clock clears clockOn before it checks that no slot is held. So either
// the clock sees the slot held and goes on, or the task sees clockOn
// cleared and starts a clock.
func (rt *Runtime) clock() {
	defer rt.clockWG.Done()
	src := rt.setTicks(nil, newTicks(clockTick))
	if src == nil {
		return
	}
	defer func() { rt.setTicks(src, nil) }()
	idle := 0
	for {
		if !src.wait() {
			// Stopped by Close, or the OS source failed: go on with a
			// time.Ticker in that case.
			if src = rt.setTicks(src, newTimerTicks(clockTick)); src == nil {
				return
			}
			continue
		}
		rt.setNow(nanotime())
		if rt.anyHeld() {
			idle = 0
			continue
		}
		if idle++; idle < clockIdleTicks {
			continue
		}
		rt.clockOn.Store(false)
		if !rt.anyHeld() {
			return
		}
		rt.setNow(nanotime())
		if !rt.clockOn.CompareAndSwap(false, true) {
			return // a task started another clock
		}
		idle = 0
	}
}

// setTicks replaces the clock goroutine's tick source old with new and
// returns new, unless the runtime's clock is stopped for good (Close): it
// then stops new and returns nil. old is stopped either way.
func (rt *Runtime) setTicks(old, new tickSource) tickSource {
	if old != nil {
		old.stop()
	}
	rt.clockMu.Lock()
	defer rt.clockMu.Unlock()
	if rt.clockSrc == old {
		rt.clockSrc = nil
	}
	if new == nil {
		return nil
	}
	if rt.clockStopped {
		new.stop()
		return nil
	}
	rt.clockSrc = new
	return new
}

// stopClock stops the clock for good and waits for its goroutine to end.
func (rt *Runtime) stopClock() {
	rt.clockMu.Lock()
	rt.clockStopped = true
	if rt.clockSrc != nil {
		rt.clockSrc.stop()
	}
	rt.clockMu.Unlock()
	rt.clockWG.Wait()
}

// anyHeld reports whether a slot is held (leased slots are not).
func (rt *Runtime) anyHeld() bool {
	for i := range rt.recs {
		if t := rt.recs[i].task.Load(); t != nil && t.holdsSlot(int32(i)) {
			return true
		}
	}
	return false
}

// stealLease takes a slot leased to a parked task, or returns -1. The
// leases are looked for only if rt.leases says there may be some; it is
// set by a task that makes a lease and cleared by a search that found
// none, which then looks once more, so that a lease made meanwhile is
// found by one or the other.
func (rt *Runtime) stealLease() int32 {
	if !rt.leases.Load() {
		return -1
	}
	for pass := 0; pass < 2; pass++ {
		for i := range rt.recs {
			t := rt.recs[i].task.Load()
			if t != nil && t.dropLease(int32(i)) {
				return int32(i)
			}
		}
		if pass == 0 {
			rt.leases.Store(false)
		}
	}
	return -1
}

// takeFree takes a free slot, or returns -1.
func (rt *Runtime) takeFree() int32 {
	for i := range rt.freeBits {
		b := &rt.freeBits[i]
		for {
			v := b.Load()
			if v == 0 {
				break
			}
			k := bits.TrailingZeros64(v)
			if b.CompareAndSwap(v, v&^(1<<k)) {
				return int32(64*i + k)
			}
		}
	}
	return -1
}

// putFree makes slot s free.
func (rt *Runtime) putFree(s int32) { rt.freeBits[s/64].Or(1 << (s % 64)) }

func (rt *Runtime) enqueueLocked(t *task) {
	if rt.qn == len(rt.qbuf) {
		n := 2 * len(rt.qbuf)
		if n == 0 {
			n = 16
		}
		buf := make([]*task, n)
		k := copy(buf, rt.qbuf[rt.qhead:])
		copy(buf[k:], rt.qbuf[:rt.qhead])
		rt.qbuf, rt.qhead = buf, 0
	}
	i := rt.qhead + rt.qn
	if i >= len(rt.qbuf) {
		i -= len(rt.qbuf)
	}
	rt.qbuf[i] = t
	rt.qn++
	rt.qlen.Add(1)
}

func (rt *Runtime) dequeueLocked() *task {
	if rt.qn == 0 {
		return nil
	}
	t := rt.qbuf[rt.qhead]
	rt.qbuf[rt.qhead] = nil
	rt.qn--
	if rt.qhead++; rt.qhead == len(rt.qbuf) {
		rt.qhead = 0
	}
	if rt.qn == 0 {
		rt.qhead = 0
		if len(rt.qbuf) > queueKeep {
			rt.qbuf = nil // a burst is over: do not keep its room
		}
	}
	rt.qlen.Add(-1)
	return t
}

// queueKeep is the most room the slot queue keeps once empty.
const queueKeep = 1024

// drainLocked gives free slots to the queued tasks, in order, while there
// are both. It is called, under rt.smu, by whoever joined the queue after
// doing so, and by whoever freed a slot and then saw the queue not empty.
func (rt *Runtime) drainLocked() {
	for rt.qn != 0 {
		s := rt.takeFree()
		if s < 0 {
			if s = rt.stealLease(); s < 0 {
				return
			}
		}
		rt.run(rt.dequeueLocked(), s)
	}
}

// run makes t, taken from the queue, hold slot s and go on: on a new
// goroutine if it is fresh, else by waking it.
func (rt *Runtime) run(t *task, s int32) {
	rt.assign(t, s)
	if t.fresh {
		t.fresh = false
		goRun(t)
		return
	}
	t.wake <- struct{}{}
}

// enqueue queues t for a slot.
func (rt *Runtime) enqueue(t *task) {
	rt.smu.Lock()
	rt.enqueueLocked(t)
	rt.drainLocked()
	rt.smu.Unlock()
}

// tryTake takes a free slot for a task that has none, unless tasks queue
// for one; it returns -1 if it did not.
func (rt *Runtime) tryTake() int32 {
	if rt.qlen.Load() != 0 {
		return -1
	}
	if s := rt.takeFree(); s >= 0 {
		return s
	}
	return rt.stealLease()
}

// startFresh queues a new task t for a slot: it has no goroutine until
// it gets one.
func (rt *Runtime) startFresh(t *task) {
	t.fresh = true
	rt.enqueue(t)
}

// acquireSlot waits for a slot for t, which has a goroutine: the caller's.
// A slot t still has on lease is taken back first.
func (rt *Runtime) acquireSlot(t *task) {
	if w := t.swLoad(); w&swLease != 0 && rt.reclaim(t, w) {
		return
	}
	if s := rt.tryTake(); s >= 0 {
		rt.assign(t, s)
		return
	}
	if t.wake == nil {
		t.wake = make(chan struct{}, 1) // only t makes it, before it can be read
	}
	rt.enqueue(t)
	<-t.wake
}

// ready gives a parked task a slot if one is free, or queues it for one;
// it is signalled on its wake channel once it holds one.
func (rt *Runtime) ready(t *task) {
	if s := rt.tryTake(); s >= 0 {
		rt.assign(t, s)
		t.wake <- struct{}{}
		return
	}
	rt.enqueue(t)
}

// releaseSlot gives slot s back, ending its run, and hands it to the first
// queued task. If that task is fresh and finishing is set, it is returned
// for the caller's goroutine to run.
func (rt *Runtime) releaseSlot(s int32, finishing bool) *task {
	rt.endRun(s)
	return rt.giveSlot(s, finishing)
}

// giveSlot is releaseSlot for a slot whose run has been accounted for.
func (rt *Runtime) giveSlot(s int32, finishing bool) *task {
	if rt.qlen.Load() != 0 {
		rt.smu.Lock()
		if h := rt.dequeueLocked(); h != nil {
			rt.smu.Unlock()
			if h.fresh && finishing {
				h.fresh = false
				rt.assign(h, s)
				return h
			}
			rt.run(h, s)
			return nil
		}
		rt.smu.Unlock()
	}
	rt.putFree(s)
	if rt.qlen.Load() != 0 {
		rt.smu.Lock()
		rt.drainLocked()
		rt.smu.Unlock()
	}
	return nil
}

// handOff gives the slot of from, which holds one, straight to t, a task
// parked at a suspension point and just served by from, when no task
// waits for a slot: t then resumes without the slot going through the
// free slots. It reports whether it did; if not, the caller wakes t as
// usual (see parker.wake).
func (rt *Runtime) handOff(from, t *task) bool {
	if rt.qlen.Load() != 0 {
		return false // the slot is due to the first queued task
	}
	s := from.takeSlot(wsIdle)
	if s < 0 {
		return false
	}
	rt.endRun(s)
	rt.assign(t, s)
	t.wake <- struct{}{}
	return true
}

// yield ends t's run; if tasks wait for a slot, t gives its slot to the
// first and queues behind the others.
func (rt *Runtime) yield(t *task) {
	s := t.slotHeld()
	if s < 0 {
		return
	}
	if rt.qlen.Load() == 0 {
		// Nobody waits: keep the slot, but start a new run.
		rt.endRun(s)
		r := &rt.recs[s]
		if c := rt.now.Load(); r.start.Load() != c {
			r.start.Store(c)
		}
		if w := t.swLoad(); swSlot(w) == s {
			t.swCAS(w, w+1<<swSeqShift)
		}
		return
	}
	if s = t.takeSlot(wsIdle); s >= 0 {
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
// it waits on a single channel. A task's wait state is in its word, which
// it sets with the same operation that gives up its slot.
type parker struct {
	t   *task         // the parked task, or nil for a plain goroutine
	seq uint64        // the task's runs (see swSeqMask) when it parked
	ch  chan struct{} // a plain goroutine's signal
	st  atomic.Uint32 // a plain goroutine's wait state
}

// park prepares the caller to wait: the task ctx carries, if it holds a
// slot, gives it up. It must be called before the waiter can be served,
// under the lock of the queue it will wait in. It returns the slot given
// up, or -1, for release, which is called once the waiter is in its
// queue and that lock released: so the task that gets the slot does not
// find the lock held. If the waiter is served meanwhile, it is given a
// slot as usual; the one it gave up is then released all the same.
func (p *parker) park(ctx context.Context) parkedSlot {
	if t := taskOf(ctx); t != nil {
		if s := t.parkSlot(ctx); s != noSlot {
			p.t, p.seq = t, t.swLoad()&swSeqMask
			return s
		}
	}
	p.parkPlain()
	return noSlot
}

// parkPlain parks a goroutine that holds no slot.
func (p *parker) parkPlain() {
	p.ch = make(chan struct{}, 1)
	p.st.Store(wsWaitingCtx)
}

// release settles the slot s returned by park, if any: it gives it up,
// or, if the task has it on lease, keeps the lease if no task queues for
// a slot and gives the slot up otherwise. A task that queues after it
// looked finds the lease (see stealLease).
func (p *parker) release(s parkedSlot) {
	if s == noSlot {
		return
	}
	t := p.t
	rt := t.rt
	if s.given() {
		rt.giveSlot(s.slot(), false)
		return
	}
	if rt.qlen.Load() == 0 {
		if !rt.leases.Load() {
			rt.leases.Store(true)
		}
		if rt.qlen.Load() == 0 {
			return
		}
	}
	if t.dropLease(s.slot()) {
		rt.giveSlot(s.slot(), false)
	}
}

// withdraw undoes park for a waiter that was never made known to a
// server: the place it was to wait in was taken meanwhile. A task takes a
// slot again. It returns nil for the caller to try again, or, if the
// task was cancelled meanwhile, the error to report.
func (p *parker) withdraw(ctx context.Context, s parkedSlot) error {
	t := p.t
	if t == nil {
		return nil // a plain goroutine's waiter is just dropped
	}
	for {
		st := swState(t.swLoad())
		if st != wsWaiting && st != wsWaitingCtx {
			// Cancelled (see task.cancel): take its signal.
			<-t.wake
			p.release(s)
			return p.unpark(ctx)
		}
		if t.casState(st, wsIdle) {
			p.release(s)
			t.rt.acquireSlot(t)
			return nil
		}
	}
}

// parkNode returns a waitNode parked as by park, and the slot to release.
// A task that holds a slot reuses the node it keeps for that: it waits at
// one place at a time, and once its wait is over its node is in no list
// and no server holds it.
func parkNode(ctx context.Context) (*waitNode, parkedSlot) {
	if t := taskOf(ctx); t != nil {
		if s := t.parkSlot(ctx); s != noSlot {
			w, _ := t.cw.(*waitNode)
			if w == nil {
				w = new(waitNode)
				t.cw = w
			}
			w.p.t, w.p.seq = t, t.swLoad()&swSeqMask
			return w, s
		}
	}
	w := new(waitNode)
	w.p.parkPlain()
	return w, noSlot
}

// state returns the waiter's wait state.
func (p *parker) state() uint32 {
	if p.t != nil {
		return swState(p.t.swLoad())
	}
	return p.st.Load()
}

// cas moves the waiter's wait state from old to new.
func (p *parker) cas(old, new uint32) bool {
	if p.t != nil {
		return p.t.casState(old, new)
	}
	return p.st.CompareAndSwap(old, new)
}

// claim is called by a server, under the queue's lock, before serving the
// waiter; false means the waiter gave up and must be skipped. A task that
// still has its lease gets its slot back.
func (p *parker) claim() bool {
	t := p.t
	if t == nil {
		v := p.st.Load()
		return (v == wsWaiting || v == wsWaitingCtx) && p.st.CompareAndSwap(v, wsServed)
	}
	for {
		w := t.swLoad()
		if v := swState(w); v != wsWaiting && v != wsWaitingCtx || swSlot(w) >= 0 || w&swSeqMask != p.seq {
			return false // gave up, and maybe waits elsewhere since
		}
		if w&swLease != 0 && t.rt.reclaim(t, w) {
			return true
		}
		if t.swCAS(w, w&^swStateMask|wsServed<<swStateShift) {
			return true
		}
	}
}

// wake wakes a claimed waiter: a task that got its slot back at once, or
// once it is given one.
func (p *parker) wake() {
	if t := p.t; t != nil {
		if swSlot(t.swLoad()) >= 0 {
			t.wake <- struct{}{}
			return
		}
		t.rt.ready(t)
	} else {
		p.ch <- struct{}{}
	}
}

// needsSlot reports whether a claimed waiter is a task that holds no
// slot: wakeFrom may give it the slot of the task that served it.
func (p *parker) needsSlot() bool {
	return p.t != nil && swSlot(p.t.swLoad()) < 0
}

// wakeFrom wakes a claimed waiter served by from, a finishing task: if the
// waiter is a task, it may take from's slot (see Runtime.handOff). It
// reports whether it did.
func (p *parker) wakeFrom(from *task) bool {
	if t := p.t; t != nil && from != nil && t.rt == from.rt && swSlot(t.swLoad()) < 0 && t.rt.handOff(from, t) {
		return true
	}
	p.wake()
	return false
}

// own returns the waiter's task if it waits with its own context and is
// not cancelled: wait then just takes its wake signal, which the caller
// may do itself, so that fewer frames are returned through after the
// switch back to the task:
//
//	if t := p.own(ctx); t != nil {
//		<-t.wake
//		served = t.slotHeld() >= 0
//	} else {
//		served = p.wait(ctx)
//	}
func (p *parker) own(ctx context.Context) *task {
	if t := p.t; t != nil && ctx == context.Context(t) && t.state.Load()&stCancelled == 0 {
		return t
	}
	return nil
}

// wait waits until the waiter is served (true: a task then holds a slot
// again) or gives up because ctx ended (false: it must then take itself
// out of the queue, if still in it, and call unpark).
func (p *parker) wait(ctx context.Context) bool {
	ch := p.ch
	var done <-chan struct{}
	t := p.t
	if t != nil {
		ch = t.wake
		if ctx == context.Context(t) {
			// t.cancel wakes us; just make sure it did not come first.
			if t.Err() != nil && t.casState(wsWaiting, wsCancelled) {
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
			if p.cas(wsWaitingCtx, wsCancelled) {
				return false
			}
			<-ch // served or cancelled meanwhile: take the signal
		}
	}
	if t != nil {
		// Served, a task is woken once it holds a slot; cancelled, it
		// holds none.
		return swSlot(t.swLoad()) >= 0
	}
	return p.st.Load() == wsServed
}

// unpark ends a wait that gave up; a task takes a slot again. It returns
// the error to report.
func (p *parker) unpark(ctx context.Context) error {
	err := ctx.Err()
	if t := p.t; t != nil {
		if err == nil {
			err = t.Err() // cancelled with its task, ctx is about to be
		}
		t.rt.acquireSlot(t)
	}
	return err
}

// A waitNode is a waiter in a waitList.
type waitNode struct {
	prev, next *waitNode
	n          int64 // units wanted, in a sema
	in         bool  // in the list; guarded by the owner's lock
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

// claimOne takes the first waiter that has not given up out of l and
// claims it, or returns nil; see claimAll.
func (l *waitList) claimOne() *waitNode {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		if w.p.claim() {
			return w
		}
	}
	return nil
}

// claimAll takes every waiter that has not given up out of l and claims
// it; the waiters are returned linked by next, to be woken by wakeClaimed
// once the owner's lock is released.
func (l *waitList) claimAll() *waitNode {
	var first, last *waitNode
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		if w.p.claim() {
			if last == nil {
				first = w
			} else {
				last.next = w
			}
			last = w
		}
	}
	return first
}

// wakeClaimed wakes the waiters returned by claimAll; from is as for
// wakeOne.
func wakeClaimed(w *waitNode, from *task) {
	for w != nil {
		next := w.next
		w.next = nil // w is its task's again once woken
		if w.p.wakeFrom(from) {
			from = nil
		}
		w = next
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
