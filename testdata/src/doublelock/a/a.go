// Package a holds double locks, local and through calls, and the correct
// look-alikes that must stay silent.
package a

import (
	"fmt"
	"log"
	"sync"
)

type Store struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
	in Inner
}

type Inner struct{ mu sync.Mutex }

// Direct: Lock, then Lock.

func (s *Store) Direct() {
	s.mu.Lock()
	s.n++
	s.mu.Lock() // want `s.mu is locked at a.go:23 and locked again at a.go:25; sync.Mutex is not reentrant`
	s.mu.Unlock()
}

func (s *Store) Get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Sibling: a method calls a sibling that locks the same receiver.
func (s *Store) Inc() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = s.Get() + 1 // want `s.mu is locked at a.go:37 and locked again at a.go:39 by calling s.Get, which locks s.mu at a.go:30`
}

func (s *Store) load() int { return s.Get() }

// Deeper: two calls down.
func (s *Store) Deeper() {
	s.mu.Lock()
	s.n = s.load() // want `by calling s.load, which calls s.Get at a.go:42, which locks s.mu at a.go:30`
	s.mu.Unlock()
}

// Param: the callee locks its parameter's field.
func bump(st *Store) { st.mu.Lock(); st.n++; st.mu.Unlock() }

func (s *Store) Param() {
	s.mu.Lock()
	bump(s) // want `s.mu is locked at a.go:55 and locked again at a.go:56 by calling bump, which locks st.mu at a.go:52`
	s.mu.Unlock()
}

// Recursive read lock.
func (s *Store) Len() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.n
}

func (s *Store) Report() string {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return fmt.Sprint(s.Len()) // want `s.rw is read-locked at a.go:68 and read-locked again at a.go:70 by calling s.Len, which read-locks s.rw at a.go:62; a recursive read lock deadlocks once a writer waits`
}

// Upgrade: Lock while read-holding.
func (s *Store) Upgrade() {
	s.rw.RLock()
	if s.n == 0 {
		s.rw.Lock() // want `s.rw is read-locked at a.go:75 and locked at a.go:77; a goroutine holding the read lock cannot take the write lock`
		s.n = 1
		s.rw.Unlock()
	}
	s.rw.RUnlock()
}

// RLock while write-holding, through a call.
func (s *Store) Reset() {
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.Len() > 0 { // want `s.rw is locked at a.go:86 and read-locked at a.go:88 by calling s.Len, which read-locks s.rw at a.go:62`
		s.n = 0
	}
}

// Stringer: fmt calls String, which locks.
type State struct {
	mu   sync.Mutex
	name string
}

func (st *State) String() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.name
}

func (st *State) Rename(name string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	log.Printf("renaming %v", st) // want `st.mu is locked at a.go:106 and locked again at a.go:108 by calling log.Printf, which calls \(\*State\).String on st, which locks st.mu at a.go:100`
	st.name = name
}

// Interface: the only implementation in the package locks the argument.
type Visitor interface{ Visit(s *Store) }

type counter struct{}

func (counter) Visit(s *Store) { s.Inc() }

func (s *Store) Walk(v Visitor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v.Visit(s) // want `by calling v.Visit \(implemented by \(counter\).Visit\), which calls s.Inc at a.go:117, which locks s.mu at a.go:37`
}

// Closure called while the lock is held.
func (s *Store) Closure() {
	get := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.n
	}
	s.mu.Lock()
	s.n = get() // want `s.mu is locked at a.go:132 and locked again at a.go:133 by calling get, which locks s.mu at a.go:128`
	s.mu.Unlock()
}

// Embedded field path.
func (in *Inner) Lock()   { in.mu.Lock() }
func (in *Inner) Unlock() { in.mu.Unlock() }

func (s *Store) Embedded() {
	s.in.mu.Lock()
	s.in.Lock() // want `s.in.mu is locked at a.go:142 and locked again at a.go:143 by calling s.in.Lock, which locks in.mu at a.go:138`
	s.in.Unlock()
	s.in.mu.Unlock()
}

// ---- Silent look-alikes ----

// Unlock, then relock.
func (s *Store) Relock() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// A callee that releases the caller's lock and takes it back.
func (s *Store) callOut() {
	s.mu.Unlock()
	fmt.Println("outside the lock")
	s.mu.Lock()
}

