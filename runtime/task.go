package runtime

import (
	"context"
	"errors"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// taskKey is the context key under which a task's context finds the task.
type taskKey struct{}

// closedchan is a reusable closed channel.
var closedchan = make(chan struct{})

func init() { close(closedchan) }

// An afterNode is a callback registered by AfterFunc in its task's list.
type afterNode struct {
	prev, next *afterNode
	f          func()
	in         bool // in the list; guarded by the task's mu
}

// task state bits
const (
	stDetached  = 1 << iota
	stDone      // finished: the result may be read
	stCancelled // the context's error is set
	stLeft      // left the tree of tasks: finished, and no children or callbacks left (see unlink)
	// Set once t had children, or an aux (where AfterFunc callbacks,
	// among others, go): its finish then takes t.mu (see finish).
	stKids
	stAux
)

// taskAux holds what few tasks need, made when first needed.
type taskAux struct {
	err error         // context error
	fin chan struct{} // closed when finished, made lazily
	pe  *PanicError   // panic, for the handler of detached tasks

	afters *afterNode // AfterFunc callbacks
}

// A task is the untyped part of a Task. It is also the context.Context
// given to the task's function: it carries the runtime and the task, takes
// its deadline and values from the spawning context, and is cancelled when
// that context is, when the task is cancelled, or when the runtime closes.
// Unlike a context.WithCancel context it is not cancelled when the task
// returns, so tasks it spawned may outlive it; it stays linked to its
// parent only while it runs or has linked children, so nothing piles up.
type task struct {
	// The slot, wait state and runs (see swSlot), with atomic access
	// only once t is shared. First, so that it is 64-bit aligned.
	sw uint64

	rt     *Runtime
	parent context.Context
	scope  *scope // Run accounting; nil when not counted
	id     uint64
	pc     uintptr                  // entry of the task's function, for reports
	wake   chan struct{}            // signalled when given a slot, or woken when parked
	aux    *taskAux                 // guarded by mu
	kids   *task                    // children to cancel, linked by knext; guarded by mu
	kprev  *task                    // in the parent's list of children; guarded by its mu
	knext  *task                    // (in it while it is first or has a previous one)
	aw     atomic.Pointer[waitNode] // tasks waiting in Await: see Task.Await
	mu     sync.Mutex
	cw     any // waiter kept for the task's waits: see parkNode

	done   atomic.Pointer[chan struct{}] // context's Done, made lazily
	state  atomic.Uint32                 // stDetached | stDone | stCancelled
	fresh  bool                          // queued before it ever ran: it has no goroutine
	linked bool                          // in its parent task's list of children (see parentTask); set before t is shared
	reg    bool                          // in the runtime registry; set before t is shared
	inSet  bool                          // its Task is a setTask; set before t is shared
}

// auxLocked returns t's aux, making it; t.mu is held.
func (t *task) auxLocked() *taskAux {
	if t.aux == nil {
		t.aux = new(taskAux)
		t.state.Or(stAux)
	}
	return t.aux
}

// errLocked returns t's context error; t.mu is held.
func (t *task) errLocked() error {
	if t.aux == nil {
		return nil
	}
	return t.aux.err
}

// A scope counts the attached, unfinished tasks of one Run.
type scope struct {
	pending atomic.Int64
	done    chan struct{}
}

func (s *scope) tryAdd() bool {
	for {
		n := s.pending.Load()
		if n <= 0 {
			return false
		}
		if s.pending.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (s *scope) release() {
	if s != nil && s.pending.Add(-1) == 0 {
		close(s.done)
	}
}

// taskOf returns the task carried by ctx, or nil.
func taskOf(ctx context.Context) *task {
	if t, ok := ctx.(*task); ok {
		return t
	}
	if ctx == nil {
		return nil
	}
	t, _ := ctx.Value(taskKey{}).(*task)
	return t
}

func funcPC(f any) uintptr { return reflect.ValueOf(f).Pointer() }

// initTask sets t up as a task of rt whose context derives from parent.
// pt is the task parent carries, if any; sc is the Run scope to count in.
//
// When parent is pt's own context (or shares its cancellation), t is
// linked into pt's list of children, which costs nothing more. Otherwise
// t registers with context.AfterFunc on parent, and in the runtime's
// registry, through which Close reaches it.
func (rt *Runtime) initTask(t *task, parent context.Context, pt *task, sc *scope, pc uintptr, id uint64) {
	t.rt = rt
	t.parent = parent
	t.scope = sc
	t.pc = pc
	t.id = id
	if pt != nil && pt.rt == rt && (parent == context.Context(pt) || parent.Done() == pt.Done()) {
		pt.mu.Lock()
		if err := pt.errLocked(); err != nil {
			t.aux = &taskAux{err: err}
			t.state.Store(stCancelled)
			pt.mu.Unlock()
			return
		}
		t.linked = true
		pt.purgeKidsLocked(false)
		t.knext = pt.kids
		if pt.kids != nil {
			pt.kids.kprev = t
		}
		pt.kids = t
		// A parent that finished and left the tree can no longer pass
		// Close's cancellation on.
		if pt.state.Load()&stKids == 0 {
			pt.state.Or(stKids)
		}
		orphan := pt.state.Load()&stLeft != 0
		pt.mu.Unlock()
		if orphan {
			rt.register(t)
		}
		return
	}
	rt.register(t)
	if parent.Done() != nil {
		if err := parent.Err(); err != nil {
			t.cancel(err)
			return
		}
		stop := context.AfterFunc(parent, func() { t.cancel(parent.Err()) })
		sh := &rt.reg[t.id%regShards]
		sh.mu.Lock()
		if _, ok := sh.m[t]; ok {
			sh.m[t] = stop // called when t leaves the registry
		}
		sh.mu.Unlock()
	}
}

// register puts t in the runtime's registry, which Close cancels. The
// registry keeps, for a task whose parent context is not a task's, the
// function that unregisters it from that context.
func (rt *Runtime) register(t *task) {
	t.reg = true
	sh := &rt.reg[t.id%regShards]
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[*task]func() bool)
	}
	sh.m[t] = nil
	sh.mu.Unlock()
	if rt.closed() {
		t.cancel(context.Canceled)
	}
}

// parentTask returns the task t is linked to as its child, if any: the
// one its parent context is, or carries (see initTask).
func (t *task) parentTask() *task {
	if !t.linked {
		return nil
	}
	if p, ok := t.parent.(*task); ok {
		return p
	}
	return taskOf(t.parent)
}

// unlink takes t, which has finished and has no children left, out of
// its parent's list and the registry, and so on up the tree.
func (t *task) unlink() {
	for t != nil {
		if t.reg {
			sh := &t.rt.reg[t.id%regShards]
			sh.mu.Lock()
			stop := sh.m[t]
			delete(sh.m, t)
			sh.mu.Unlock()
			if stop != nil {
				stop()
			}
		}
		p := t.parentTask()
		if p == nil || p.state.Load()&stDone == 0 {
			// A parent that has not finished takes the children that
			// left out of its list itself (see purgeKidsLocked): t set
			// stLeft before it looked, and p sets stDone before it
			// purges, so one of the two sees the other.
			return
		}
		p.mu.Lock()
		p.removeKidLocked(t)
		next := p.shouldUnlinkLocked()
		p.mu.Unlock()
		if !next {
			return
		}
		t = p
	}
}

// removeKidLocked takes c out of t's children, if it is still there: if
// it is the first or has a previous one.
func (t *task) removeKidLocked(c *task) {
	if c.kprev == nil && t.kids != c {
		return
	}
	if c.kprev != nil {
		c.kprev.knext = c.knext
	} else {
		t.kids = c.knext
	}
	if c.knext != nil {
		c.knext.kprev = c.kprev
	}
	c.kprev, c.knext = nil, nil
}

// removeAfterLocked takes n out of t's callbacks, if it is still there.
func (t *task) removeAfterLocked(n *afterNode) bool {
	if !n.in {
		return false
	}
	n.in = false
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		t.aux.afters = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	}
	n.prev, n.next = nil, nil
	return true
}

