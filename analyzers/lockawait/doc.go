// Package lockawait defines an Analyzer that reports a sync lock held
// across a suspension point of the runtime, or across a wait for another
// goroutine.
//
// # Analyzer lockawait
//
// lockawait: report sync locks held across a suspension point or a wait for another goroutine
//
// A sync.Mutex or sync.RWMutex is a lock for short critical sections: a
// goroutine that finds it taken blocks its thread, and, in a runtime
// task, its worker slot. Held across a suspension point of the runtime
// (Task.Await, runtime.Sleep, the runtime's Mutex and RWMutex, Semaphore,
// Chan.Send and Recv, JoinSet.Next and Wait, Yield, Timeout,
// BlockInPlace), it stays held while the task is parked: every other task
// that wants it blocks its slot, and when they hold every slot, the task
// that would release the lock never runs again. The whole runtime stops.
//
//	// WRONG
//	s.mu.Lock()
//	v, err := t.Await(ctx) // "sync lock s.mu (locked at store.go:41) is held across a suspension point: (*runtime.Task).Await (store.go:42); release it before suspending, or use runtime.Mutex"
//	s.cache[k] = v
//	s.mu.Unlock()
//
//	// RIGHT: release before suspending
//	v, err := t.Await(ctx)
//	s.mu.Lock()
//	s.cache[k] = v
//	s.mu.Unlock()
//
//	// RIGHT: or use the runtime's Mutex, whose Lock suspends
//	if err := s.mu.Lock(ctx); err != nil { // s.mu is a runtime.Mutex
//		return err
//	}
//	v, err := t.Await(ctx)
//	s.cache[k] = v
//	s.mu.Unlock()
//
// In plain Go, the same mistake is the "mixed deadlock" of the Go
// concurrency-bug studies: a lock held across a wait for another
// goroutine (a channel send or receive, a range over a channel, a select
// without default, sync.WaitGroup.Wait, errgroup's Wait, sync.Cond.Wait
// on a different lock), when the goroutine that would end the wait needs
// the same lock first. The check reports such a wait when the package
// shows that some goroutine that could end it may take the lock before it
// gets to its side: a receiver, sender or closer of one of the channels
// waited on (passes/chanflow follows the channel through struct fields,
// maps, method values, callbacks and functions started with go
// elsewhere), a Done of the group or a body started with its Go, a
// Signal or Broadcast of the Cond. "Before its side" is on some path
// from its function's entry (loops included), in the helpers it calls
// (interface and func-valued calls of the package included when they
// have at most three targets in it, a function taken from a map or
// slice field the package fills with its functions and method values
// too: a call of io.Reader's Read, which a
// dozen types of net/http implement, is not followed), before the
// calls of its function up the callers, or in a call it defers (a
// goroutine that leaves on a stop case takes it on its way out), or,
// one step further, before a bare send on an unbuffered channel of the
// package on its way there, when every receiver of that channel may take
// the lock before it receives (a worker counted by the WaitGroup hands
// its batch to a committer that locks first: "the Done at a.go:39 ...,
// which first sends on wal.batches (a.go:40) to (*wal).committer, ...,
// which may take l.mu first"), or before a WaitGroup's Wait on its way,
// when one of the goroutines the group counts may take the lock before
// its Done (the closer of a fan-in channel, wg.Wait(); close(out), whose
// workers record a failure under the lock the range holds: "the close at
// a.go:61 ..., which first waits (a.go:60) for the Done of ..., which
// may take s.mu first"), or before a bare receive, in a function of the
// package it calls, from a channel nobody sends on, when every closer
// is a goroutine's body and may take the lock before the close (a
// worker's stop, cancel();
// <-l.stopped, whose loop read-locks the pool each turn and closes
// stopped as it leaves: "the Done at a.go:67 ..., which first waits
// (a.go:36) for collectLoop.stopped to be closed by (*collectLoop).run,
// ..., which may take p.RWMutex first"). That
// goroutine waits for the lock, the holder waits for it. A read lock it
// takes counts against a held write lock, and against a held read lock
// when the package write-locks it somewhere (a waiting writer blocks new
// readers), unless every write lock comes after a close of a channel the
// wait receives from, on every path in its function (a Close that closes
// done and only then locks mu: that writer waits only once the wait is
// over). The lock must be one lock for everybody using the channel: a
// package variable, a lock of a local channel's function, or a field of
// the type that owns the channel (or of a type holding that type). One
// such goroutine is enough: a select that also waits for ctx.Done() or a
// stop channel still deadlocks while they stay open. Unless a peer stays
// until the wait is ready anyway: a range over the channel, or a loop
// that leaves only on a channel the waiting select also receives from (a
// fetch loop that returns on the done channel the request watches; a
// return when another receive finds its channel closed does not count
// when nothing in the package closes that channel: an async transport's
// worker, whose queue is never closed, takes Flush's request until done
// closes, and Close cannot close done while Flush holds the read lock); a
// dialer that started the goroutine that waits (go a.readLoop(), or a
// call of a method that always starts it) and then waits only for its
// answer or for channels the wait also receives from (select { case
// err := <-a.handshakeCh: case <-a.readDone: }): it comes for sure, and
// what it took before the start is behind it; and the senders of a reply
// channel made for this very call (by the waiting function, or by the
// helper that returns it: rq := &request{reply: make(chan error, 1)};
// ...; return rq.reply), which exists to carry the answer: the locks any
// of them needs count. Such a peer ends the wait unless it needs the
// lock itself, so when there is one, only the locks every such peer
// needs count; a closer of the stop channel that takes the lock first
// proves nothing then.
//
// The same holds for a callback: a function literal whose first use is
// to be handed to another package's function or an interface method
// (an ack handler given to PublishAsync), on a channel local to the
// function that makes it, does not exist before that call, so what the
// peer (that function, or a function it calls) takes before the call is
// behind it. A lock taken again after it, as in a loop of publishes,
// still counts.
//
// A peer may also call back into the package through code the package
// does not have: a call through an interface the package declares and
// does not implement (a pluggable picker's Update(u, w)), which is
// handed a value of the package as an interface the package declares
// (w as the picker's connection pool), may call that interface's
// methods on it (Connect, which locks w.mu), and a function it is
// passed (a segment's scan(ix.add)) it may call: that is what they are
// handed out for. A resolver that sends the picker's goroutine an update
// holding w.mu waits for a goroutine that may be waiting for w.mu inside
// the picker; an index that waits for its errgroup holding ix.mu, whose
// goroutines scan segments with ix.add as the callback, too.
//
// A function taken from a slice literal of functions the function
// ranges over (for _, load := range []func(ctx) error{v.loadHosts,
// v.loadRegions} { g.Go(func() error { return load(ctx) }) }) is any of
// its elements: a reader that refreshes holding v.mu's read lock waits
// for loaders that take its write lock.
//
// time.Sleep under a lock (directly or through calls) is reported when
// another goroutine of the package may take the lock (it is taken in
// another function, or in one a goroutine of the package runs): it
// stalls them. The message names one such Lock call, on a goroutine the
// package starts when there is one ("the Lock at conn.go:40 in
// (*Conn).flush, run by the goroutine started at conn.go:12, takes c.mu,
// and waits as long as this sleep"). A read lock held while sleeping
// stalls only a writer: it is reported when some function write-locks
// it, and the message names a write Lock call. Not a lock that a
// constructor takes on the object it builds before it registers the
// sleeping method as that object's callback (p.Lock(); nc.SetHandler(
// p.changed)): the callback runs on that object only once the lock was
// taken; the message names another taker (the shutdown that waits).
//
// For every peer, a lock is matched by its class and by where it lives
// in the value that holds it inline: two store types that embed the
// same common part (and its mutex) have two locks, and a goroutine of
// one store does not wait for a sleep or a send under the other's lock.
// A method of the common part locks the part of either.
//
//	// WRONG: the goroutine that receives from c.requests takes c.mu
//	// between receives
//	c.mu.Lock()
//	defer c.mu.Unlock()
//	c.pending++
//	c.requests <- req // "sync lock c.mu (locked at conn.go:20) is held while waiting for another goroutine: a channel send (conn.go:23); release it before waiting (the receive at conn.go:41 in (*Conn).loop, run by the goroutine started at conn.go:12, may take c.mu first)"
//
//	// RIGHT
//	c.mu.Lock()
//	c.pending++
//	c.mu.Unlock()
//	c.requests <- req
//
// A context kept in a field with its cancel function kept in another
// (s.ctx, s.cancel = context.WithCancel(parent)) is such a channel too:
// a receive from s.ctx.Done() waits for a call of s.cancel, which closes
// it, and a Close that takes the lock before it cancels is the peer that
// needs it ("the cancel of its context at s.go:40 in (*Session).Close
// may take s.mu first"). The parent's cancellation may end the wait too;
// one peer that needs the lock is enough, as for any other channel.
//
// A wait that needs the proof is reported by default when it is at most
// two calls below the function that holds the lock: the proof matches
// locks by class (type and field), and across longer chains on
// nats-server that was rarely one lock one goroutine holds (84 reports
// of seven-step chains, none shown to be the same lock). The proof of a
// call is the one of the waits within that depth: a function that waits
// twice, once for a goroutine that needs no lock and once, deeper, for
// one that needs it, is not reported on the first wait's account. A select with
// a timer among its cases (time.After, a Timer's or Ticker's C, a
// function of the package whose every return gives one) is a
// delay, not a wait: it ends when the timer fires. A time.Sleep that a
// test makes itself under a lock, or through helpers of the test files
// (a poll that sleeps until goroutines are parked on the lock the test
// holds), is not reported: over std, nats-server and go-redis every one
// held the lock on purpose. A sleep in the code under test still is.
// A counting semaphore (a channel filled with tokens, in a loop, where it
// is made) is the exception: any holder of a token ends an acquire, so
// one peer that needs the lock proves nothing, and a release has room for
// the token it returns; neither is reported without the flag. (On
// nats-server, a disk-I/O semaphore shared by every file store gave 180
// reports of that kind.)
//
// With the flag -lockawait.chans (in golangci-lint: options: {lockawait:
// {chans: "true"}}), channel operations under a lock are also reported
// without the proof that a goroutine that could end the wait needs the
// lock. Over the standard library and golang.org/x/net, such reports
// rested on invariants the analysis cannot see (a one-slot token channel
// that has room by construction, a buffer of n for n senders).
//
// The wait may be calls away, in this package or another: the message
// names the chain ("refresh calls (*runtime.Task).Await (cache.go:30)").
// When the calls go through unexported functions of the package, the
// finding is at the wait itself, once, and the chain starts at the lock
// holder ("(*Balancer).Add calls (*Balancer).kick (lb.go:53), which does
// a channel send (lb.go:57)"): such a helper is part of its caller's
// code, and its wait is what to change. An exported function's wait is
// its contract (a Next that waits for data): the finding is at the call
// made under the lock. A
// lock taken by a helper (s.lockState()) counts, and the message says
// which ("locked by (*Store).lockState at store.go:12").
//
// One check, two messages: a suspension point is reported wherever it is
// reached with a sync lock held, since it only suspends in a task and
// code that calls it is meant for tasks; a wait for another goroutine is
// reported everywhere, in plain Go and in tasks alike. A call that both
// suspends and waits is reported once, as a suspension.
//
// # What is not reported
//
//   - A runtime.Mutex or runtime.RWMutex held across a suspension point:
//     that is what they are for.
//   - A lock released on every path before the wait. The analysis is a
//     must analysis over the control-flow graph: a lock unlocked on some
//     paths only is not held after they merge, so a lock released in one
//     branch is not reported after the branch.
//   - A select with a default case, which never waits.
//   - A wait no goroutine of the package needs the lock to end: no
//     function doing a counterpart operation takes it before (a timer
//     callback that closes the channel, a consumer that locks only after
//     its receive), or nobody in the package does the counterpart. A
//     lock that only serializes the senders (io.Pipe's) is not one the
//     receiver needs.
//   - A peer that takes the lock only by running the waiting function
//     itself: a second writer of a pipe that writes and then closes it,
//     a copy loop that reads one pipe and writes another. It contends
//     for the lock as the waiter's own kind does, and waits its turn;
//     the peers that end the wait without the lock are still there.
//     Likewise a peer that gets to its side only through a call that
//     runs the waiting function, which waits on every path (Close
//     locks mu, calls Flush, which waits for the buffer's goroutine,
//     then closes the channel): it has to get past the same wait first.
//   - A reply's peer that took the request just sent: the waiting
//     function sends a request on an unbuffered channel and waits for
//     the reply (ingest <- dest; return <-result), and the peer sends
//     the reply only after receiving a request. The send completed, so
//     the peer has the request: only the locks it takes between its
//     receive and its reply count for the reply's wait, and replies
//     the peer sends after receiving another kind of request (a
//     monitor's other cases) are not its peers (the request's send is
//     reported on its own account).
//   - A lock a peer takes only once the waiting goroutine is on its way
//     out: after a receive from a channel that only a call deferred by
//     the waiting function (or a caller of it) closes or sends on. A
//     connection's mux holds errMu for its whole life and closes done
//     in a deferred call; Err takes errMu, and is called only on
//     case <-c.done. Such a lock is taken after the wait is over.
//   - A lock a peer takes only once the wait is ready: in a call it
//     defers, when every return of the peer comes after a receive from
//     a channel the wait watches that nothing sends on, only closes (a
//     shaper loop that leaves on <-s.die or <-s.writeErr and write-locks
//     in its cleanup); or after its own code closed, on every path, a
//     channel of the same object that the wait watches (Close closes
//     s.die, through a sync.Once or not, then locks s.mu: a goroutine
//     closing several sessions in turn has either closed the waiter's
//     die or locks another session's lock). A queued writer taken the
//     same ways does not stand between two read locks either. A deferred
//     close is made on the way out, not where the defer is.
//   - A peer in a test that starts the waiter once and then calls, on
//     every path, the function that does the counterpart on every path
//     (go func() { done <- f.Publish() }(); ...; f.AddResponse(r)): what
//     the test took before the start is behind it, so only what it takes
//     between the start and its call counts.
//   - A counterpart in the waiting function itself (a token taken from a
//     channel and put back under the same lock): the function keeps the
//     channel's invariant.
//   - A channel used as a mutex or a semaphore whose tokens are sent in
//     (lock sends into a buffer of one, unlock receives; every blocking
//     receive follows an acquire of its own goroutine, in its function
//     or up its callers): an acquire is ended by the release of the
//     goroutine that holds the token, and only what that goroutine takes
//     between its acquire and its release counts, not what it took
//     before (a worker that locks mu, unlocks, then acquires a slot). A
//     release does not wait: the token it takes back is its own. So is
//     a receive whose value is dropped from a one-slot channel that the
//     package acquires and releases on one path somewhere and never
//     closes, when the acquire was made in an earlier call (a
//     transaction that took the write lock when it opened releases it,
//     <-tr.db.writeLockC, when it commits under its own lock).
//   - A channel a test's helper receives from, when the tests give that
//     helper several channels (expect(t, l.Notify), expect(t, ch)): the
//     helper's parameter does not make them one channel (passes/chanflow).
//   - A lock of another type than the one owning the channel (each
//     msgBlock's mu against one disk semaphore shared by all of them):
//     for most goroutines it is another object's lock.
//   - A peer on the same field of another object. When the wait and the
//     peer are each on a channel of an object their function is handed
//     (a lock made of a one-slot channel: forceLock sends on m.ch,
//     unlock receives from it), the peer's calls say which object: a
//     connection's read lock and its write lock are two chanMus, each
//     made for its field (refs.Origins: the allocations an object may
//     come from, a constructor's named by the call of it). A lock the
//     peer needs only by way of calls on objects made elsewhere than the
//     one the waiting call is on (Close waits for c.writeMu; the reader
//     takes closeMu before it releases c.readMu) does not count at that
//     call. Objects whose origins are not known (a parameter of an
//     exported function, a field code outside the package may set)
//     count, as before.
//   - A lock an interface's implementation takes on its own receiver,
//     when the value called is one a caller handed to a method as an
//     argument, never its receiver (f.ReadFrom(r), whose goroutine reads
//     r while f.mu is held: r may be another *File, whose mu it takes,
//     not f's). A call in the package that hands a method its own
//     receiver there (f.copyOf(f)) keeps the lock.
//   - A time.Sleep between two tries of an I/O call: one that runs only
//     once a call the model says blocks (os.RemoveAll, a dial) returned
//     an error, on the branch of that error. It waits for the operating
//     system, as the I/O does (blockingcall's concern, not this one).
//   - A time.Sleep in another package's code: the locks another
//     goroutine may take are the package's own, which a caller's lock
//     of another type is not (a library's retry loop).
//   - Operations on a channel the function makes and no other goroutine
//     sees (the variable is only sent to, received from, ranged over,
//     len, cap or close, in the function itself).
//   - A send that always finds room: on a channel the function makes
//     with a constant capacity k, when fewer than k sends can run before
//     it, none in a loop; or the one send of n goroutines started in a
//     loop of n iterations into make(chan T, n) (or len(xs) and a range
//     over xs). Also: the first send on a channel the function has just
//     made with a buffer (directly, or as a field of a value it
//     allocates), with no go statement before it; a send right after
//     the sender drops the stale value (a select with a default that
//     receives from the channel), when every sender does so holding one
//     lock (a channel that keeps only the latest status); the only send
//     on a channel with room for one, closed right after it (a reply
//     delivered once: a second sender would find it closed); a send on a
//     buffer of 65536 or more, which is sized never to fill (database/sql's
//     request queue of a million; a package variable set once to a
//     constant counts as that constant); a send on a channel that counts
//     down: its capacity is a counter (a field, a map element), and each
//     send, with a lock every send holds, comes after a decrement of that
//     counter of its own, so the sends never outnumber what was counted
//     when the channel was made (containerd's shim sizes the channel to
//     the running execs, and each exit counts itself out and sends the
//     new count). This takes the count not to go up while the channel is
//     in use; a send that takes nothing off it (a progress report) is
//     reported. Any other buffered channel counts as blocking, since a
//     full buffer blocks.
//   - Flag protocols, where a field of the channel's owner rules the wait
//     out. A one-time send: every send on the channel (with a buffer) is
//     made only while a flag of the same object is unset, under a lock
//     every such sender holds, and sets it on the way; nothing in the
//     package unsets it, or only after a receive from the channel (a
//     flusher that takes its wake-up out, then clears pending), so at
//     most one value is ever in the channel. The same
//     when every send is the one send of a function literal run by Do
//     of a sync.Once field of the channel's owner, which nothing resets
//     (a shutdown that reports its error once, streadway/amqp's). A delivered
//     result: the receive is made only while a flag of the same object
//     is set, and every store that sets the flag comes after the
//     channel's close on every path to it (or is followed, in its
//     block, by a send with room and the close): the receiver finds the
//     channel closed (net/http's wantConn: deliver sets done, sends and
//     closes; cancel receives only when done is set). A flag that some
//     code clears (a retry that resets it) proves nothing. A taken
//     hand-off: every send on the channel is on a value looked up in a
//     map (or ranged over), and the key is deleted right after the
//     lookup under the same lock, before or after the send; or on an
//     element of a list field ranged over, and the field set to nil as
//     the loop ends. Each channel (made with a buffer) is put in the map,
//     or appended to the list, at most once on each path (a new map
//     holding it on one branch, the existing map on the other); a helper
//     that puts it and returns it has callers that only wait on it or
//     compare it, through a variable left nil when they do not ask
//     (var wait chan error; if second { wait = f.add(id) }). Whoever finds a channel takes it
//     out: one send per channel. Likewise a send on a one-slot channel
//     whose sender, under a lock every sender holds, drops the stale
//     value when there is one (if len(ch) > 0 { select { case <-ch:
//     default: } }); the lock may be held by the callers of the
//     sender's function, up to three unexported calls up ("call with
//     c.mu held"), or taken by a caller only when its own caller asks
//     (if lockAndLoad { c.mu.Lock() }), when every call of that one
//     passes true, or false with the lock held (a release made only
//     under the same parameter is then not made either). A test that
//     calls such a helper itself, without the lock, steps outside the
//     invariant on purpose and does not count, as a test's pokes at an
//     unexported field do not; nor does a test's own channel that it
//     pokes into such a field (server.cChan = ch; ...; <-ch) count as a
//     peer of the package's sends. A channel that is only printed or given
//     to testify's value assertions (assert.NotNil(t, c.timerCh)) stays
//     the package's.
//     A running flag: a wait made only once a bool field is seen set
//     (if c.running { c.add <- e }, robfig/cron's Schedule) has behind it
//     the lock call that opened the section setting the flag (Run locks,
//     sets running, unlocks, then runs the loop that receives), when
//     every store of true into the flag is in a lock's section and is
//     followed by a call or go statement that runs the peer (Start sets
//     it and starts the loop), or made before the peer's side in the
//     peer's own function. The same for a wait made only while a bool
//     field is seen clear (if c.stopped { return }; c.stopCh <- x), when
//     the constructor sets it and every store of false is such a store
//     (Start clears stopped under the lock, then runs the loop). The
//     peer's other lock calls still count.
//     These invariants are proved over the package's code less its
//     tests' pokes: a test that stores into an unexported field of a
//     type of the package's code, or sends on such a channel field,
//     itself (cache.stopped = false, to drive the code into a state)
//     steps outside what the methods keep, and does not make the
//     methods' waits reported. A type a test file declares is the
//     tests' own code: its methods' uses are not pokes.
//   - A WaitGroup's Done whose goroutine takes the lock only before the
//     Add that counts it: the Add is made with the lock held, and the
//     lock is not taken again between the Add and the Done (a cache's
//     evict counts the file it closes under the cache's lock, lets the
//     lock go, then closes it, while Close waits holding the lock; a
//     request that counts itself under the lock Shutdown waits with,
//     then defers its Done). A goroutine counts in the Wait only from
//     its Add on.
//   - sync.Cond.Wait when the only lock held is the one the Cond is bound
//     to (Wait releases it). Wait is reported only when another lock is
//     held and the Cond's lock is known (c.L, or the lock the package
//     gives to sync.NewCond or assigns to L, the mutex a struct embeds
//     for sync.NewCond(&s.mu), the one field a mutex made or handed in
//     is also kept in: f.mu.Mutex = mu; f.mu.cond = sync.NewCond(mu));
//     if it is not known, no
//     report. A helper that calls Cond.Wait counts at its callers when
//     its Cond's lock is known; and only when a goroutine that signals
//     the Cond may take the held lock first.
//   - A callee that releases the caller's lock (on some path) before it
//     waits: the lock does not count as held across that call.
//   - A call that passes nil for the channel its callee waits on only
//     when it is not nil (closeConn(c) calling closeConnChan(c, nil),
//     whose send is under if done != nil), when the callee waits on
//     nothing else. Likewise a call that leaves off the option its
//     callee's every wait is behind: false for a bool parameter, or a
//     composite literal (or a local made of one and not changed) that
//     does not set a bool field of a by-value options parameter
//     (retry(f, backoff{tries: 3}), whose sleep runs only under
//     if b.delayFirst); or true for a bool parameter that returns
//     before every wait (acquire(ctx, true), whose wait comes after
//     if noWait || ... { return }).
//   - A lock handed to a goroutine that releases it (go func() { ...;
//     mu.Unlock() }()): it is no longer held after the go statement.
//   - A close when an atomic counter drops to zero (if
//     s.connCount.Add(-1) == 0 { close(done) }) is a Done: a goroutine
//     that takes the lock only before the Add that counts it
//     (ServeConn checking closed under the lock, then connCount.Add(1))
//     does not hold up the wait for the count to drop.
//   - A peer that takes the lock only to run the waiting code itself: a
//     Write that locks sendLock and calls the write that waits; a
//     goroutine that writes and then shuts the session down waits its
//     turn behind the first writer, as a second writer does.
//   - A receive under len(ch) > 0 (a paused consumer moving its parked
//     messages on) when every receive of the channel holds the lock
//     held there, or starts only after a call that must close the
//     channel (a drain after Close): nobody takes the value between the
//     test and the receive.
//   - A peer's channel made by the same call of its function (or by a
//     constructor it calls, in the object it returns: w := h.Watch();
//     range w.ch): no goroutine waits on it before the make, so the
//     locks the peer took before (in Watch, under which the watcher is
//     registered) do not count. A local channel kept in one object's
//     field (mp.longest.notifyCh = ch) is waited on under that object's
//     lock: a method that locks only a sibling's own lock
//     (mp.unfinished.Value()) does not hold it up. The call that
//     registers such a channel (ch := make(chan Signal); s.Signals(ch),
//     whose every possible callee takes no lock once it has used its
//     parameter: stored it in a field, appended it to a slice, closed
//     it) does not count either: nobody can send on the channel before
//     it is stored, and the peer takes no lock after that. The same
//     holds for a select case on such a channel, and for a channel the
//     registering call returns (<-ch.NotifyClose(make(chan *Error)),
//     whose NotifyClose returns its argument on every path), and for a
//     function literal that registers a channel its enclosing function
//     made for it alone (breakCh := make(chan bool); handler :=
//     func(s Session) { s.Break(breakCh); <-breakCh }): what the literal
//     and its callers took before the registration is behind it.
//   - A channel handed to a function of the package that only receives
//     from its parameter (drain(errc, 2)) stays counted as the
//     function's: two goroutines that send once each fit a buffer of
//     two.
//   - A channel kept in a local variable that a function literal
//     captures (done := make(chan struct{}); go func() { ...;
//     close(done) }()) is made by that call too: a close before the
//     literal (no one to deliver to) comes before anyone can wait.
//   - A test function runs on one goroutine, once, and the objects it
//     makes are its own: when the only goroutine of a test that may run
//     the waiting code is the test's own (it calls it, but neither
//     starts it with go nor hands it on as a function value, nor turns
//     a value whose methods run it into an interface, which a server
//     outside the package may call on goroutines of its own), the
//     test's way to a peer (subscribe, publish and wait, then close)
//     does not count; the test cannot wait and be on that way at once.
//     When the test's own go statements start the waiting code (go
//     srv.Publish(...); time.Sleep(d); srv.AddPublishResponse(r)), only
//     what it takes after such a go statement counts. The same holds
//     for what the test takes before it waits on a channel it made
//     itself (ch := make(chan string, 1); s := NewFakeServer(ch);
//     s.Add("a"); s.Start("a"); <-ch): the server's send under its lock
//     is the test's own call.
//   - A deferred call runs after its function's body, not after itself:
//     a test that defers Close and consumes in its body does not take
//     the lock before Close's close. And what the body takes after it
//     made the deferred call itself, on the same arguments (a channel
//     used as a lock, released early: c.writeMu.unlock(); c.markClosed(),
//     with defer c.writeMu.unlock(), a release that then finds the lock
//     free), comes after its side.
//   - A method called on an object its caller has just allocated, before
//     the object is stored, passed or captured anywhere (f := &feed{};
//     f.subscribe()), takes that object's own locks, which nobody else
//     can hold yet. A channel kept in a field of an object the function
//     allocates (t := &tail{out: make(chan int)}; ...; close(t.out)) is
//     made by that call, as a local one is.
//   - A run loop's deferred cleanup (go a.readLoop(), whose deferred
//     func takes a.lock and closes a.readClosed) is not a peer of a wait
//     that only that loop's code runs (the loop handles a packet under
//     a.lock and waits on a.readClosed): it runs on the same goroutine,
//     after the wait. And a peer that, on its way to its operation, has
//     closed another channel the wait receives from (the cleanup closes
//     the write side first, through a Once) has ended the wait already.
//
// A hub's lock counts against the channels of the objects it keeps in a
// map (as keys or values) or a slice (for _, w := range h.watchers {
// w.ch <- ev } under h.mu) when a peer takes it in the loop around its
// operation, between two events (a watcher's handler that asks the hub
// for its size, a subscriber that evicts itself): that is the
// Kubernetes watch cache's deadlock, and Docker's pubsub's. A call that
// puts the peer where the hub finds it does not count (a worker's
// release(w), given its own object, which it stores; a request table's
// send, which registers the request and returns its reply channel): a
// peer is findable only after it, and at its receive when found. A call
// given the peer's object that does not store it (evict(s), which
// deletes s from the map) counts.
//
// A group from errgroup.WithContext is the call's, so a Wait under a
// lock its bodies take is found, and the message names the body.
//
// # Trade-offs
//
// Precision comes first, so some bugs are missed:
//
//   - Locks are identified by path (s.mu, s.inner.mu, pkg.mu; embedded
//     mutexes as s.Mutex). A lock reached through an index, a map, a
//     call, or an alias (mu := &s.mu) is a lock of its own.
//   - Calls through interfaces and function values are not followed, for
//     waits as for locks; go statements and function literals are
//     functions of their own, which start with no lock held.
//   - Who ends a wait must be in the package: a channel or WaitGroup
//     from a parameter, or served only by another package, is not
//     reported. A function called with the lock already held (a
//     fooLocked helper) does not count as needing it.
//   - Waits inside deferred calls are not checked against the locks held
//     at exit.
//   - A peer that takes the lock on its way out of its loop, after its
//     last move (a watcher's consumer that, after a receive, cancels its
//     watch under the hub's lock and returns, while the next Notify,
//     holding that lock, sends to it again). Counting such exits also
//     counts workers that leave only once nothing will send to them again
//     (fasthttp's pool, whose Stop sends each ready worker one nil):
//     telling the two apart needs a proof that the exiting peer is still
//     registered where the waiter finds it.
//   - A hub's lock taken by a watcher before its loop, or on its way
//     out of it (see above: only the takes between two events count).
//   - A TryLock holds its lock only when it is an if, for or switch
//     condition (possibly negated); elsewhere it is not tracked.
//   - File and network I/O under a lock is not reported: that is a
//     latency concern, not a deadlock (blockingcall reports it in tasks).
//
// And some reports are wrong, where the program keeps an invariant the
// analysis does not see: a buffered channel made by another type's
// constructor that always has room (a one-token channel handed back
// under the lock), or a lock the waker took in an earlier iteration of a
// loop, before the channel it waits on existed.
//
// # Suggested fix
//
// Only where it is sound: when the wait (the operation itself, not a
// call of a function that might touch the guarded state) is the statement
// just before the Unlock of the only lock held, and that statement reads
// and writes only local variables, the fix moves the Unlock before it.
// Otherwise there is no fix: where to release the lock, or whether to use
// runtime.Mutex, is a design decision.
//
// # Suppressing
//
// When the report is wrong (say, the channel always has room because of
// an invariant the analysis cannot see), say why with a directive on the
// line or the line before:
//
//	//lint:ignore lockawait the buffer has one slot per sender
package lockawait
