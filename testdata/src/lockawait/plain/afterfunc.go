package plain

import (
	"sync"
	"time"
)

// A lease that expires through time.AfterFunc, whose function runs on a
// goroutine of its own: expire takes mu before it closes expired, so a
// wait for expired with mu held never ends.
type lease struct {
	mu      sync.Mutex
	valid   bool
	expired chan struct{}
}

func newLease(ttl time.Duration) *lease {
	l := &lease{valid: true, expired: make(chan struct{})}
	time.AfterFunc(ttl, l.expire)
	return l
}

func (l *lease) expire() {
	l.mu.Lock()
	l.valid = false
	l.mu.Unlock()
	close(l.expired)
}

func (l *lease) WaitExpired() {
	l.mu.Lock()
	defer l.mu.Unlock()
	<-l.expired // want `sync lock l.mu \(locked at afterfunc.go:31\) is held while waiting for another goroutine: a channel receive \(afterfunc.go:33\); release it before waiting \(the close at afterfunc.go:27 in \(\*lease\).expire may take l.mu first\)`
}

// The same wait with the lock let go first: not reported.
func (l *lease) Wait() bool {
	<-l.expired
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.valid
}
