package a

import (
	"net"
	"sync"
)

// unlockOnce returns a func that releases l the first time it is
// called: a server can release its lock early on one path and still
// defer the release for the others.
func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

type dnsServer struct {
	lock    sync.RWMutex
	started bool
	conns   map[net.Conn]bool
}

func (s *dnsServer) isStarted() bool {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.started
}

func (s *dnsServer) track(c net.Conn) {
	s.lock.Lock()
	s.conns[c] = true
	s.lock.Unlock()
}

func (s *dnsServer) serve(l net.Listener) error {
	for s.isStarted() {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		s.track(c)
	}
	return nil
}

// ListenAndServe releases the lock through the func unlockOnce returned
// before it serves: serve's locks are free.
func (s *dnsServer) ListenAndServe(l net.Listener) error {
	unlock := unlockOnce(&s.lock)
	s.lock.Lock()
	defer unlock()
	if s.started {
		return nil
	}
	s.started = true
	unlock()
	return s.serve(l)
}

// ServeLocked forgets the release: serve read-locks the lock it holds.
func (s *dnsServer) ServeLocked(l net.Listener) error {
	unlock := unlockOnce(&s.lock)
	s.lock.Lock()
	defer unlock()
	s.started = true
	return s.serve(l) // want `s.lock is locked at releaser.go:62 and read-locked at releaser.go:65 by calling s.serve`
}

// A helper that locks and returns the matching unlock, for
// defer c.locked()().
type tally struct {
	mu sync.Mutex
	n  int
}

func (c *tally) locked() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

func (c *tally) get() int {
	defer c.locked()()
	return c.n
}

func (c *tally) Add(d int) int {
	defer c.locked()()
	c.n += d
	return c.n
}

func (c *tally) AddAndGet(d int) int {
	release := c.locked()
	c.n += d
	release()
	return c.get()
}

func (c *tally) AddTwice(d int) int {
	defer c.locked()()
	c.n += d
	return c.get() // want `c.mu is locked by \(\*tally\).locked at releaser.go:99 and locked again at releaser.go:101 by calling c.get`
}

// A mutex used as a start signal: locked here, unlocked by the server
// goroutine through the method value it is given, locked again to wait.
type notifier struct {
	started func()
}

func (n *notifier) run(work func()) {
	n.started()
	work()
}

func startAndWait(work func()) {
	var ready sync.Mutex
	ready.Lock()
	n := &notifier{started: ready.Unlock}
	go n.run(work)
	ready.Lock()
}

func startAndWaitField(work func()) {
	ready := sync.Mutex{}
	ready.Lock()
	n := &notifier{}
	n.started = ready.Unlock
	go n.run(work)
	ready.Lock()
}

// Without the hand-off, the second Lock waits for itself.
func startNoSignal(work func()) {
	var ready sync.Mutex
	ready.Lock()
	n := &notifier{started: func() {}}
	go n.run(work)
	ready.Lock() // want `ready is locked at releaser.go:135 and locked again at releaser.go:138`
}

// The release is handed over before the first Lock.
func startAndWaitEarly(work func()) {
	ready := sync.Mutex{}
	n := &notifier{started: ready.Unlock}
	ready.Lock()
	go n.run(work)
	ready.Lock()
}
