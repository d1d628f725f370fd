// Package rt holds sync locks across the runtime's suspension points.
package rt

import (
	"context"
	"sync"
	"time"

	"fixtures/lockawait/lib"
	"fixtures/lockawait/remote"

	"github.com/asynclint/asynclint/runtime"
)

type Store struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	rmu   runtime.Mutex
	cache map[string]int
	ch    *runtime.Chan[int]
	sem   *runtime.Semaphore
}

func (s *Store) Direct(ctx context.Context, t *runtime.Task[int]) {
	s.mu.Lock()
	v, _ := t.Await(ctx) // want `sync lock s\.mu \(locked at rt\.go:25\) is held across a suspension point: \(\*runtime\.Task\)\.Await \(rt\.go:26\); release it before suspending, or use runtime\.Mutex`
	s.cache["k"] = v
	s.mu.Unlock()
}

// Released on every path before the suspension.
func (s *Store) Released(ctx context.Context, t *runtime.Task[int], c bool) {
	s.mu.Lock()
	if c {
		s.cache["c"] = 1
		s.mu.Unlock()
	} else {
		s.mu.Unlock()
	}
	v, _ := t.Await(ctx)
	s.mu.Lock()
	s.cache["k"] = v
	s.mu.Unlock()
}

// The runtime's Mutex is meant to be held across suspension points.
func (s *Store) RuntimeMutex(ctx context.Context, t *runtime.Task[int]) error {
	if err := s.rmu.Lock(ctx); err != nil {
		return err
	}
	defer s.rmu.Unlock()
	v, err := t.Await(ctx)
	s.cache["k"] = v
	return err
}

// A deferred Unlock runs at exit: the lock is held across the Sleep.
func (s *Store) DeferredUnlock(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return runtime.Sleep(ctx, time.Millisecond) // want `sync lock s\.mu \(locked at rt\.go:59\) is held across a suspension point: runtime\.Sleep \(rt\.go:61\); release it before suspending, or use runtime\.Mutex`
}

// Unlocked in one branch only: held on the other path, where it is
// reported; not held on every path after the merge, where it is not.
func (s *Store) OneBranch(ctx context.Context, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		runtime.Yield(ctx)
		return
	}
	runtime.Yield(ctx) // want `sync lock s\.mu \(locked at rt\.go:67\) is held across a suspension point: runtime\.Yield \(rt\.go:73\); release it before suspending, or use runtime\.Mutex`
	if c {
		s.mu.Unlock()
	}
	runtime.Yield(ctx)
}

// Through calls: the message names the chain.
func (s *Store) refresh(ctx context.Context, t *runtime.Task[int]) int {
	v, _ := t.Await(ctx) // want `sync lock s\.mu \(locked at rt\.go:87\) is held across a suspension point: \(\*Store\)\.Through calls \(\*Store\)\.refresh \(rt\.go:89\), which calls \(\*runtime\.Task\)\.Await \(rt\.go:82\); release it before suspending, or use runtime\.Mutex`
	return v
}

func (s *Store) Through(ctx context.Context, t *runtime.Task[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache["k"] = s.refresh(ctx, t)
}

// Helper lockers.
func (s *Store) lockState()   { s.mu.Lock() }
func (s *Store) unlockState() { s.mu.Unlock() }

func (s *Store) Helper(ctx context.Context) {
	s.lockState()
	s.ch.Send(ctx, 1) // want `sync lock s\.mu \(locked by \(\*Store\)\.lockState at rt\.go:97\) is held across a suspension point: \(\*runtime\.Chan\)\.Send \(rt\.go:98\); release it before suspending, or use runtime\.Mutex`
	s.unlockState()
	s.ch.Send(ctx, 2)
}

// An embedded mutex.
type Embedded struct {
	sync.Mutex
	n int
}

func (e *Embedded) Embedded(ctx context.Context) {
	e.Lock()
	e.n++
	runtime.Yield(ctx) // want `sync lock e\.Mutex \(locked at rt\.go:110\) is held across a suspension point: runtime\.Yield \(rt\.go:112\); release it before suspending, or use runtime\.Mutex`
	e.Unlock()
}

// Read mode counts: a writer waiting blocks its slot too.
func (s *Store) Read(ctx context.Context, js *runtime.JoinSet[int]) {
	s.rw.RLock()
	defer s.rw.RUnlock()
	js.Next(ctx) // want `sync read lock s\.rw \(locked at rt\.go:118\) is held across a suspension point: \(\*runtime\.JoinSet\)\.Next \(rt\.go:120\); release it before suspending, or use runtime\.Mutex`
}

// The runtime's own locks suspend while they wait.
func (s *Store) Nested(ctx context.Context) {
	s.mu.Lock()
	s.rmu.Lock(ctx) // want `sync lock s\.mu \(locked at rt\.go:125\) is held across a suspension point: \(\*runtime\.Mutex\)\.Lock \(rt\.go:126\); release it before suspending, or use runtime\.Mutex`
	s.rmu.Unlock()
	s.sem.Acquire(ctx, 1) // want `sync lock s\.mu \(locked at rt\.go:125\) is held across a suspension point: \(\*runtime\.Semaphore\)\.Acquire \(rt\.go:128\); release it before suspending, or use runtime\.Mutex`
	s.sem.Release(1)
	runtime.BlockInPlace(ctx, func() {}) // want `sync lock s\.mu \(locked at rt\.go:125\) is held across a suspension point: runtime\.BlockInPlace \(rt\.go:130\); release it before suspending, or use runtime\.Mutex`
	s.mu.Unlock()
}

// Across packages: a helper that locks in one package, a suspension in
// another.
func CrossPackage(ctx context.Context, st *lib.Store) {
	st.LockState()
	remote.Refresh(ctx) // want `sync lock st\.mu \(locked by \(\*lib\.Store\)\.LockState at rt\.go:137\) is held across a suspension point: remote\.Refresh calls runtime\.Sleep \(remote\.go:12\); release it before suspending, or use runtime\.Mutex`
	st.UnlockState()
	remote.Refresh(ctx)
}

// Work handed to another task or goroutine does not run under the lock.
func (s *Store) Spawned(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, runtime.Yield(ctx)
	}).Detach()
	go func() { runtime.Yield(ctx) }()
}

// TryLock holds the lock only where it succeeded.
func (s *Store) Try(ctx context.Context) {
	if !s.mu.TryLock() {
		runtime.Yield(ctx)
		return
	}
	runtime.Yield(ctx) // want `sync lock s\.mu \(locked at rt\.go:155\) is held across a suspension point: runtime\.Yield \(rt\.go:159\); release it before suspending, or use runtime\.Mutex`
	s.mu.Unlock()
}

// A lock released with the suspension in a closure called later.
func (s *Store) Closure(ctx context.Context) {
	s.mu.Lock()
	wait := func() { runtime.Yield(ctx) }
	s.mu.Unlock()
	wait()
}
