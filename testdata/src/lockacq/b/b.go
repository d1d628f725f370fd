// Package b exports the locks its functions may take.
package b

import (
	"fmt"
	"sync"
)

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

var global sync.Mutex

func (s *S) Get() int { // want Get:`may lock recv.mu`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *S) Read() int { // want Read:`may lock recv.rw \(read\)`
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.n
}

func Sum(x, y *S) int { return x.Get() + y.Read() } // want Sum:`may lock 0.mu, 1.rw \(read\)`

func Global() { global.Lock(); global.Unlock() } // want Global:`may lock fixtures/lockacq/b.global`

func (s *S) get(locked bool) int { // want get:`may lock recv.mu guarded`
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.n
}

func (s *S) String() string { return fmt.Sprint(s.Get()) } // want String:`may lock recv.mu`

func Describe(s *S) string { return fmt.Sprintf("%v", s) } // want Describe:`may lock 0.mu`

// Lookup takes the lock of a value it finds: known by class only.
func Lookup(m map[string]*S) int { // want Lookup:`may lock \(fixtures/lockacq/b.S\).mu`
	s := m["x"]
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// A lock of a local variable is nobody else's.
func Local() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
}

// TryLock never waits.
func Try(s *S) {
	if s.mu.TryLock() {
		s.mu.Unlock()
	}
}

type Node struct {
	mu     sync.Mutex
	parent *Node
}

// Root locks the root, not n: known by class only.
func (n *Node) Root() { // want Root:`may lock \(fixtures/lockacq/b.Node\).mu`
	for n.parent != nil {
		n = n.parent
	}
	n.mu.Lock()
	n.mu.Unlock()
}
