// Package doublelock defines an Analyzer that reports a sync lock taken
// again by the goroutine that already holds it.
//
// # Analyzer doublelock
//
// doublelock: report a sync.Mutex or RWMutex locked again while held, or a sync.Once entered again from its own function, directly or through calls
//
// Go's locks are not reentrant. A goroutine that holds a sync.Mutex and
// calls Lock on it again blocks on the lock it holds: forever, unless
// another goroutine unlocks it (which sync.Mutex allows, and which is
// almost never the design); so does one that holds an RWMutex's write
// lock and asks for the read lock, or holds the read lock and asks for
// the write lock. A recursive read lock (RLock
// while the same goroutine read-holds the lock) works until a writer
// calls Lock between the two: RLock then waits for the writer, which
// waits for the first read lock. The Go bug studies find this mistake
// among the most common blocking bugs, nearly always through a call: a
// method calls a sibling method that locks the same receiver, a callback
// or an interface method comes back into the locked type, or fmt calls
// the String method of a value whose String locks.
//
//	// WRONG
//	func (s *Store) Inc() {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.n = s.Get() + 1 // "s.mu is locked at store.go:12 and locked again at store.go:14 by calling s.Get, which locks s.mu at store.go:20; sync.Mutex is not reentrant: this goroutine blocks on the lock it holds, until another goroutine unlocks it"
//	}
//
//	func (s *Store) Get() int {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		return s.n
//	}
//
//	// RIGHT: an unexported helper that expects the lock held
//	func (s *Store) Inc() {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.n = s.getLocked() + 1
//	}
//
//	func (s *Store) getLocked() int { return s.n } // s.mu must be held
//
// A local variable made by a composite literal that sets a pointer
// field (sc := &subConn{listener: b}), and assigned no other value or
// field value in its function, has that field: sc.listener.mu is b.mu,
// through an interface field too, so that making a child under b.mu and
// letting it call back (sc.updateState(1), which calls
// sc.listener.updateSubConnState, which locks b.mu) is reported.
//
// A field that holds a pointer to a lock is the lock it points at, when
// every store of the package to it is in a composite literal that also
// sets another field to the lock's owner: a channel made as
// &muxChan{mux: m, mu: &m.mu} locks c.mu, which is c.mux.mu, so a mux
// that resets its channels holding m.mu locks m.mu again (and through
// the back-pointer below, c.mux is m for a channel of m.chans).
//
// A child reached from its owner's field that points back at the owner
// is the owner: when every store of the package to the child's
// back-pointer (z.topo = t, &Zone{topo: t}) goes with a store of that
// child into the owner's field (t.zones[k] = z, t.zones = append(t.zones,
// z), t.primary = z, or a map keyed by the children, t.zones[z] = v) in
// the same function, and the other way round (a store that only cuts
// the list down, t.zones = append(t.zones[:i], t.zones[i+1:]...), adds
// no child), both fields unexported, a z taken from t.zones (z :=
// t.zones[k], for _, z := range t.zones, or for z := range t.zones of a
// map keyed by them) or t.primary has z.topo == t, and z.topo.mu is t.mu
// (a pool whose CloseIdle, holding the pool's lock, closes an idle
// connection, which leaves its pool under that lock). The back-pointer
// may be of an interface type (a stream's owner, a streamOwner that the
// pool implements) when every store to it stores the owner's type; and
// a call through an unexported interface field runs only the methods of
// the types the package stores in it, whatever else implements the
// interface (a test's fake owner). The children may be kept as values
// of an interface (a hub's map[subscriber]bool) when the one type of
// the package that implements it and stores into the field points back:
//
//	t.mu.RLock()
//	defer t.mu.RUnlock()
//	for _, z := range t.zones {
//		out = append(out, z.summary()) // "t.mu is read-locked at a.go:30 and read-locked again at a.go:33 by calling z.summary, which calls z.hosts at a.go:50, which calls z.topo.healthy at a.go:61, which read-locks t.mu at a.go:20; ..."
//	}
//
// A function stored in a map or slice field runs when called through it
// (p.inits[name](), or f() for each f of p.inits); when a closure the
// package stores into that field of an object locks the same object
// (p.inits[name] = func() { once.Do(func() { p.markLoaded(name) }) }),
// or one a helper of the package returns (t.releases = append(
// t.releases, t.releaser(id)), where releaser returns a literal that
// locks t.mu), or a method value of it (a command table, s.cmds =
// map[string]func(){"drain": s.drain}), the call locks it.
// sync.Once.Do(f) runs f on the calling goroutine.
// A method value bound to the object it is stored in (c.loader =
// c.slowLoad) is a call of that method on the object: c.loader(k) under
// c.mu.RLock() read-locks c.mu again when slowLoad does, and a method
// that releases the lock before it takes it back (tls's handshake,
// which unlocks while it waits for input) does not lock twice. So is a
// method value held in a local variable that neither it nor its
// receiver's variable is assigned again (step := m.Inc; m.mu.Lock();
// step() locks m.mu twice). The same holds for a method value the
// owner gives its child: an LRU list built with c.order =
// &lruList{onEvict: c.evicted} (or given it by c.order.onEvict =
// c.evicted) whose push calls l.onEvict calls c.evicted on c, so
// c.order.push(k) under c.mu locks c.mu again when evicted does ("by
// calling c.order.push, which calls l.onEvict, the method value
// (*lruCache).evicted stored at cache.go:36, which locks c.mu at ...").
// A method value of another object (next.evicted) is that object's.
// And a method value of a sibling: a channel that makes its policy with
// ch.policy = &lbPolicy{onUpdate: ch.picker.updateState} runs
// ch.picker.updateState when it calls ch.policy.onUpdate, and when the
// picker's ch field points back at the channel, what the picker locks
// on p.ch is the channel's lock. And a method value handed to the
// constructor of the object that calls it: h.queue = newTicketQueue(8,
// h.ticketDropped), where the constructor stores its parameter in
// q.onDrop, makes q.onDrop(d) run h.ticketDropped, and what that locks
// below h.queue (h.queue.depth() locks q.mu) is the queue's own lock,
// when h.queue is stored nowhere else.
//
// The body of a range over a function runs as the iterator's yield,
// while the iterator holds what it holds at its calls of yield: an All
// that returns a literal read-locking t.mu around its yields makes
// for s := range t.All() { t.remove(s.id) } take the write lock inside
// the read lock ("t.mu is read-locked by the iterator t.All at a.go:24
// and locked at a.go:43 by calling t.remove, ..."). The iterator must be
// a call of a function of the package that returns one literal.
//
// The standard library's functions that call the methods of their
// argument in place (container/heap's Init, Push, Pop, Remove and Fix
// call Len, Less, Swap, Push and Pop; sort.Sort, Stable and IsSorted
// call Len, Less and Swap), taught once in passes/model, take what those
// methods take on the argument: a delay queue that is its own heap, with
// a Len that locks q.mu, locks it again when heap.Push(q, x) runs under
// q.mu ("by calling heap.Push, which calls (*delayQueue).Len on q, which
// locks q.mu at ...").
//
// A function literal passed to a package function that calls it (not
// with go) runs during the call, so its locks are the call's: a caller
// holding r.mu that passes r.forEach a literal calling r.Seen locks r.mu
// again, and so does a literal passed to a helper that calls it holding
// the lock itself:
//
//	func (r *Roster) locked(f func()) {
//		r.mu.Lock()
//		defer r.mu.Unlock()
//		f()
//	}
//
//	r.locked(func() { // "r.mu is locked by r.locked at a.go:15 and locked again at a.go:34 by calling r.locked(func literal), which calls r.Seen at a.go:35, which locks r.mu at a.go:27; ..."
//		if r.Seen(name) == 0 { ... }
//	})
//
// The same holds for a method value of the receiver: t.locked(t.bump),
// where bump locks t.mu, locks it twice (another table's other.bump
// locks its own). A method value is also followed into the function
// literals the callee makes and calls it from with the lock held (a
// decorator), and through a function type of the package whose method
// calls its receiver (an adapter in the style of http.HandlerFunc):
//
//	func (s *Server) counted(next Handler) Handler {
//		return HandlerFunc(func(r *Request) string {
//			s.mu.Lock()
//			defer s.mu.Unlock()
//			return next.Serve(r)
//		})
//	}
//
//	s.h = s.counted(HandlerFunc(s.stats)) // "s.mu is locked by a func literal of s.counted at a.go:12 and locked again at a.go:20 by calling s.counted(HandlerFunc(s.stats)), which locks s.mu at ..."
//
// A function that defers a handler calling recover expects a panic from
// code it does not know (a call through an interface or a function
// value). A lock it holds across such a call without a deferred release
// is still held when the handler runs, and a handler that takes it again
// waits for itself:
//
//	defer func() {
//		if p := recover(); p != nil {
//			r.noteFailure(j.Name(), p) // locks r.mu
//		}
//	}()
//	r.mu.Lock()
//	j.Apply(r.state) // "r.mu is locked at a.go:8 and still held if j.Apply panics at a.go:9: the deferred handler at a.go:3 recovers and locks it again by calling ..."
//	r.mu.Unlock()
//
// A helper that takes a sync.Locker locks what its caller passes:
// inSection(&t.mu, f) holds t.mu while f runs, and
// inSection(t.mu.RLocker(), f) holds its read lock, so a section that
// calls a method doing the same on t.mu locks it again.
//
// A deferred call runs at the function's exit, before the deferred
// unlocks registered ahead of it: defer r.mu.Unlock(); defer func() {
// r.Seen(k) }() locks r.mu again.
//
// A sync.Cond's L counts as the lock the package binds it to:
//
//	s.cond = sync.NewCond(s.mu.RLocker())
//	...
//	s.cond.L.Lock() // read-locks s.mu
//	defer s.cond.L.Unlock()
//	v := s.lookup(k) // "s.mu is read-locked by s.cond.L (s.mu.RLocker()) at a.go:20 and read-locked again at a.go:22 by calling s.lookup, which read-locks s.mu at a.go:40; ..."
//
// Formatting counts: fmt.Sprintf("%v", s), fmt.Errorf, log.Printf and
// t.Logf call the Error or String method of their arguments, so
//
//	s.mu.Lock()
//	log.Printf("state: %v", s) // "s.mu is locked at a.go:9 and locked again at a.go:10 by calling log.Printf, which calls (*State).String on s, which locks s.mu at a.go:20; ..."
//
// deadlocks when (*State).String locks s.mu. So does a printf wrapper of
// the package, a function that hands its args ...any on whole to one of
// those (c.logf("removed %x from %s", id, c), where logf calls
// fmt.Sprintf(format, args...)), or to another such wrapper.
//
// A sync.Once is a lock while its function first runs: Do holds it
// until the function returns, and a Do on the same Once meanwhile waits
// for that. A function of Once.Do that comes back, through any chain of
// calls, to a Do on the same Once waits for itself:
//
//	func (s *Site) init() {
//		s.initOnce.Do(func() { // "s.initOnce.Do at a.go:12 runs a function that calls s.initOnce.Do again: it calls s.build at a.go:13, which calls s.Pages at a.go:20, which calls s.init at a.go:30, which calls s.initOnce.Do at a.go:12; the inner Do waits for the outer one to return, which waits for it: a deadlock"
//			s.build()
//		})
//	}
//
//	func (s *Site) Pages() []*Page { s.init(); return s.pages }
//
// The same with a method value: p.once.Do(p.load) runs load on p. The
// Once is identified as a lock is: n.once.Do(func() { n.parent.Path()
// }), whose Path calls Do on n.parent.once, is another Once.
//
// The lock is identified by its path from the receiver, a parameter or a
// package variable (s.mu, s.inner.mu, pkg.mu), so the second lock may be
// any number of calls away, in this package or another: each function
// exports the locks it may take, named relative to its receiver and
// parameters, and each call maps them onto its own arguments.
//
// A deferred Lock right after the Lock of the same lock (mu.Lock();
// defer mu.Lock()), meant as the deferred Unlock: the function locks
// again when it returns, while it still holds the lock:
//
//	r.mu.Lock()
//	defer r.mu.Lock() // "r.mu is locked at a.go:12 and this deferred call locks it again when Set returns, while it is still held: the deferred release was meant; defer r.mu.Unlock()"
//
// # What is not reported
//
//   - A lock held on some paths only: the first lock must be held on
//     every path to the second (lockset's must analysis). The second may
//     be taken on some path of the callee only: the callee is called, and
//     that path is one it may take.
//   - A callee that releases the lock first and takes it again (the
//     "unlock, call out, relock" pattern): it does not take it twice.
//   - A lock the callee takes only under an if on one of its bool
//     parameters (func (s *S) get(locked bool) { if !locked { s.mu.Lock()
//     ... } }): the flag says whether the caller holds it.
//   - A lock the callee takes only when a parameter compares to a
//     constant as an if says, called with a constant that fails it
//     (do checks the server's version unless path is "/version"; the
//     version check calls do("GET", "/version")), or compares to nil,
//     called with nil or a value that cannot be nil where the if needs
//     the other. The default-argument idiom too: post(key) signs with
//     c.Key and asks c.accountID(), which locks c.kidMu, only when key
//     is nil (if key == nil { if c.Key == nil { return err }; key =
//     c.Key; kid = c.accountID() }); accountID's lookup, holding c.kidMu,
//     calls post(c.Key), which passes nil only when c.Key is nil, and
//     then post returns before the lock. A caller that hands its own
//     parameter on (post(key) calling postOnce(key)) keeps the
//     condition.
//   - A recursive read lock in a test (func TestX(t *testing.T)) that
//     does not call t.Parallel, when no goroutine of the test's world
//     may write-lock that lock, and each runs a function of the
//     package: the test runs alone among the package's tests, and
//     beside it run only the goroutines it starts, itself or through
//     the functions it calls (go statements and the callbacks handed to
//     spawning functions), and those the package's init functions and
//     TestMain start, with the goroutines they start in turn. So no
//     writer can come between its two read locks. A test that
//     read-locks a logger's writer, so that no other test swaps it
//     meanwhile, and then logs is not reported; the same test with a
//     rotating goroutine it starts, or that init starts, is. A
//     goroutine another test leaves running is that test's leak, for
//     taskleak, not this test's writer.
//   - A lock taken only to set lazily a field of a package variable
//     that was found nil (w := writer.Load(); if w == nil { w =
//     writer.StoreIfNil(newConsoleWriter()) }), in such a test that set
//     the field itself before, with a new object, through a method of
//     the package that stores its argument there (writer.Swap(w), w :=
//     new(mockWriter)), and stores nothing else there before the call:
//     the field is set, nothing in the test's world may set it again,
//     and the lock is not taken. The same test that restores an old
//     value first, or sets none, is reported.
//   - TryLock and TryRLock, which never wait; and locks taken through a
//     sync.Locker, which may be an RWMutex's RLocker (whose Lock
//     read-locks) or anything else, unless it is the L of a sync.Cond the
//     package binds to one lock in one way only (s.cond =
//     sync.NewCond(s.mu.RLocker()) in every assignment of an unexported
//     field: s.cond.L.Lock() read-locks s.mu; sync.NewCond(&s.mu): it
//     locks s.mu), or a local variable the file assigns once (rl :=
//     s.mu.RLocker(); rl.Lock() read-locks s.mu).
//   - A lock released by a func value its helper returned: defer
//     c.locked()() with locked returning c.mu.Unlock, or unlock :=
//     unlockOnce(&s.mu) ... unlock(), a literal that calls once.Do(l.Unlock).
//   - A lock whose Unlock the function hands out as a method value
//     (n.started = ready.Unlock, time.AfterFunc(d, mu.Unlock)): whoever
//     calls it may be another goroutine (a mutex used as a start signal:
//     ready.Lock(); go serve(n); ready.Lock()).
//   - A variable assigned between the two (n.mu.Lock(); n = n.next;
//     n.mu.Lock() walks a list hand over hand): it names another lock.
//   - Two values of the same type (a.mu and b.mu): different paths are
//     different locks. A lock reached through an index, a map, a call or
//     a pointer to it (mu := &s.mu) is a lock of its own (but a local
//     variable assigned another, cur := n, reaches n's locks), and a lock held by
//     another goroutine (go statements, locks handed to a goroutine: a
//     Start that locks mu and starts a goroutine whose deferred unlock
//     lets it go) is not held here. A back-pointer is followed where the package proves
//     it (above); a child of another owner (for _, z := range o.zones,
//     while t.mu is held) points at that owner.
//   - Calls through function values, but for the functions stored in a
//     field, or in a map or slice field, of the very object that a
//     stored closure locks, and literals passed to a function that calls
//     them (above); and calls through interfaces declared
//     in another package or with more than three implementations in the
//     package. A call through an interface of the package counts only
//     the locks every one of its one to three implementations takes;
//     implementations of the interface the call is made on, not of the
//     one that declares the method (a.Count on an Auditor that embeds
//     Counter runs no Counter that cannot Audit).
//   - The standard library's own locks: its bodies are described by the
//     model, not analysed for callers.
//
// # Suppressing
//
// When a report is wrong (the two paths are not the same lock, because of
// an invariant the analysis cannot see), say why:
//
//	//lint:ignore doublelock s and parent are distinct nodes: the tree has no cycles
package doublelock
