// Package condwait defines an Analyzer that reports misuse of sync.Cond:
// a Wait that is not in a loop, a Wait without the Cond's lock held, a
// Cond that is waited on but never signalled, and a Wait whose only
// signaller must first hand a value to the waiter.
//
// # Analyzer condwait
//
// condwait: report sync.Cond waits not in a loop, without their lock, that nothing signals (or can reach its signal), whose wake can be lost or wakes one of many, or whose outcome a path sets without ending the wait
//
// sync.Cond.Wait unlocks the Cond's lock (c.L), sleeps until Signal or
// Broadcast wakes it, and locks c.L again before it returns. Three
// mistakes turn that into a deadlock or a crash, and a fourth leaves the
// signal unreachable.
//
// A Wait checked by an if, not a loop. When Wait returns, the condition
// the caller waited for may be false again: another waiter woke first
// and took the item, or the wake-up was a Broadcast for something else.
// The condition must be checked again, in a loop:
//
//	// WRONG
//	q.mu.Lock()
//	if len(q.items) == 0 {
//		q.cond.Wait() // "q.cond.Wait is not in a loop: the condition the if at queue.go:30 checks is not checked again when Wait returns; wait in a for loop (for !cond { q.cond.Wait() })"
//	}
//	x := q.items[0] // may be empty: index out of range
//
//	// RIGHT
//	q.mu.Lock()
//	for len(q.items) == 0 {
//		q.cond.Wait()
//	}
//
// A Wait without the lock. Wait begins by unlocking c.L; on a sync.Mutex
// that is not locked that is a fatal error ("sync: unlock of unlocked
// mutex"), which no recover catches:
//
//	// WRONG
//	go func() {
//		for !s.ready {
//			s.cond.Wait() // "s.cond.Wait without its lock s.mu held: the goroutine started at state.go:25 does not hold it on any path to the Wait; Wait unlocks it first, and unlocking an unlocked sync.Mutex is a fatal error (lock s.mu before waiting)"
//		}
//	}()
//
//	// RIGHT
//	go func() {
//		s.mu.Lock()
//		for !s.ready {
//			s.cond.Wait()
//		}
//		s.mu.Unlock()
//	}()
//
// The lock is known not to be held where the function is a goroutine's
// body, where it locks the lock itself before anything else touches it,
// and after a call of a helper of the package that locks it first thing
// and releases it on every return (for !g.isOpen() { g.cond.Wait() },
// where isOpen reads g.open under g.mu).
//
// A Cond nobody signals. A Wait returns only after a Signal or a
// Broadcast; with none anywhere, it never does (the "waiting for a
// signal nobody will produce" shape of the Go concurrency-bug studies):
//
//	// WRONG: openIt sets g.open but wakes nobody
//	for !g.open {
//		g.cond.Wait() // "g.cond.Wait never returns: nothing signals or broadcasts cond (no call of Signal or Broadcast in the package, and cond does not leave it)"
//	}
//
//	// RIGHT
//	func (g *gate) openIt() {
//		g.mu.Lock()
//		g.open = true
//		g.mu.Unlock()
//		g.cond.Broadcast()
//	}
//
// A loop nothing ends. A Wait loop whose every test is on a field of the
// Cond's owner that no code of the package sets to a value that ends the
// loop (a flag never set to true, a list never appended to: no
// assignment, no composite literal, no address taken; an exported field
// may be set elsewhere and is not judged) never returns either: a
// Signal or Broadcast wakes the waiters only to find the same:
//
//	// WRONG: MarkSynced bumps gen and broadcasts, but never sets synced
//	for !g.synced {
//		g.cond.Wait() // "g.cond.Wait never returns: it waits while !g.synced, and nothing in the package makes that false (no store of synced ends the loop); a Signal or Broadcast wakes it to find the same"
//	}
//
// A change nobody is woken for. A Wait loop waits for its condition to
// turn false; a function that makes it false (a flag the loop tests set,
// a slice whose emptiness it tests appended to) and that neither
// signals nor broadcasts the Cond, nor calls a function that does, nor
// is called by one that does after the call (three calls up: a Close
// that sets the flag through a helper and then broadcasts), leaves the
// waiters asleep until some other signal, which may never come. A
// caller's signal before the call (a controller that feeds the queue,
// each Add signalling, and then shuts it down) wakes nobody for it:
//
//	// WRONG
//	func (q *jobQueue) Close() {
//		q.mu.Lock()
//		q.closed = true // "q.closed is set here, and nothing wakes the goroutines waiting on q.cond for it: the Wait at queue.go:32 loops while !q.closed; Close does not Signal or Broadcast q.cond, nor does any function it calls or that calls it; broadcast q.cond after setting q.closed"
//		q.mu.Unlock()
//	}
//
//	// RIGHT
//	q.closed = true
//	q.mu.Unlock()
//	q.cond.Broadcast()
//
// The loop's condition counts in its conjuncts (a && b) of the forms !x.f
// and x.f for a bool field of the Cond's owner, and len(x.f) == 0 for a
// slice field. A change to an object the function has just made (a
// constructor), a change that keeps the loop waiting (closed = false),
// one in the waiting function itself, and one in a function used as a
// value (its callers are not known) are not reported. A function handed
// to another package's function that does not run it in place
// (context.AfterFunc(ctx, q.ShutDown)) is called by code that cannot
// reach the Cond, and is judged as if nothing called it; one handed to
// sync.Once.Do runs in Do's caller, whose broadcast after counts.
//
// A change and a wake made without the lock. A waiter tests its
// condition and calls Wait in one hold of the Cond's lock. A function
// that makes the change and then signals or broadcasts, taking no lock
// at all (itself, through its calls, or held by its callers), can do
// both in between: the wake finds nobody waiting, and the waiter goes
// on to sleep with nothing left to wake it (the lost wakeup). An
// atomic.Bool flag tested by Load and set by Store counts as a flag:
//
//	// WRONG
//	func (l *latch) Open() {
//		l.open.Store(true) // "l.open is set here without l.mu, the lock of l.cond, held, and l.cond is broadcast at latch.go:34 without it: a waiter that has tested !l.open.Load() (latch.go:26) and not yet called Wait misses it and sleeps until another wake; take l.mu for the change or for the wake"
//		l.cond.Broadcast()
//	}
//
//	// RIGHT: the waiter is parked before the Broadcast can run
//	l.open.Store(true)
//	l.mu.Lock()
//	l.cond.Broadcast()
//	l.mu.Unlock()
//
// A setter that takes any lock is left alone (the Cond's lock is known
// by several paths: an embedded mutex, the struct that embeds it).
//
// A Signal for a change that lets every waiter go. Signal wakes one
// waiter. After a flag the wait loop tests is set to the value that ends
// the loop, and nothing in the package sets it back (a cache marked
// synced, a gate opened for good), every waiter may leave, but only one
// is woken: the others sleep until a wake that never comes. Reported
// where more than one goroutine can wait on one object (the waiting
// function reaches the Cond from its receiver, a parameter or a package
// variable, and is exported or called from two places), and no waiter
// passes the wake on (a Signal or Broadcast in a function that waits):
//
//	// WRONG
//	c.synced = true
//	c.mu.Unlock()
//	c.cond.Signal() // "c.cond.Signal wakes one waiter, but c.synced, set at cache.go:26, is never set back: the goroutines waiting while !c.synced (cache.go:32) may all leave, and the ones not woken sleep for good; call c.cond.Broadcast"
//
// A hand-off whose taker clears the flag (for !s.full { Wait }; s.full
// = false) lets one waiter go per Signal, and is not reported.
//
// A Signal for a Cond waited on for opposite conditions. Producers that
// wait while a queue is full and consumers that wait while it is empty,
// on one Cond, woken by Signal: Signal wakes one waiter of either kind,
// and may wake one whose condition still holds, which waits again, while
// the one that could go on sleeps. Two conditions are opposite when one
// field is tested both ways (len(q.buf) == 0 and len(q.buf) >= q.limit;
// !f and f), each in a function several goroutines may run on one
// object (see above):
//
//	q.cond.Signal() // "q.cond.Signal wakes one waiter of q.cond, which goroutines wait on for two conditions (len(q.buf) >= q.limit at q.go:25, len(q.buf) == 0 at q.go:35): ...; call q.cond.Broadcast, or use one Cond per condition"
//
// The same for waiters that each wait for a value of their own: a wait
// loop whose condition reads a parameter of its function (for t.applied
// < rev), woken by Signal, may wake one whose value is not reached yet
// while one whose value is reached sleeps.
//
// And for a Signal made only when a push found the waiters' slice empty
// (append, then if len(q.items) == 1 { Signal }): with several waiters,
// a second push before the first waiter takes its item wakes nobody.
//
// A loop that tests a stale copy. A wait loop whose condition reads only
// local variables of the waiting function that nothing in the loop
// changes (st := t.jobs[id]; for !st.phase.done() { t.changed.Wait() })
// tests the same values at every wake, and never ends once it waits.
// The condition may read such locals, their fields through no pointer,
// constants, len, and methods of basic-typed values; a local whose
// address is taken, or that a function literal uses, may change:
//
//	for !st.phase.done() {
//		t.changed.Wait() // "t.changed.Wait is in a loop that tests only st, a local copy that nothing in the loop changes (jobs.go:40): once it waits, every wake finds the same and it waits again; read the state again in the loop"
//	}
//
// An outcome the waiter cannot reach. A waiting function that returns
// an error field of the Cond's owner after its wait loop (the error of
// the activation it waited for), when the loop's condition does not test
// that field and the loop has no other exit, sees it only once the
// condition changes. A function that sets the field and then returns on
// that path without changing what the condition tests (an activation
// that fails) leaves the waiters in the loop, woken or not:
//
//	// WRONG
//	if err := dial(); err != nil {
//		p.activateErr = err // "p.activateErr is set here for (*Plugin).waitActive, which reads it after its wait loop at p.go:41, but that loop waits while !p.activated, and this path returns without changing it: ..."
//		return err
//	}
//	p.activated = true
//	p.cond.Broadcast()
//
//	// waitActive
//	for !p.activated {
//		p.cond.Wait()
//	}
//	return p.activateErr
//
//	// RIGHT: for !p.activated && p.activateErr == nil, and a Broadcast
//	// on every path (defer p.cond.Broadcast()).
//
// The path is the rest of the assignment's block, which must end in a
// return; a call on it of a function of the package that may set a
// tested field (itself or through its callees), a call of a function
// value, or such a deferred call, may end the wait, and is not reported;
// nor is an assignment on an object the function makes, or in a test.
//
// A wake-up that waits for the waiter. The function makes an object,
// starts a goroutine on it, and waits on the object's Cond; every Signal
// or Broadcast of that Cond is in the goroutine's body, after a blocking
// channel operation (a send on an unbuffered channel, a receive, or a
// select of them without default) that only code running after the Wait
// can serve: the waiting function after its wait loop, a goroutine it
// starts there, or a method of the object (the object has not left the
// waiting function yet, so nobody else can call it). The goroutine
// blocks, the Signal never comes, the Wait never returns:
//
//	// WRONG
//	t := &tracker{events: make(chan string)}
//	t.cond = sync.NewCond(&t.mu)
//	go t.replay(history) // for _, ev := range history { t.events <- ev }; ...; t.cond.Broadcast()
//	t.mu.Lock()
//	for !t.synced {
//		t.cond.Wait() // "t.cond.Wait at tracker.go:40 waits for the Broadcast at tracker.go:61, which the goroutine started at tracker.go:38 reaches only after its send on t.events at tracker.go:57, received only after the Wait returns"
//	}
//	t.mu.Unlock()
//	go t.consume() // receives from t.events
//
//	// RIGHT: start the consumer before waiting, or broadcast before
//	// sending, or give the channel room for every send.
//
// A send in a loop counts when the loop runs it on every iteration and
// the signal comes after the loop: a loop over the replayed items is
// taken to run at least once.
//
// # What is not reported
//
//   - A Wait inside any for or range loop, or in a cycle made of goto,
//     whatever the loop tests: a loop that leaves after one Wait may be
//     waiting for a change of state, not for a condition.
//   - A Wait not under an if (a helper that only waits is called in its
//     caller's loop), and a Wait under an if in a function that the
//     package calls from a loop, or in a function literal that is not
//     called directly (its caller is unknown). Unless the function acts
//     on the condition itself once Wait returns: the if tests a slice
//     field empty (len(q.items) == 0) and the function then indexes it
//     (q.items[0]) with no if testing it empty again on the way (one
//     that tests it within a conjunction, q.shutdown && len(q.items) ==
//     0, does not count): a worker loop calling Get does not test the
//     queue for it, and Get takes an item another worker took. A goroutine's body is
//     judged on its own: it runs once, whatever loop starts it.
//   - A Wait whose lock is not known: the package must bind the Cond to
//     its lock (sync.NewCond(&mu), &sync.Cond{L: &mu}, c.L = &mu, for
//     the same variable or the same field of every value of a type; or
//     a literal that gives one variable to both fields, &Pool{lock: mu,
//     cond: sync.NewCond(mu)}), or the function must lock or unlock c.L
//     itself.
//   - A Wait where the lock may be held on some path. The check is a
//     may-analysis over the function's control-flow graph: it reports
//     only when the lock is held on no path to the Wait. A function
//     called with the lock held (a waitLocked helper) is not judged,
//     since the analysis does not see its callers: a function is known
//     to start without the lock only when it is a goroutine or task body
//     (a function literal, or an unexported function used only as one),
//     main or init, or when some path from its start locks the lock
//     before anything else touches it (a sync.Mutex is not reentrant: a
//     caller holding it would deadlock there). A call that is given the
//     lock's variable, a call of a function value, or (for a lock in a
//     package variable) any call the model does not know may take or
//     release the lock: after it, the state is unknown and nothing is
//     reported. A read lock of an RWMutex makes it unknown too.
//   - A Cond that may be signalled from outside the package: an
//     exported field or variable, a Cond embedded in a struct (its
//     methods are promoted), a Cond from a parameter, or one that leaves
//     through any use other than a method call, its L, or its making:
//     passed to a function, assigned to another variable, its address
//     or a method value taken (time.AfterFunc(d, c.Broadcast) signals
//     it).
//   - A wake-up through a goroutine when the Cond is not a field of an
//     object the waiting function makes, when the object leaves the
//     function before the Wait (stored, captured by a closure, passed to
//     a call other than a go statement of the package or the model's lock
//     calls), when
//     any Signal or Broadcast of the field (of any value of the type) is
//     outside the body of the one goroutine started before the Wait, or
//     when that body may also be called. The channel must be made by the
//     waiting function and be of this package only; a send needs it
//     unbuffered (a buffered one may have room). A counterpart that a
//     goroutine started before the Wait may run, that the waiting
//     function may call before the Wait, or that sits in a function
//     literal given to anything but a call that runs it in place
//     (sync.Once.Do), may serve the operation: not reported.
//
// # Trade-offs
//
// Precision comes first. The Signal check treats every Signal or
// Broadcast on the same field (of any value of the type) or the same
// variable as waking the Wait, reachable or not, except in the wake-up
// through a goroutine above, which proves the object the Cond belongs to
// is the waiting function's own. A Cond reached through
// an alias (c := s.cond) is let out, not followed. Calls through
// interfaces are not followed. Wait through a helper (func (s *S) wait()
// { s.cond.Wait() }) is judged in the helper only.
//
// # Suppressing
//
// When a report is wrong for a reason the check cannot see, say why:
//
//	//lint:ignore condwait Signal is sent only once the condition can no longer change
package condwait
