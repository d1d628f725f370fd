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

// A call through an interface of the package takes the locks every one
// of its (at most three) implementations takes.
type Getter interface{ Get() int }

func ViaIface(g Getter) int { return g.Get() } // want ViaIface:`may lock 0.mu`

// Silent: more than three implementations are not followed.
type Sizer interface{ Size() int }

type s1 struct{ mu sync.Mutex }
type s2 struct{ mu sync.Mutex }
type s3 struct{ mu sync.Mutex }
type s4 struct{ mu sync.Mutex }

func (s *s1) Size() int { s.mu.Lock(); defer s.mu.Unlock(); return 1 } // want Size:`may lock recv.mu`
func (s *s2) Size() int { s.mu.Lock(); defer s.mu.Unlock(); return 2 } // want Size:`may lock recv.mu`
func (s *s3) Size() int { s.mu.Lock(); defer s.mu.Unlock(); return 3 } // want Size:`may lock recv.mu`
func (s *s4) Size() int { s.mu.Lock(); defer s.mu.Unlock(); return 4 } // want Size:`may lock recv.mu`

func ViaWideIface(z Sizer) int { return z.Size() }