func (s *Store) CallOut() {
	s.mu.Lock()
	s.callOut()
	s.mu.Unlock()
}

// The locked-flag idiom.
func (s *Store) get(locked bool) int {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.n
}

func (s *Store) Flag() {
	s.mu.Lock()
	s.n = s.get(true)
	s.mu.Unlock()
}

// Held on one path only.
func (s *Store) OnePath(c bool) {
	if c {
		s.mu.Lock()
	}
	s.mu.Lock()
	s.mu.Unlock()
}

// TryLock never waits.
func (s *Store) Try() {
	s.mu.Lock()
	if s.mu.TryLock() {
		panic("unreachable")
	}
	s.mu.Unlock()
}

// Two instances of the same type.
func Transfer(a, b *Store) {
	a.mu.Lock()
	b.mu.Lock()
	a.n, b.n = b.n, a.n
	b.mu.Unlock()
	a.mu.Unlock()
}

// A different lock of the same receiver.
func (s *Store) Other() {
	s.mu.Lock()
	_ = s.Len()
	s.mu.Unlock()
}

// RLock in separate goroutines.
func (s *Store) Parallel() {
	s.rw.RLock()
	defer s.rw.RUnlock()
	go func() { _ = s.Len() }()
}

// A goroutine started under the lock: not the same goroutine.
func (s *Store) Spawn() {
	s.mu.Lock()
	go s.Inc()
	s.mu.Unlock()
}

// Formatting a value whose String method has a value receiver that does
// not lock, and a pointer-receiver String the value does not have.
type Plain struct{ v int }

func (p Plain) String() string { return fmt.Sprint(p.v) }

func (st *State) Formats(p Plain) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return fmt.Sprintf("%v %s %v", p, st.name, *st)
}

// An interface with two implementations, only one of which locks.
type Hook interface{ Run(s *Store) }

type lockingHook struct{}

func (lockingHook) Run(s *Store) { s.Inc() }

type quietHook struct{}

func (quietHook) Run(s *Store) {}

func (s *Store) RunHook(h Hook) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h.Run(s)
}

// A sync.Locker may be an RLocker, whose Lock read-locks (std's own
// RWMutex tests lock one twice on purpose): not known to deadlock.
func Locker(rw *sync.RWMutex) {
	rl := rw.RLocker()
	rl.Lock()
	rl.Lock()
	rl.Unlock()
	rl.Unlock()
}

// Hand-over-hand: n names another node after the assignment.
type node struct {
	mu   sync.Mutex
	next *node
}

func Walk(n *node) {
	n.mu.Lock()
	for n.next != nil {
		next := n.next
		next.mu.Lock()
		n.mu.Unlock()
		n = next
	}
	n.mu.Unlock()
}

func Step(n *node) {
	n.mu.Lock()
	prev := n
	n = n.next
	n.mu.Lock()
	prev.mu.Unlock()
	n.mu.Unlock()
}

// A named basic type whose String locks a package variable.
type Level int

var levelMu sync.Mutex

func (l Level) String() string {
	levelMu.Lock()
	defer levelMu.Unlock()
	return fmt.Sprint(int(l))
}

func SetLevel(l Level) {
	levelMu.Lock()
	defer levelMu.Unlock()
	log.Printf("level %v", l) // want `levelMu is locked at a.go:313 and locked again at a.go:315 by calling log.Printf, which calls \(Level\).String on l, which locks levelMu at a.go:307`
}

// The callee locks another node of the tree.
type tree struct {
	mu     sync.Mutex
	parent *tree
	n      int
}

func (t *tree) root() *tree {
	for t.parent != nil {
		t = t.parent
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t
}

func (t *tree) Attach() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n = t.root().n
}

// Generic types: the same rules.
type Map[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (m *Map[K, V]) Get(k K) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[k]
}

func (m *Map[K, V]) Swap(k K, v V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.Get(k) // want `m.mu is locked at a.go:353 and locked again at a.go:355 by calling m.Get, which locks m.mu at a.go:347`
	m.m[k] = v
	return old
}

func Use(m *Map[string, int]) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.Get("x") // want `m.mu is locked at a.go:361 and locked again at a.go:363 by calling m.Get`
}