// shouldUnlinkLocked reports, once, that t is finished and childless, and
// marks it as having left the tree.
func (t *task) shouldUnlinkLocked() bool {
	st := t.state.Load()
	if st&stDone != 0 && st&stLeft == 0 && t.kids == nil && (t.aux == nil || t.aux.afters == nil) {
		t.state.Or(stLeft)
		return true
	}
	return false
}

// purgeKidsLocked takes the children that left the tree out of t's list:
// those at its head, or all of them.
func (t *task) purgeKidsLocked(all bool) {
	for c := t.kids; c != nil; {
		next := c.knext
		if c.state.Load()&stLeft != 0 {
			t.removeKidLocked(c)
		} else if !all {
			return
		}
		c = next
	}
}

// cancel cancels t's context and, through it, its children.
func (t *task) cancel(err error) {
	t.mu.Lock()
	if t.errLocked() != nil {
		t.mu.Unlock()
		return
	}
	t.auxLocked().err = err
	t.state.Or(stCancelled)
	if d := t.done.Load(); d != nil {
		close(*d)
	} else {
		t.done.Store(&closedchan)
	}
	// The lists are taken whole; knext and next still link them, as
	// nobody else follows them once the nodes are marked out.
	kids, afters := t.kids, t.aux.afters
	t.kids, t.aux.afters = nil, nil
	for c := kids; c != nil; c = c.knext {
		c.kprev = nil // so out of the list (see removeKidLocked)
	}
	for n := afters; n != nil; n = n.next {
		n.in = false
	}
	unlink := t.shouldUnlinkLocked()
	t.mu.Unlock()
	if t.casState(wsWaiting, wsCancelled) {
		t.wake <- struct{}{} // wake t, parked with this context
	}
	for c := kids; c != nil; {
		next := c.knext
		c.knext = nil
		c.cancel(err)
		c = next
	}
	for n := afters; n != nil; {
		next := n.next
		n.next = nil
		n.f()
		n = next
	}
	if unlink {
		t.unlink()
	}
}

