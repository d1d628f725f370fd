package runtime

import (
	"context"
	"fmt"
	"sync"
)

// sema is a weighted FIFO semaphore whose waiters suspend; Mutex, RWMutex
// and Semaphore are built on it. size is passed by the caller so that the
// zero value is usable. A waiter's waitNode holds the units it wants.
type sema struct {
	mu  sync.Mutex
	cur int64
	q   waitList
}

func (s *sema) tryAcquire(n, size int64) bool {
	s.mu.Lock()
	ok := s.q.head == nil && size-s.cur >= n
	if ok {
		s.cur += n
	}
	s.mu.Unlock()
	return ok
}

func (s *sema) acquire(ctx context.Context, n, size int64) error {
	s.mu.Lock()
	// A context that has ended fails even if the units are free.
	if err := ctx.Err(); err != nil {
		s.mu.Unlock()
		return err
	}
	if s.q.head == nil && size-s.cur >= n {
		s.cur += n
		s.mu.Unlock()
		return nil
	}
	w, slot := parkNode(ctx)
	w.n = n
	s.q.push(w)
	s.mu.Unlock()
	w.p.release(slot)

	if w.p.wait(ctx) {
		return nil
	}
	var ws *waitNode
	s.mu.Lock()
	if w.in {
		front := s.q.head == w
		s.q.remove(w)
		if front && size > s.cur {
			ws = s.grantLocked(size)
		}
	}
	s.mu.Unlock()
	wakeClaimed(ws, nil)
	return w.p.unpark(ctx)
}

func (s *sema) release(n, size int64, what string) {
	s.mu.Lock()
	if n > s.cur {
		s.mu.Unlock()
		panic(what)
	}
	s.cur -= n
	ws := s.grantLocked(size)
	s.mu.Unlock()
	wakeClaimed(ws, nil)
}

// grantLocked grants waiters from the front of the queue while they fit,
// and returns them claimed, to be woken by wakeClaimed once s.mu is
// released.
func (s *sema) grantLocked(size int64) *waitNode {
	var first, last *waitNode
	for w := s.q.head; w != nil; w = s.q.head {
		if size-s.cur < w.n {
			if w.p.state() == wsCancelled {
				s.q.remove(w) // gave up: it must not hold back the others
				continue
			}
			break // FIFO: later waiters wait behind the first
		}
		s.q.remove(w)
		if !w.p.claim() {
			continue // gave up
		}
		s.cur += w.n
		if last == nil {
			first = w
		} else {
			last.next = w
		}
		last = w
	}
	return first
}

// A Mutex is a mutual exclusion lock whose Lock suspends the calling task
// instead of blocking its worker slot. The zero value is unlocked. A Mutex
// is not tied to a task: one task may lock it and another unlock it.
// Waiters get the lock in FIFO order. A Mutex must not be copied after
// first use.
type Mutex struct {
	s sema
}

// Lock locks m, suspending the calling task while it waits. If ctx ends
// first, or has already ended, it returns ctx.Err() and the lock is not
// held. Lock is a suspension point when it has to wait.
func (m *Mutex) Lock(ctx context.Context) error { return m.s.acquire(ctx, 1, 1) }

// TryLock locks m if it is free and nobody waits for it, and reports
// whether it did.
func (m *Mutex) TryLock() bool { return m.s.tryAcquire(1, 1) }

// Unlock unlocks m. It panics if m is not locked.
func (m *Mutex) Unlock() { m.s.release(1, 1, "runtime: unlock of unlocked Mutex") }

const rwMax = 1 << 40

// An RWMutex is a reader/writer lock whose waits suspend the calling task.
// The zero value is unlocked. Waiters are served in FIFO order, so a
// waiting writer holds back readers that come after it. An RWMutex must
// not be copied after first use.
type RWMutex struct {
	s sema
}

// Lock locks m for writing; see Mutex.Lock.
func (m *RWMutex) Lock(ctx context.Context) error { return m.s.acquire(ctx, rwMax, rwMax) }

// TryLock locks m for writing if it is free and nobody waits.
func (m *RWMutex) TryLock() bool { return m.s.tryAcquire(rwMax, rwMax) }

// Unlock unlocks m for writing. It panics if m is not locked for writing.
func (m *RWMutex) Unlock() {
	m.s.mu.Lock()
	if m.s.cur != rwMax {
		m.s.mu.Unlock()
		panic("runtime: Unlock of unlocked RWMutex")
	}
	m.s.cur = 0
	ws := m.s.grantLocked(rwMax)
	m.s.mu.Unlock()
	wakeClaimed(ws, nil)
}

// RLock locks m for reading; see Mutex.Lock.
func (m *RWMutex) RLock(ctx context.Context) error { return m.s.acquire(ctx, 1, rwMax) }

// TryRLock locks m for reading if no writer holds it or waits for it.
func (m *RWMutex) TryRLock() bool { return m.s.tryAcquire(1, rwMax) }

// RUnlock undoes one RLock. It panics if m is not locked for reading.
func (m *RWMutex) RUnlock() {
	m.s.mu.Lock()
	if m.s.cur == 0 || m.s.cur == rwMax {
		m.s.mu.Unlock()
		panic("runtime: RUnlock of unlocked RWMutex")
	}
	m.s.cur--
	ws := m.s.grantLocked(rwMax)
	m.s.mu.Unlock()
	wakeClaimed(ws, nil)
}

// A Semaphore is a weighted semaphore whose Acquire suspends the calling
// task. Waiters are served in FIFO order. Create one with NewSemaphore:
// the zero value has no units.
type Semaphore struct {
	size int64
	s    sema
}

// NewSemaphore returns a semaphore of n units. It panics if n < 0.
func NewSemaphore(n int64) *Semaphore {
	if n < 0 {
		panic(fmt.Sprintf("runtime: NewSemaphore(%d): negative size", n))
	}
	return &Semaphore{size: n}
}

func (s *Semaphore) check(n int64, op string) {
	if n < 0 {
		panic(fmt.Sprintf("runtime: Semaphore.%s(%d): negative weight", op, n))
	}
	if op == "Acquire" && n > s.size {
		panic(fmt.Sprintf("runtime: Semaphore.Acquire(%d): more than the semaphore's size %d, would never succeed", n, s.size))
	}
}

// Acquire takes n units, suspending the calling task until they are
// available. If ctx ends first it returns ctx.Err() and takes nothing. It
// panics if n < 0 or n exceeds the semaphore's size. Acquire is a
// suspension point when it has to wait.
func (s *Semaphore) Acquire(ctx context.Context, n int64) error {
	s.check(n, "Acquire")
	return s.s.acquire(ctx, n, s.size)
}

// TryAcquire takes n units if they are available and nobody waits, and
// reports whether it did. It panics if n < 0.
func (s *Semaphore) TryAcquire(n int64) bool {
	s.check(n, "TryAcquire")
	return s.s.tryAcquire(n, s.size)
}

// Release gives back n units. It panics if n < 0 or more units would be
// released than are held.
func (s *Semaphore) Release(n int64) {
	s.check(n, "Release")
	s.s.release(n, s.size, "runtime: Semaphore released more than held")
}
