// Package lockorder defines an Analyzer that reports two locks taken in
// opposite orders in two places of a program.
//
// # Analyzer lockorder
//
// lockorder: report locks taken in opposite orders (AB-BA), across functions and packages
//
// A goroutine that holds lock A and waits for lock B, while another holds
// B and waits for A, waits forever: the AB-BA deadlock. Neither place is
// wrong alone; the bug is the pair. The Go bug studies count it among the
// most common blocking bugs, and most of the time one of the two
// acquisitions is a call away: a method that locks its own type's mutex,
// called with another lock held, or a callee that unlocks and relocks the
// caller's lock while it holds another.
//
//	// WRONG
//	func (a *Account) Deposit(l *Ledger, n int) {
//		a.mu.Lock()
//		defer a.mu.Unlock()
//		a.bal += n
//		l.Record(n) // "lock order inversion: (*bank.Account).Deposit takes (bank.Account).mu then (bank.Ledger).mu (a.mu locked at bank.go:12, then l.mu at bank.go:15 by calling l.Record, which locks l.mu at bank.go:22), but (*bank.Ledger).Audit takes (bank.Ledger).mu then (bank.Account).mu (l.mu locked at bank.go:30, then a.mu at bank.go:32): goroutines taking them in these orders deadlock"
//	}
//
//	func (l *Ledger) Audit(a *Account) bool {
//		l.mu.Lock()
//		defer l.mu.Unlock()
//		a.mu.Lock() // Ledger.mu then Account.mu
//		defer a.mu.Unlock()
//		return a.bal == l.sum
//	}
//
//	// RIGHT: one order everywhere (Audit takes a.mu, then l.mu, as
//	// Deposit does), or release one lock before taking the other.
//
// The check builds a graph of the program's lock classes: an edge from
// A to B wherever a goroutine holding A takes B, itself or through any
// chain of calls (each function's facts say which locks it may take). A
// lock class is the type that declares the lock's field and the field,
// "(bank.Account).mu", whatever path reaches it, or a package variable;
// the locks of local variables form classes of their own package. The
// graph spans packages: each package passes on its edges and those of
// its imports. A cycle of two locks taken in opposite orders (AB-BA) is
// reported once, at the earliest of its edges in the package that
// completes it, with both acquisition sites of each edge; cycles that
// share that edge are counted in the same report.
//
// A lock may be held by the caller: a named function that releases a
// lock of its receiver, a parameter, a package variable or a lock table
// on every path, by an unlock call of its own, without taking it (an
// Unlock of a lock table, the second half of a lock helper that
// returned holding it) is called with it held, since unlocking a sync
// lock that is not held is a fatal error; what it locks before
// releasing it is taken after it. (Not a func literal: a goroutine
// handed its parent's lock is the common case there.) A lock kept per
// key in a map or slice field (m := t.locks[key]; m.Lock(), or
// t.locks[key].Unlock()) is of the class of the field's elements,
// "(p.Table).locks[]", when every value of the variable is such an
// element (or a new lock the function stores there):
//
//	func (t *Table) Acquire(key string) {
//		t.mu.Lock()
//		m := t.locks[key] // (a new one stored there when missing)
//		m.Lock()          // waits for the key holding t.mu: "lock order inversion: (*p.Table).Acquire takes (p.Table).mu then (p.Table).locks[] (...), but (*p.Table).Release takes (p.Table).locks[] then (p.Table).mu (m (held on entry: released at t.go:30 without being taken) locked at t.go:26, then t.mu at t.go:27): ..."
//		t.mu.Unlock()
//	}
//
//	func (t *Table) Release(key string) {
//		t.mu.Lock() // the caller holds the key's lock
//		m := t.locks[key]
//		t.mu.Unlock()
//		m.Unlock()
//	}
//
// A helper that returns a value with its lock held (s := c.lockFor(key),
// which locks the shard it returns), or the key's *sync.Mutex itself
// (l := t.pathLock(p), taken from t.paths and stored there when new),
// leaves that lock held in its caller, on the variable the result is
// assigned to, until the caller releases it: a caller that then takes
// another lock orders the two. The mutex of a key is named by the
// elements of the field it comes from, "(p.Files).paths[]", like one the
// caller loads from the map itself.
//
// A function literal passed to a package function that calls it (not
// with go) runs during the call: a helper that calls it holding its own
// lock (b.update(func() { ... }), which holds b.mu around f()) orders
// that lock before every lock the literal takes, and a caller holding a
// lock orders it before the literal's locks.
//
// A callback registered through a method of the package (s.Listen(
// c.invalidate), which appends it to s.listeners, or puts it in a map,
// s.handlers[id] = h) runs where the field or its elements are called
// (for _, l := range s.listeners { l(k) }): a store that calls
// its listeners holding its lock, and a cache that writes through to the
// store holding its own, take the two in opposite orders. The same
// across packages: a package whose exported method stores a func-valued
// parameter in a field that it calls holding its lock (a bus's
// Subscribe, then Publish under b.mu), or whose exported function keeps
// it in a package variable (settings.Watch(f), then Set under the
// package's mu), passes on an edge from that lock
// to "the callbacks of (*bus.Bus).Subscribe#0"; a package that
// registers a function of its own there (b.Subscribe(s.onMsg)) completes
// it with the locks that function takes, and reports the cycle at the
// registration when it also takes the bus's lock under its own. Only a
// lock held at every call of the stored callbacks is passed on: one held
// at some calls only (a closed handler run under the lock by Close and
// after the unlock by Drain) depends on which call runs it.
//
// Two locks of one type are one class, so they make no cycle by their
// classes; but in a tree whose nodes point at their parent and keep
// their children (a back-pointer pair the package keeps: every store of
// a child into g.children goes with c.parent = g), a method that holds a
// node's lock and takes its parent's (a charge climbing to the root)
// and one that holds a node's lock and takes a child's (a limit pushed
// down) deadlock when one runs on a child and the other on its parent:
// "lock order inversion in a tree of group: (*group).setLimit holds g.mu
// (locked at a.go:48) and locks a child's, c.mu at a.go:52 ..., but
// (*group).charge holds g.mu (locked at a.go:32) and locks its
// parent's, g.parent.mu at a.go:38 ...".
//
// A helper that takes a sync.Locker holds what its caller passes
// (withLock(s.mu.RLocker(), func() { ... visit(url) ... }) read-locks
// s.mu around the literal), and a function that calls its parameter
// only inside such a literal holds that lock when it does: a caller of
// s.each whose callback locks the tracker orders s.mu before it.
//
// A job queued to a worker runs where the worker calls it: a worker
// that runs each job it receives holding its own lock (w.mu.Lock();
// j.run()) orders w.mu before the locks a queued literal takes on what
// it captures (v.w.submit(func() { v.mu.Lock() ... })), and a volume
// that asks the worker anything under v.mu closes the cycle. Only a
// literal handed, where it is made, to a method of the worker's own type
// counts: the function values of one field are joined by the field, and
// a literal handed to another type's queue runs there.
//
// A test that takes locks in an odd order on purpose, on objects it
// builds, to stage an interleaving (it holds a batch's lock and takes
// its buffer's, while a merge it started waits on the batch) deadlocks
// only against code that runs while it does: a cycle with an edge in a
// test (a Test, Benchmark, Fuzz or Example function of a _test.go file,
// or a literal in one) is reported only when the cycle's other edges
// of the package are in functions that test may call, itself or through
// the goroutines it starts, and it is reported in the test.
//
// Cycles of three and four locks are reported only with -lockorder.long.
// Over nats-server, 32 of 35 cycles were that long: each edge taken on
// a different value of a type with many (clients, accounts), through
// chains of calls, none shown to deadlock, while its 3 two-lock cycles
// were real inversions. Precision first.
//
// # What is not reported
//
//   - Two locks of the same class (a.mu then b.mu, both Accounts). The
//     transfer between two accounts is the textbook AB-BA deadlock, but
//     code that locks two values of one type nearly always orders them by
//     an invariant the analysis cannot see (a parent before its child, the
//     lower ID first); reporting every such pair would bury the real
//     inversions. Unless the package breaks the invariant itself: a
//     function that locks the same lock of two of its parameters, in the
//     order of its arguments (and never swaps them), called with two
//     variables both ways round, at least once on a goroutine of its own,
//     is reported at its second lock ("from.mu is locked at a.go:2 and
//     to.mu at a.go:4: the same lock of two of a.Transfer's parameters,
//     in the order of its arguments, and the package passes them both
//     ways round (Transfer(a, b, 10) at a.go:12, Transfer(b, a, 5) at
//     a.go:13), one on a goroutine of its own: ..."). One call does it
//     too when its two arguments are the values of two nested range
//     loops over the same collection and it runs on a goroutine of its
//     own (for _, a := range shards { for _, b := range shards { go
//     Move(a, b) } }): it runs for every ordered pair, both ways round.
//   - A cycle whose locks are held in every edge under one more lock: that
//     lock serializes the two orders.
//   - A cycle in which a lock is read-locked on both of its sides, when
//     the package never write-locks it: readers do not exclude each
//     other. When the package does write-lock it, the cycle is reported
//     and the message names that writer: sync.RWMutex lets no new reader
//     in while a writer waits, so a writer that waits for the first read
//     lock makes the second wait too, and the three goroutines wait for
//     each other ("...; (*membership).Join write-locks m.mu at a.go:40: a
//     writer that waits for the first read lock makes the second wait
//     for it"). A writer in another package is not seen, nor one on an
//     object its function has just made (a constructor), and the second
//     read lock must be taken by the edge's function or its callee: down
//     a longer chain of calls, the three goroutines' meeting is too
//     unlikely to report.
//   - TryLock: it never waits. A callee that releases the caller's lock
//     before taking the other does not hold both.
//   - A lock held on some paths only (the first lock must be held on
//     every path to the second), locks reached through an index or a map
//     (but for the elements of a field, above), a call or an alias,
//     calls through function values other than those the package stores
//     in a field, queues to a worker (above) or passes to a function that
//     calls it (a literal, or a function by name, method expression or
//     method value:
//     r.Select((*Job).Running) orders r.mu before the jobs' locks when
//     Select calls its argument holding r.mu), and through
//     interfaces the package does not implement in one to three types,
//     go statements (another goroutine), and the standard library's
//     internal locks. A deferred call runs at exit holding only the
//     locks whose deferred release was registered before it (defer
//     t.mu.Unlock(); defer func() { t.log.mu.Lock() ... }() orders t.mu
//     before t.log.mu; the other way round it orders nothing).
//   - Two orders seen only in two packages neither of which imports the
//     other: the cycle is reported in a package that sees one of its
//     edges in its own code. The standard library's edges reach only the
//     packages that import them directly (carried further, they cost a
//     quarter of the suite's time on std, and its locks are not a
//     caller's to order).
//   - A lock a callee takes only under a condition on a bool parameter
//     (func recalc(s *stream, needLock bool) { if needLock { s.mu.RLock()
//     ... } }): the caller says whether it holds the lock already, as
//     doublelock also assumes. Likewise a lock taken only when a
//     parameter compares to a constant as an if says, at a call
//     passing a constant that fails it (do(path) checks the version
//     unless path is "/version"), or a parameter compares to nil: a call
//     passing nil, or a value that cannot be nil, where the if needs the
//     other, does not take it, and neither does the default-argument
//     idiom's call (post(key) locks through c.accountID() only when key
//     is nil and c.Key is not, as if key == nil { if c.Key == nil {
//     return err }; key = c.Key; ... } says; post(c.Key) passes nil only
//     when c.Key is nil). Such a condition is followed through a caller
//     that hands its own parameter on.
//   - The lock of an object the function has just allocated (c :=
//     &conn{} or new(conn)), taken first, while nothing else can reach
//     the object yet: up to the second lock, c is only locked, unlocked,
//     and has fields set or read, in the function itself (not passed to
//     a call, stored, or captured by a literal). No other goroutine can
//     hold that lock: a pool that locks the conn it builds and then its
//     own lock to add it makes no edge. The same holds when that lock is
//     taken second (NewClient holds the config's lock and sets up the
//     client it builds through the client's locked AddHeader), with uses
//     in a loop around the acquisition counted as before it. A call of
//     a method of the package that keeps its receiver to itself (only
//     its fields are read, set, locked or unlocked, and it calls only
//     such methods on it) does not hand the object over; a go statement
//     does. What a package function returns counts as allocated when
//     every return gives nil, an allocation, or such a kept object
//     (nc, err := NewClient(cfg) under the config's lock, then
//     nc.SetToken(t)). Storing the object in a field, map or slice of
//     another object whose lock is held there and still held at the
//     acquisition (m.renewal[k] = r under m.renewalMu, then r.start())
//     does not hand it over either: in a program without data races,
//     whoever finds it there takes that lock first. A method whose first
//     statement locks its receiver (func (r *renewal) start() {
//     r.timerMu.Lock(); ... }) takes that lock before it does anything
//     else with the object.
//   - A lock a constructor takes on the object it builds, before it
//     registers the object's callback (p := &parts{}; p.Lock();
//     nc.SetHandler(p.changed); ...; p.Unlock()), against the
//     callback's own order: changed runs on that object only once the
//     constructor took the lock, so the two orders never meet on one
//     object. It holds when the method is reached only through method
//     values made from that object in the constructor, after the lock
//     on every path, with the lock in no loop, and nothing calls it
//     directly, uses it as a method expression or may reach it through
//     an interface (chanflow's BoundAfter).
//   - Two orders that cannot run at the same time because one waits for
//     the end of the loop that runs the other: a Close that receives
//     from s.recvDone, which only the receive loop closes (in a deferred
//     close) and nobody sends on, and then takes the locks in one order,
//     against the loop's frame handlers, which take them in the other,
//     when every chain of calls to the handlers goes through the loop
//     (tables of handlers included: handlers[t](s, hdr)). A handler an
//     exported method, another goroutine or a callback value can also
//     run still counts. Every site of each of the two pairs must be so.
//   - A lock taken more than four calls down: the deeper the chain, the
//     likelier a condition along it (a value already initialized, a state
//     checked before locking) keeps the lock from being taken.
//
// And some reports are wrong, where the program keeps an invariant that
// makes the two orders exclusive: in crypto/tls, Read holds the input
// lock and takes the handshake lock to renegotiate, while Handshake
// holds the handshake lock and takes the input lock; but Handshake takes
// the input lock only before the handshake completes, and renegotiation
// happens only after.
//
// # Suppressing
//
// When the two orders can never run at the same time (one runs only
// during initialization, before any other goroutine starts), say so:
//
//	//lint:ignore lockorder Audit runs only from init, before the server starts
package lockorder