// Deadline implements context.Context.
func (t *task) Deadline() (time.Time, bool) { return t.parent.Deadline() }

// Done implements context.Context.
func (t *task) Done() <-chan struct{} {
	if d := t.done.Load(); d != nil {
		return *d
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if d := t.done.Load(); d != nil {
		return *d
	}
	if t.errLocked() != nil {
		t.done.Store(&closedchan)
		return closedchan
	}
	d := make(chan struct{})
	t.done.Store(&d)
	return d
}

// Err implements context.Context.
func (t *task) Err() error {
	if t.state.Load()&stCancelled == 0 {
		return nil
	}
	t.mu.Lock()
	err := t.errLocked()
	t.mu.Unlock()
	return err
}

// Value implements context.Context.
func (t *task) Value(key any) any {
	if key == (taskKey{}) {
		return t
	}
	return t.parent.Value(key)
}

// AfterFunc lets contexts derived from a task context with the context
// package be cancelled with it without a goroutine of their own.
func (t *task) AfterFunc(f func()) func() bool {
	n := &afterNode{f: f}
	t.mu.Lock()
	if t.errLocked() != nil {
		t.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	a := t.auxLocked() // sets stAux, before the callback is added: see finish
	n.in = true
	n.next = a.afters
	if a.afters != nil {
		a.afters.prev = n
	}
	a.afters = n
	t.mu.Unlock()
	return func() bool {
		t.mu.Lock()
		ok := t.removeAfterLocked(n)
		unlink := t.shouldUnlinkLocked()
		t.mu.Unlock()
		if unlink {
			t.unlink()
		}
		return ok
	}
}

func (t *task) String() string { return "runtime task context" }

// finChan returns the channel closed when t finished.
func (t *task) finChan() chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.auxLocked()
	if a.fin == nil {
		if t.state.Load()&stDone != 0 { // after auxLocked: see finish
			a.fin = closedchan
		} else {
			a.fin = make(chan struct{})
		}
	}
	return a.fin
}

// release gives t's worker slot back, if it holds one. finishing tells
// that t's goroutine is free to run a fresh task, which is then returned.
func (t *task) release(finishing bool) *task {
	if s := t.takeSlot(wsIdle); s >= 0 {
		return t.rt.releaseSlot(s, finishing)
	}
	return nil
}

// releaseFinished is release(true) for t, which finished: its word keeps
// the slot, as nobody changes the word of a finished task, and nobody
// takes it for the slot's holder once stDone is set (see holdsSlot), so
// no atomic operation is spent on it.
func (t *task) releaseFinished() *task {
	if s := swSlot(t.swLoad()); s >= 0 {
		return t.rt.releaseSlot(s, true)
	}
	return nil
}

// suspend releases the slot of the task carried by ctx, if that task holds
// one, and returns the task, to be given to resume; otherwise nil.
func suspend(ctx context.Context) *task {
	t := taskOf(ctx)
	if t == nil {
		return nil
	}
	s := t.takeSlot(wsIdle)
	if s < 0 {
		return nil
	}
	t.rt.releaseSlot(s, false)
	return t
}

// resume takes a slot again for a task returned by suspend.
func (t *task) resume() {
	if t != nil {
		t.rt.acquireSlot(t)
	}
}

// finish marks t as finished. The result must be stored before.
//
// A task that never had children, AfterFunc callbacks or an aux, and did
// not panic, finishes and leaves the tree with one atomic operation on
// its state, without t.mu: whoever adds one of those does so under t.mu
// and sets its bit in the state first, so either finish sees the bit and
// takes t.mu, or the other sees stDone (and stLeft) set.
//
// It returns the Run scope that t's end is still to be counted in, if
// any: the caller releases it once t gave its slot back, so that Run
// returns with no slot held by its tasks.
func (t *task) finish(pe *PanicError) *scope {
	sc, ws := t.finishClaim(pe)
	// The awaiters are woken last: the first may take t's slot, if it
	// still holds one, and go on at once.
	wakeClaimed(ws, t)
	return sc
}

// finishClaim is finish, but returns the awaiters it claimed instead of
// waking them, for wakeClaimed.
func (t *task) finishClaim(pe *PanicError) (*scope, *waitNode) {
	rt := t.rt
	var s uint32
	unlink, fast := false, false
	for pe == nil {
		old := t.state.Load()
		if old&(stKids|stAux|stCancelled) != 0 {
			break
		}
		if t.state.CompareAndSwap(old, old|stDone|stLeft) {
			s, unlink, fast = old, true, true
			break
		}
	}
	if !fast {
		t.mu.Lock()
		if pe != nil {
			t.auxLocked().pe = pe
		}
		// stDone first: then the children that leave from now on take
		// themselves out of the list (see unlink).
		s = t.state.Or(stDone)
		if t.kids != nil {
			t.purgeKidsLocked(true)
		}
		unlink = t.shouldUnlinkLocked()
		if t.aux != nil && t.aux.fin != nil {
			close(t.aux.fin)
		}
		t.mu.Unlock()
	}
	ws := claimAwaiters(t.aw.Swap(&awaitersDone))
	if unlink {
		t.unlink()
	}
	if s&stDetached == 0 {
		rt.doneLive()
		return t.scope, ws // released after: Run returns with t no longer live
	}
	if pe != nil {
		rt.cfg.panicHandler(pe)
	}
	rt.doneLive()
	return nil, ws
}

func (t *task) detach() {
	s := t.state.Or(stDetached)
	if s&stDetached != 0 {
		return
	}
	if s&stDone == 0 {
		t.scope.release()
		return
	}
	t.mu.Lock()
	var pe *PanicError
	if t.aux != nil {
		pe = t.aux.pe
	}
	t.mu.Unlock()
	if pe != nil && t.rt != nil {
		t.rt.cfg.panicHandler(pe)
	}
}

func recoverError(r any) error {
	if r == nil {
		return errGoexit
	}
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// A Task is a handle on a spawned task and, once it finished, its result.
type Task[T any] struct {
	t   task
	f   func(ctx context.Context) (T, error) // until it runs
	val T
	err error
}

// A setTask is a Task spawned in a JoinSet (its t.inSet is set): the set
// finds the task's result through it, and a Task spawned alone does not
// carry the set's fields.
type setTask[T any] struct {
	Task[T] // first: see Task.inSet
	set     *JoinSet[T]
	sidx    int32 // its place in the set's running list, plus one (0: not in it); guarded by its mu
}

// inSet returns tk as a setTask if it was spawned in a JoinSet, or nil.
func (tk *Task[T]) inSet() *setTask[T] {
	if !tk.t.inSet {
		return nil
	}
	return (*setTask[T])(unsafe.Pointer(tk)) // tk is the first field of the setTask made in spawn
}

// Spawn starts f as a task of the runtime carried by ctx. The task's
// context derives from ctx. If ctx carries no runtime the task is finished
// at once with ErrNoRuntime; if the runtime is closed, with ErrClosed.
// Spawn panics if f is nil.
func Spawn[T any](ctx context.Context, f func(ctx context.Context) (T, error)) *Task[T] {
	return spawn(ctx, f, nil, false)
}

// SpawnBlocking is like Spawn but runs f on the runtime's blocking pool,
// outside the worker slots, for code that blocks without suspending.
func SpawnBlocking[T any](ctx context.Context, f func(ctx context.Context) (T, error)) *Task[T] {
	return spawn(ctx, f, nil, true)
}

func spawn[T any](ctx context.Context, f func(ctx context.Context) (T, error), set *JoinSet[T], blocking bool) *Task[T] {
	if f == nil {
		panic("runtime: Spawn of nil function")
	}
	if ctx == nil {
		panic("runtime: Spawn with nil Context")
	}
	var tk *Task[T]
	if set != nil {
		st := &setTask[T]{set: set}
		tk = &st.Task
		tk.t.inSet = true
	} else {
		tk = new(Task[T])
	}
	pt := taskOf(ctx)
	if pt == nil {
		tk.fail(ErrNoRuntime)
		return tk
	}
	rt := pt.rt
	id := rt.addLive()
	if id == 0 {
		tk.fail(ErrClosed)
		return tk
	}
	var sc *scope
	if pt.state.Load()&stDetached == 0 && pt.scope != nil && pt.scope.tryAdd() {
		sc = pt.scope
	}
	slot := int32(-1)
	if !blocking {
		// Taken before the task is shared, its slot is set in its word
		// without an atomic operation.
		if slot = rt.tryTake(); slot >= 0 {
			tk.t.sw = 1<<swSeqShift | uint64(slot+1)
		}
	}
	rt.initTask(&tk.t, ctx, pt, sc, funcPC(f), id)
	if set != nil {
		set.add(tk.inSet())
	}
	tk.f = f
	switch {
	case blocking:
		rt.poolWait.Add(1)
		go runBlocking(tk)
	case slot >= 0:
		rt.record(&tk.t, slot)
		tk.t.cw = tk // its runner, as for a fresh task: see runLoop
		goRun(&tk.t)
	default:
		tk.t.cw = tk // a fresh task keeps its Task there until it runs: see runLoop
		rt.startFresh(&tk.t)
	}
	return tk
}

// fail finishes a task that could not start.
func (tk *Task[T]) fail(err error) {
	tk.err = err
	tk.t.aux = &taskAux{err: err}
	tk.t.state.Store(stDone | stCancelled)
	if st := tk.inSet(); st != nil {
		st.set.add(st)
		st.set.complete(st)
	}
}

// body runs the task on a goroutine that gave it a slot, finishes it and
// returns the fresh task the goroutine is to run next, if any.
func (tk *Task[T]) body() (next *task) {
	t := &tk.t
	exiting := true
	defer func() {
		if exiting { // f called runtime.Goexit: the goroutine ends
			tk.err = errGoexit
			t.release(false)
			tk.done(nil).release()
		}
	}()
	pe := tk.call()
	exiting = false
	return tk.end(pe)
}

// end finishes the task after its function returned, and returns the
// fresh task its goroutine is to run next, if any. It is apart from body,
// and not inlined, so that body's frame, under the task's function while
// it runs or waits, stays small: a parked task's goroutine keeps a 2 KB
// stack.
//
// It finishes while still holding the slot, so that a task awaiting this
// one can take it over (see Runtime.handOff); releases it after, if it was
// not, and only then counts the end in Run's scope. If the first awaiter
// needs no slot (it got the one it parked with back, see parker.claim),
// the slot is released before the awaiters are woken: then an awaiter
// that spawns again at once finds it free.
//
//go:noinline
func (tk *Task[T]) end(pe *PanicError) (next *task) {
	t := &tk.t
	if st := tk.inSet(); st != nil {
		st.set.complete(st)
	}
	sc, ws := t.finishClaim(pe)
	if ws == nil || !ws.p.needsSlot() {
		next = t.releaseFinished()
		wakeClaimed(ws, nil)
	} else {
		wakeClaimed(ws, t)
		next = t.releaseFinished()
	}
	sc.release()
	return next
}

// call calls the task's function, catching a panic.
func (tk *Task[T]) call() (pe *PanicError) {
	f := tk.f
	tk.f = nil
	normal := false
	defer func() {
		if !normal {
			if r := recover(); r != nil {
				pe = &PanicError{Value: r, Stack: debug.Stack()}
				tk.err = pe
			}
		}
	}()
	tk.val, tk.err = f(&tk.t)
	normal = true
	return nil
}

func runBlocking[T any](tk *Task[T]) {
	rt := tk.t.rt
	rt.pool <- struct{}{}
	rt.poolWait.Add(-1)
	rt.blockingIn.Add(1)
	exiting := true
	defer func() {
		if exiting { // f called runtime.Goexit
			rt.blockingIn.Add(-1)
			<-rt.pool
			tk.err = errGoexit
			tk.done(nil).release()
		}
	}()
	pe := tk.call()
	exiting = false
	rt.blockingIn.Add(-1)
	<-rt.pool
	tk.done(pe).release()
}

// done finishes the task; see task.finish.
func (tk *Task[T]) done(pe *PanicError) *scope {
	if st := tk.inSet(); st != nil {
		st.set.complete(st)
	}
	return tk.t.finish(pe)
}

var (
	errAwaitSelf = errors.New("runtime: task awaits itself")
	errZeroTask  = errors.New("runtime: Await on a Task not made by Spawn")
)

// Await waits for the task to finish and returns its result; a task that
// panicked returns a *PanicError. Await is a suspension point. If ctx ends
// first Await returns ctx.Err() and the task keeps running.
func (tk *Task[T]) Await(ctx context.Context) (T, error) {
	t := &tk.t
	var zero T
	if t.state.Load()&stDone != 0 {
		return tk.val, tk.err
	}
	if t.rt == nil {
		return zero, errZeroTask
	}
	if taskOf(ctx) == t {
		return zero, errAwaitSelf
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	w, slot := parkNode(ctx)
	for {
		h := t.aw.Load()
		if h == &awaitersDone { // finished meanwhile
			// The result is there: return it whatever ctx did.
			_ = w.p.withdraw(ctx, slot)
			return tk.val, tk.err
		}
		w.next = h
		if t.aw.CompareAndSwap(h, w) {
			break
		}
	}
	w.p.release(slot)
	var served bool
	if t := w.p.own(ctx); t != nil {
		<-t.wake // see parker.own
		served = t.slotHeld() >= 0
	} else {
		served = w.p.wait(ctx)
	}
	if served {
		return tk.val, tk.err
	}
	// Gave up. w stays in the list unless it is still its head; finish
	// skips it (see parker.claim). It is not reused meanwhile.
	t.aw.CompareAndSwap(w, w.next)
	if wt := w.p.t; wt != nil && wt.cw == any(w) {
		wt.cw = nil
	}
	err := w.p.unpark(ctx)
	if t.state.Load()&stDone != 0 {
		return tk.val, tk.err // finished meanwhile after all
	}
	return zero, err
}

// awaitersDone ends a task's list of awaiters once it finished.
var awaitersDone waitNode

// claimAwaiters claims the awaiters in list h, which has the latest
// first, that did not give up, and returns them in the order they came,
// linked by next, for wakeClaimed.
func claimAwaiters(h *waitNode) *waitNode {
	var first *waitNode
	for h != nil && h != &awaitersDone {
		next := h.next
		if h.p.claim() {
			h.next = first
			first = h
		}
		h = next
	}
	return first
}

// Cancel cancels the task's context. The task still has to return.
func (tk *Task[T]) Cancel() { tk.t.cancel(context.Canceled) }

// Detach makes the task fire-and-forget: Run no longer waits for it and a
// panic of it goes to the runtime's panic handler. It may still be awaited.
func (tk *Task[T]) Detach() { tk.t.detach() }

// Done returns a channel closed when the task has finished.
func (tk *Task[T]) Done() <-chan struct{} { return tk.t.finChan() }

// ID returns the task's ID, unique in its runtime; 0 for a task that could
// not start.
func (tk *Task[T]) ID() uint64 { return tk.t.id }

// BlockInPlace runs f, giving the calling task's worker slot back for its
// duration and taking one again after, so that f may block. Called outside
// a task it just runs f. It panics if f is nil.
func BlockInPlace(ctx context.Context, f func()) {
	if f == nil {
		panic("runtime: BlockInPlace of nil function")
	}
	c := suspend(ctx)
	if c != nil {
		c.rt.inPlace.Add(1)
		defer func() {
			c.rt.inPlace.Add(-1)
			c.resume()
		}()
	}
	f()
}

// Sleep pauses the calling task for d. It is a suspension point. It
// returns ctx.Err() if ctx ends first.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	p := new(parker)
	p.release(p.park(ctx))
	tm := time.AfterFunc(d, func() {
		if p.claim() {
			p.wake()
		}
	})
	if p.wait(ctx) {
		return nil
	}
	tm.Stop()
	return p.unpark(ctx)
}

// Yield gives the calling task's worker slot back and queues for one
// behind the tasks already waiting. It returns ctx.Err().
func Yield(ctx context.Context) error {
	if t := taskOf(ctx); t != nil {
		t.rt.yield(t)
	}
	return ctx.Err()
}

// Timeout runs f as a task whose context has a deadline d from now and
// awaits it. On timeout it returns context.DeadlineExceeded; the task,
// cancelled, is then left to finish on its own and its result discarded.
func Timeout[T any](ctx context.Context, d time.Duration, f func(ctx context.Context) (T, error)) (T, error) {
	if f == nil {
		panic("runtime: Timeout of nil function")
	}
	tctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	tk := Spawn(tctx, f)
	return tk.Await(tctx)
}
