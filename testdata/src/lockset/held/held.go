// Package held checks the lock sets: the test reports the locks held at
// each call of a function named probe or wait*.
package held

import (
	"log"
	"sync"
)

func probe() {}

type S struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	inner struct{ mu sync.Mutex }
	sync.Mutex
}

var global sync.Mutex

func Basic(s *S) {
	s.mu.Lock()
	probe() // want `held: s.mu`
	s.mu.Unlock()
	probe()
}

func Deferred(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	probe() // want `held: s.mu`
}

func Branch(s *S, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		probe()
		return
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

func OneBranch(s *S, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
	}
	probe() // not held on every path
}

func BothBranches(s *S, c bool) {
	if c {
		s.mu.Lock()
	} else {
		s.mu.Lock()
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

func Embedded(s *S) {
	s.Lock()
	probe() // want `held: s.Mutex`
	s.Mutex.Unlock()
	probe()
}

func Read(s *S) {
	s.rw.RLock()
	probe()       // want `held: s.rw \(read\)`
	s.rw.Unlock() // the write lock: the read lock is still held
	probe()       // want `held: s.rw \(read\)`
	s.rw.RUnlock()
	probe()
}

func Global() {
	global.Lock()
	probe() // want `held: global`
	global.Unlock()
}

func Nested(s *S) {
	s.inner.mu.Lock()
	probe() // want `held: s.inner.mu`
	(*s).inner.mu.Unlock()
	probe()
}

// An alias is another lock, as far as the analysis knows.
func Alias(s *S) {
	mu := &s.mu
	mu.Lock()
	probe() // want `held: mu`
	mu.Unlock()
}

func Value() {
	var mu sync.Mutex
	mu.Lock()
	probe() // want `held: mu`
	mu.Unlock()
}

func Try(s *S) {
	if s.mu.TryLock() {
		probe() // want `held: s.mu`
		s.mu.Unlock()
	}
	probe()
	if !s.mu.TryLock() {
		probe()
		return
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

func Loop(s *S, n int) {
	for range n {
		s.mu.Lock()
		probe() // want `held: s.mu`
		s.mu.Unlock()
	}
	probe()
}

func Panics(s *S, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		panic("no")
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

func Two(s *S) {
	s.mu.Lock()
	global.Lock()
	probe() // want `held: s.mu, global`
	global.Unlock()
	s.mu.Unlock()
}

func (s *S) lockState()   { s.mu.Lock() }
func (s *S) unlockState() { s.mu.Unlock() }

func Helpers(s *S) {
	s.lockState()
	probe() // want `held: s.mu by \(\*S\).lockState`
	s.unlockState()
	probe()
}

func DeferredHelper(s *S) {
	s.lockState()
	defer s.unlockState()
	probe() // want `held: s.mu by \(\*S\).lockState`
}

func lockIt(m *sync.Mutex) { m.Lock() }

func Param(s *S) {
	lockIt(&s.mu)
	probe() // want `held: s.mu by lockIt`
	s.mu.Unlock()
}

func Closure(s *S) {
	lock := func() { s.mu.Lock() }
	lock()
	probe() // want `held: s.mu by the func literal`
	s.mu.Unlock()
}

func DeferredClosure(s *S) {
	s.mu.Lock()
	defer func() { s.mu.Unlock() }()
	probe() // want `held: s.mu`
}

// Literals start with no lock held.
func Literal(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	go func() { probe() }()
	func() { probe() }()
}

// A callee that releases the lock around its wait does not hold it.
func (s *S) waitLocked(ch chan int) {
	s.mu.Unlock()
	<-ch
	s.mu.Lock()
}

func (s *S) waitMaybe(ch chan int, c bool) {
	for c {
		s.mu.Unlock()
		<-ch
		s.mu.Lock()
	}
}

func Reacquire(s *S, ch chan int) {
	s.mu.Lock()
	s.waitLocked(ch)
	probe() // want `held: s.mu by \(\*S\).waitLocked`
	s.waitMaybe(ch, true)
	probe() // not held on every path through waitMaybe
	s.mu.Unlock()
}

func Switch(s *S, n int) {
	s.mu.Lock()
	switch n {
	case 1:
		s.mu.Unlock()
		return
	case 2:
		probe() // want `held: s.mu`
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

func Goto(s *S, n int) {
	s.mu.Lock()
	if n > 0 {
		goto out
	}
	probe() // want `held: s.mu`
out:
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

// A lock a goroutine releases is handed over to it.
func Handoff(s *S) {
	s.mu.Lock()
	go func() { s.mu.Unlock() }()
	probe()
}

func unlockIt(m *sync.Mutex) { m.Unlock() }

func HandoffNamed(s *S) {
	s.mu.Lock()
	go unlockIt(&s.mu)
	probe()
}

// A goroutine that does not release it does not take it.
func NoHandoff(s *S) {
	s.mu.Lock()
	go func() { probe() }()
	probe() // want `held: s.mu`
	s.mu.Unlock()
}

// The paths after calls that never return are dead.
func Fatal(s *S, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		log.Fatal("no")
	}
	probe() // want `held: s.mu`
	s.mu.Unlock()
}
