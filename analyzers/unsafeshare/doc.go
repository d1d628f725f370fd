// Package unsafeshare defines an Analyzer that reports state shared
// between tasks or goroutines with no happens-before.
//
// # Analyzer unsafeshare
//
// unsafeshare: report state shared between tasks or goroutines with no happens-before
//
// Go's counterpart of Rust's "cannot be sent between threads safely": a
// variable, field, map or value not safe for concurrent use that one
// task or goroutine writes while another reads or writes it, with
// nothing ordering the two (no lock held by both, no atomic, no channel
// hand-off, no join). That is a data race: the reader may see a torn or
// stale value, a map may crash the program ("concurrent map writes"),
// and the race detector finds it only if a test happens to run both
// sides at once.
//
// Captured variables. A variable captured by a spawned closure (or
// reached through a pointer, map or slice passed to the spawned
// function), written on one side and read or written on the other: by
// the starter after the spawn and before anything that may order it (a
// join: Wait, Await, JoinSet.Wait or Next, errgroup's Wait; a receive
// from a channel the body uses; an atomic or sync.Once on what the body
// uses; a call that may wait), or by the other instances of a body
// spawned in a loop.
//
//	// WRONG
//	for _, it := range items {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			if err := work(it); err != nil {
//				firstErr = err // "firstErr is written here by every goroutine started in the loop at a.go:10: the instances run concurrently with no happens-before between them (no lock, no atomic, no channel hand-off)"
//			}
//		}()
//	}
//	wg.Wait()
//
//	// RIGHT: a lock (or errgroup, whose Wait returns the first error)
//	mu.Lock()
//	if firstErr == nil {
//		firstErr = err
//	}
//	mu.Unlock()
//
// Values not safe for concurrent use, used on both sides, one use
// writing: maps (m[k] = v, delete), bytes.Buffer, strings.Builder,
// bufio's Reader, Writer and Scanner, *math/rand.Rand (not the
// package-level functions), hash.Hash, and the types annotated
// //asynclint:notconcurrent on their declaration, in any package. A
// method is a write unless the model lists it as read-only (Buffer.Len,
// Builder.String, ...); passing the value to a function is a write.
//
//	// WRONG
//	go func() { buf.WriteString("x"); done <- true }() // "buf (bytes.Buffer, not safe for concurrent use) is written by the goroutine started at a.go:3 and read at a.go:4 by its starter, ...; the starter waits for it only at a.go:5, after this access"
//	s := buf.String()
//	<-done
//
// When the starter does wait for the goroutine (a receive, a Wait) but
// only after its access, the message says where.
//
//	// RIGHT: receive first
//	go func() { buf.WriteString("x"); done <- true }()
//	<-done
//	s := buf.String()
//
// Mixed access. A variable or field accessed with sync/atomic functions
// in one place and plainly in a function that runs as a task or
// goroutine (a plain read by the only goroutine that writes atomically
// is not reported, nor one whose atomic writes are all made by the
// starter before the spawn or after a point that may order them after
// the goroutine), or plainly by the starter while its goroutines use it
// atomically. Constructors (a value the function built itself),
// accesses under a lock, and accesses before the spawn or after the join
// are not reported; nor are plain accesses in functions that are not
// spawned bodies (a Value method reading what Inc adds atomically):
// whether they run concurrently is not known, unless the atomic access
// is made by a goroutine that a method of the same type started (see
// "Methods called while the goroutine runs" below), or both are in
// exported methods of one type, through the receiver: an atomic add in
// Get says that its users call it from several goroutines, and a plain
// copy in Stats, for the same users, races with it (this holds in a
// package that starts no goroutine too). A plain read that follows, in
// its method, an atomic load of another field of the same value (or a
// body-less load-acquire) is a publication protocol and is not
// reported.
//
//	// WRONG
//	func (c *Cache) Get(k string) string { atomic.AddUint64(&c.hits.Lookups, 1); ... }
//	func (c *Cache) Snapshot() Counters {
//		return c.hits // "c.hits.Lookups is read here without sync/atomic, by the caller of Snapshot, but accessed atomically at c.go:12 by the caller of Get, ..."
//	}
//
//	// WRONG
//	go func() { out <- c.hits }() // "c.hits is read here without sync/atomic, in a goroutine started at c.go:20, but accessed atomically at c.go:12: ..."
//
//	// RIGHT
//	go func() { out <- atomic.LoadInt64(&c.hits) }()
//
// Two goroutines, on the package's SSA form (passes/access for the
// loads and stores, passes/refs for "the same field or variable",
// passes/chanflow for which goroutines run each function): an access by
// one goroutine and a write by another, to the same variable, package
// variable, field of the same type, map or value not safe for concurrent
// use, with no lock held by both (sync's and the runtime's Mutex and
// RWMutex; what Once.Do runs holds the Once) and no happens-before: one
// side must acquire before its access (a receive, a send on an
// unbuffered channel, a join, an atomic, Once.Do, a second Lock of a
// mutex the goroutine holds already: a start signal whose Unlock it
// handed out, as NotifyStartedFunc: started.Unlock) what the other side
// may release after its own (a send or close on that channel, an atomic,
// its end). The goroutines compared are two starts (sibling goroutines
// or tasks), the instances of one body started in a loop (also through a
// helper that calls its function parameter from goroutines it starts in
// a loop), and a start against the package's callers after that start in
// the same call chain (a test that changes a tunable after starting the
// goroutine that reads it). A value passed as the go statement's
// argument, an element at the instance's own index (its piece argument)
// and an object not yet handed to anything the goroutine can reach are
// not shared. An element index read through the instance's own data
// (out[b.indices[j]] = v, b its iteration's batch) is its own. A
// goroutine a test starts does not run the function literals another
// test stores in its objects (tests have no callers: one test's objects
// never reach another's), though a call through the field may run any
// of them.
//
//	// WRONG
//	parallelize(4, len(xs), func(piece int) {
//		out[k] = xs[piece] // "an element of out is written here by every goroutine started in the loop at p.go:30 and written at p.go:40 by ..."
//		k++
//	})
//
// Loop variables: a goroutine started in a loop that reads a variable
// declared outside it which the loop writes again (before Go 1.22, the
// loop's own variables, by each file's Go version), and a write while
// only a read lock is held (RLock: the other readers run at once).
//
// A write under a read lock needs two goroutines that may hold it at
// once: the object is reached through a package variable, or the
// writer runs in a goroutine the package starts on an object from
// outside that goroutine (several of them, or an object its starter did
// not make for it alone). A method only the package's callers run is
// not proof: a type documented as not for concurrent use (database/sql's
// Rows) takes its read lock only against a concurrent Close, which holds
// the write lock. Nor is a write to an object the function made itself
// (a copy filled under the read lock of the original, even when its
// constructor links the copy to itself).
//
// Callbacks. A function literal passed to a function of the package
// that calls its parameter (itself or through the same helper) runs on
// the caller's goroutine; one converted to a func type with a method
// that calls its receiver (a HandlerFunc-style adapter) runs wherever
// that method runs, so a goroutine that calls the adapter through an
// interface runs the literal, and its writes to what it captured are
// compared with its maker's accesses.
//
//	// WRONG
//	b := NewBus(ListenerFunc(func(Event) {
//		n++ // "n is written here by the goroutine started at bus.go:20 and read at t.go:12 by the caller of CountEarly, ..."
//	}))
//	b.Publish(ev)
//	got := n // the loop may still be running the listener: Close first
//
// Methods called while the goroutine runs. An exported method of a type
// T is compared with a goroutine of the package, on a field of the
// method's receiver that the goroutine reaches through the receiver of
// a method of T too (the same path, or one holding the other by value: a
// copy of t.count holds t.count.Hits), when the program shows that the
// method runs while the goroutine does. Both sides are followed up the
// calls that pass a receiver on (Dump calling the promoted m.Each of an
// embedded struct; the loop calling m.clear() under m.mu), so a field
// of an embedded struct is seen from the type that embeds it. The
// proofs:
//
//   - the goroutine writes there under a lock of the value itself (t.mu,
//     or T's embedded mutex): the lock says the value is used by others
//     meanwhile, whoever started the goroutine (a poller handed the
//     value as an interface);
//   - or, for a goroutine started by a method of T or by a function that
//     takes or returns a *T, the goroutine's side is atomic, or a write
//     under another struct's lock (its author expects a concurrent
//     party, and the type's users are that party);
//   - or, for such a goroutine, the method signals it: it sends on or
//     closes a channel, or stores atomically to a word, that the
//     goroutine receives from or loads (Stop closing the channel the
//     loop selects on: a signal to a goroutine that no longer runs has
//     no purpose);
//   - or, for such a goroutine that writes there, it runs a loop that
//     ends only when a method of T signals it (or never ends): between
//     the start and the stop, every method of T its users call runs
//     while the loop does. The users' side may go through a method that
//     several methods call (the promoted Range of a struct embedded by
//     pointer), followed up to the exported methods of T.
//
// For example:
//
//	// WRONG
//	func (p *Poller) Start() { p.quit = make(chan struct{}); go p.run() } // run selects on <-p.quit in a loop
//	func (p *Poller) Stop() {
//		close(p.quit)
//		p.quit = nil // "p.quit is written here by the caller of Stop and read at p.go:30 by the goroutine started at p.go:20, ..."
//	}
//
//	// WRONG: Stats copies the counters that the serving goroutines add to atomically
//	func (t *Table) Stats() Counters { return t.count } // "t.count.Lookups is read here without sync/atomic, by the caller of Stats, but accessed atomically at t.go:26 by every goroutine started in the loop at t.go:38, ..."
//
//	// WRONG: a watcher, reaching Changed through an interface, writes under d.mu; Lookup reads without it
//	d.table.routes.byName[name] = addrs // "the map d.table.routes.byName is written here by the goroutine started at d.go:48 and read at d.go:59 by the caller of Lookup, with no lock in common ..."
//
//	// WRONG: the collector's loop resets the map of an embedded registry; Export ranges over it
//	func (r *registry) reset() {
//		for k := range r.entries {
//			delete(r.entries, k) // "the map r.entries is written here by the goroutine started at c.go:40 and read at c.go:20 by the caller of Export, ..."
//		}
//	}
//
// Functions (a constructor) are not methods and are not compared, nor
// are a method's accesses before the start in its own call chain, nor a
// method whose way in holds a lock the goroutine's side holds too (Dump
// taking m.mu before calling the promoted m.Each). A setter that
// neither signals the goroutine nor races with a locked write or an
// atomic access of it is not compared (its users may call it before
// Start only), unless a constructor (a function returning the *T)
// starts the goroutine's loop, which runs until a method stops it: then
// no user can call the setter before the loop runs (newLimiter starting
// the refill loop that reads l.cfg, and Reload writing it), nor one whose goroutine side only reads under a lock
// (Close reading, under the lock it takes for its own fields, what setup
// wrote before anything ran). The goroutine's access must itself go
// through the receiver of a method of T: a method of another type that
// it may run through an interface is not compared.
//
// Two accesses through the receivers of methods of two different types
// are not compared when they lie inside two different objects: the
// paths from the receivers that make them hold the field by value, or
// the paths from the receivers at every end of the calls that pass a
// receiver on (a struct embedded by pointer in two types, each with its
// own loop) do not go through a value of the other type. A map or a
// sub-object that two owners of different types share by pointer is not
// followed: precision first.
//
// With -unsafeshare.entries, the package's callers' accesses through any
// exported function are compared too, without the proof above. It is
// off by default: locks held by the callers and the publication of a new
// object are not yet followed per call path, and real code gets false
// reports from constructors and helpers called both under a lock and
// before the object is shared.
//
// Lock discipline, inferred. A struct field accessed under a sibling lock
// (s.mu for s.n) on at least two lines, and on at least twice as many
// lines as without it, or on one line when its comment says "guarded by
// mu", but accessed without it in a function that runs as a task or
// goroutine. A read is reported only if a locked write may run at the
// same time (not one the starter made before the spawn). The sibling
// lock is one lock by any path: a handle that locks its registry through
// its back-pointer (h.reg.mu for h.reg.handles) holds r.mu.
//
//	// WRONG
//	go func() { out <- s.n }() // "field n is written under s.mu at stats.go:10 and stats.go:30, but read without it here, in a goroutine started at stats.go:41"
//
// Written after it is published. A function that makes an object, hands
// it to a function of the package that stores it under a lock where
// other goroutines find it (a field, a map's value, an append to a
// slice field: c.Add(o)), and then writes a field of it (or the map the
// field holds), while a goroutine the package starts reads that field of
// values of the type: the goroutine may find the object in the cache and
// read the field while its maker writes it.
//
//	// WRONG
//	o := &Object{Name: name, Labels: map[string]string{}}
//	c.Add(o)
//	o.Labels["owner"] = team // "o.Labels is written here after (*Cache).Add (a.go:30) stored o where other goroutines find it, under a lock, and the goroutine started at a.go:12 reads Object.Labels (a.go:20 in deepCopy): nothing orders the two; finish o before it is stored, or write it under that lock"
//
//	// RIGHT: set the labels before c.Add(o).
//
// The call must come before the write on every path to it, the store be
// under a lock the callee takes (a cache shared on purpose), and the
// maker hold no lock; a write in a test is not reported.
//
// # What is not reported, and why
//
// Precision first: when the check cannot tell whether two accesses are
// ordered, it stays silent.
//
//   - Writes before the spawn and reads after the join; accesses after
//     any point that may order the two sides (a channel operation on a
//     channel the other side uses, a join, a runtime suspension point, an
//     atomic or Once.Do on what the other side uses, synctest.Wait, a call
//     of a function that may wait). The check does not pair a receive with
//     its send: any such point counts, and a send counts too.
//
//   - On the body's side, accesses after a point that may synchronize
//     with the starter (for instances of the same body: a receive only
//     counts if the body also sends on or closes that channel).
//
//   - Accesses under the same lock on both sides, and accesses where one
//     side holds a lock that the other side's function takes somewhere:
//     lockset's answer is a must (a lock released and taken again on some
//     paths, by a helper that unlocks around a call, is not certainly
//     held), so "not certainly held" is not taken for "not held". For the
//     same reason, lock discipline is reported only in a function that
//     never takes the lock.
//
//   - The bodies of a loop of errgroup.Group.Go when the starter sets the
//     group's limit to 1 (SetLimit(1)): each Go waits for the previous
//     body.
//
//   - Per-iteration loop variables (Go 1.22 semantics, by each file's Go
//     version), variables declared inside the loop that spawns, and
//     elements of a slice or array picked by an index of the instance's
//     own (results[i], stats[j].count).
//
//   - Calls of another package's interface methods (io.Writer, net.Conn)
//     are not taken to run the package's own implementations.
//
//   - Values only read on both sides; atomic types (atomic.Int64, ...);
//     what is reached through &x passed to an unknown function.
//
//   - Accesses in function literals other than the spawned body
//     (callbacks, defers), in functions the body calls, and between two
//     different spawn sites of the same starter: only the starter and
//     its spawned body (and the body's own instances) are compared.
//
//   - A body the package cannot resolve (a function value, an interface
//     method), BlockInPlace (it runs on the caller's goroutine), Run and
//     Timeout (they wait for their body).
//
//   - Unknown calls are assumed not to wait, except those passes/maywait
//     shows may wait; a mutex used as a hand-off (unlocked by another
//     goroutine) is not an ordering edge here. time.Sleep counts as a
//     wait, and a receive from a channel that others may send on (a
//     parameter, a field, time.Tick's channel) as an ordering point: a
//     loop that sleeps or ranges over time.Tick orders what follows, and
//     a test that sleeps for the server's goroutine to call its handler
//     before reading what the handler wrote is not reported (a handler
//     handed over through a function-type adapter, HandlerFunc, is
//     otherwise followed into the goroutine that calls it).
//
//   - len of a map (only its field is read, not its entries).
//
//   - A return of a named result as itself (return sessions, nil, with
//     sessions the named result a goroutine reads): the compiler emits
//     no store, and the race detector sees none. A return of another
//     value (return nil, err) assigns the named result, and is reported:
//     "sessions is written here (the return assigns the named result) by
//     the caller of ServeChecked and read at ... by the goroutine started
//     at ...".
//
//   - Methods of map types (http.Header.Get, url.Values.Set): whether they
//     write is not known; m[k] = v and delete on them are reported.
//
//   - What the starter's callers do after it returns while the body
//     still runs (a body that outlives its starter): the window ends
//     where the starter's code ends, at a return after the spawn, or at
//     a goto.
//
//   - Lock discipline, for a read in the goroutine: the locked writes
//     made before a point that may order them after the body (a receive
//     from a channel the body closes, a join) do not count.
//
//   - Two goroutines that are only known to reach objects of the same
//     type: a pair of different goroutines is reported when, in the
//     terms of the code that starts them, they reach one package
//     variable, one value (an object both are handed by one function),
//     or the receivers of two methods of one type (the goroutine started
//     by Start, and Stop). Over the standard library, pairing by type
//     alone gave hundreds of reports between goroutines of unrelated
//     tests, each on a conn of its own.
//
//   - A write under a read lock to memory that lock does not guard: a
//     field of another object (a caller's out-parameter, a block's
//     fields under the block's read lock while the store's own lock is
//     held by the caller). The write is reported when it is to the
//     lock's own object, or to an object found through a package
//     variable under a package-level lock.
//
//   - The Go runtime and the packages sync is built on: they synchronize
//     with primitives of their own that the model does not describe.
//
//   - A lock a package builds itself: methods of one type named Lock and
//     Unlock (or RLock/RUnlock, RWLock/RWUnlock, rwlock/rwunlock) that do
//     not wrap a lock the model knows (internal/poll's fdMutex, on
//     atomics and semaphores) guard what is accessed between them, as an
//     exclusive lock.
//
//   - A select after the start that receives from a channel the
//     goroutine releases (close(done)), every other case of which returns,
//     panics or ends the test (a timeout calling t.Fatalf): the code after
//     the select runs only once the goroutine has released it.
//
//   - A variable captured by closures that a function makes (a
//     constructor's fr.getReadBuf = func(...) { ... fr.readBuf ... }),
//     when no call of that function starts either goroutine: each call
//     makes its own variable, and two goroutines calling such closures
//     (a server's framer, a client's) may hold two calls' closures. A
//     literal handed down to a helper that runs it in goroutines is
//     shared by them and is compared.
//
//   - A call handed a function literal that loads atomically what the
//     goroutine stores (poll.Eventually(t, func() bool { return
//     done.Load() }, ...), a helper of any package that polls the
//     condition until it holds or fails the test): like a bare receive,
//     it may order what follows it after the goroutine's store.
//
//   - A call of a helper of the package whose select receives from a
//     channel others may send on, failing the test (t.Fatalf, panic) on
//     its other cases (a timeout): like a bare receive, it may order
//     what follows it after the goroutine (a test that waits for the
//     request the goroutine's call causes, then replaces what the call
//     read).
//
//   - synctest.Test and synctest.Run: they return only once every
//     goroutine of the bubble has exited.
//
//   - An Init method's plain writes against another method's atomic
//     access of the same word: by convention (poll.FD.Init, list.Init) it
//     runs before the value is shared.
//
//   - An access of a field that holds a pointer against an atomic access
//     of what it points to (atomic.CompareAndSwapInt32((*int32)(e.state),
//     ...) and a read of e.state): two different words. So are a slice
//     field and its elements: a read of the slice itself (len(n.buckets),
//     for i := range n.buckets, n.buckets[a:b], passing it on) against
//     atomic accesses of its elements (atomic.LoadPointer(&n.buckets[i])).
//     A plain read of an element (n.buckets[i]), a range with a value
//     variable, copy and append(x, n.buckets...) read the elements, and
//     are reported ("an element of n.buckets is read here without
//     sync/atomic, ...").
//
//   - A variable declared in a loop body, or the variable of a
//     three-clause loop (Go 1.22), is a new one in each iteration: the
//     closure an earlier iteration made of it does not make this
//     iteration's writes visible to anyone, and errs[i] written by the
//     goroutine of iteration i is its own element.
//
//   - An element the starter sets in the loop that starts the
//     goroutines, before the start, at the index the go statement hands
//     that iteration's goroutine (hs[idx].h = newH(); go func(idx int)
//     {...}(idx)): it is set before its goroutine starts, and the other
//     goroutines have elements of their own. The same holds for an
//     element whose address the go statement hands its goroutine
//     (ts.shards[i].wake = make(chan struct{}, 1); go
//     ts.run(&ts.shards[i])), when the index is the loop's own variable
//     and takes a new value in each iteration (the key of a range over a
//     slice, an array, a map or an integer, or the variable of a
//     three-clause loop stepped by a constant; assigned nowhere in the
//     loop) and nothing in the loop assigns the slice. A write after the
//     go statement, or to another element (ts.shards[i-1].next: the
//     previous shard, whose goroutine runs already), is reported.
//
//   - Lock discipline: a locked write in an unexported function that
//     only the goroutine's body uses is the goroutine's own, later in its
//     program order, not a concurrent writer (a watcher that reads its
//     start revision, then broadcasts under the lock).
//
//   - Two goroutines' accesses, each made where its own function may
//     hold one lock on some path (if doLock { s.Lock() }, with callers
//     that pass false holding it already): a lock taken on a condition
//     is not followed by the must analysis, and precision comes first.
//     A lock released before the access on every path does not count.
//     The same holds for a lock the callers that run the access may hold
//     at their calls, on some path (Listen taking the sockets' lock only
//     for unix addresses, the only ones whose path writes the map).
//
//   - A close is matched only by a receive that may see it: the body of
//     a range over the channel, or the path where v, ok := <-ch got a
//     value, was matched by a send. What follows a defer statement runs
//     before the deferred call, not after it.
//
//   - A release that follows an access only in the next iteration of a
//     loop around both (a loop that receives the next request, then
//     handles it) does not order the other side after the access: its
//     last send is matched by the receive before the last handling.
//
//   - A lock taken by a helper that returns holding it (lockProfiles())
//     counts as held after the call.
//
//   - A value published through a queue guarded by a lock: a call of a
//     function of the package that stores its item argument (a pointer
//     or an interface) while it holds a lock (o.items = append(o.items,
//     it) under o.mu) releases the queue; a call of one that returns an
//     item it loaded, or had a call return, while it held the same lock
//     acquires it. What the putting goroutine did before the put is
//     ordered before what the getting goroutine does after the get, as
//     with a channel (any get of the queue counts). The item waits in
//     the queue: a put is not a signal that the goroutine runs (see
//     "Methods called while the goroutine runs").
//
//     c.quiet = newSignal()
//     c.out.push(&shutdown{graceful: true}) // a loop pops it, starts the goroutine that reads c.quiet
//
//     A write after the put is reported:
//
//     c.out.push(&shutdown{drain: true})
//     c.draining = newSignal() // "c.draining is written here by the goroutine started at q.go:12 and read at q.go:40 by the goroutine started at q.go:30, ..."
//
//   - A handler passed to a constructor of the package and stored in a
//     func field (newWriter(out, c.handle)) runs where the field is
//     called (the writer's loop), when every call of the constructor
//     passes a function of the package; what it starts is ordered after
//     what that loop acquired before the call.
//
//   - A function literal's parameters are what the function that runs
//     it passes (db.Update(func(txn *Txn) error {...}) hands each call a
//     transaction of its own), not the arguments of the call that hands
//     it over: the workers that call Update from a loop do not share
//     txn.
//
// The happens-before model (points, windows, loops of instances) is
// passes/hb's; its package documentation says what it follows.
//
// # Suppressing
//
// A finding that rests on an ordering the check cannot see (a hand-off
// through a helper type, a protocol of the program) is silenced with a
// reason:
//
//	//lint:ignore unsafeshare the worker sets x before closing ready, which the caller waits on
//
// A function marked //go:norace, which the race detector leaves alone
// on purpose (a lock-free event loop's flags), is left alone too: no
// access in it, or in a function literal inside it, is reported.
package unsafeshare
