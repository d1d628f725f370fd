package plain

import (
	"context"
	"sync"
)

// A consumer group: Consume holds lock for a session and waits for the
// group to close or the session to end. Close closes the group first,
// and only then takes the lock to leave. A caller that defers Close
// and consumes in its body does not take the lock before the close:
// the deferred call runs after the body, not after itself. Not
// reported.
type group struct {
	lock      sync.Mutex
	closeOnce sync.Once
	closed    chan struct{}
	members   int
}

func (g *group) Consume(ctx context.Context) {
	g.lock.Lock()
	defer g.lock.Unlock()
	g.members++
	select {
	case <-g.closed:
	case <-ctx.Done():
	}
}

func (g *group) Close() {
	g.closeOnce.Do(func() {
		close(g.closed)
		g.leave()
	})
}

func (g *group) leave() {
	g.lock.Lock()
	defer g.lock.Unlock()
	g.members--
}

func runGroup(ctx context.Context) {
	g := &group{closed: make(chan struct{})}
	defer func() { g.Close() }()
	go g.Consume(ctx)
	g.Consume(ctx)
}

// The same group whose Close leaves first: it takes the lock before the
// close, and a Consume holding it waits for a close that cannot come.
type lockedGroup struct {
	lock      sync.Mutex
	closeOnce sync.Once
	closed    chan struct{}
	members   int
}

func (g *lockedGroup) Consume(ctx context.Context) {
	g.lock.Lock()
	defer g.lock.Unlock()
	g.members++
	select { // want `sync lock g.lock \(locked at deferclose.go:61\) is held while waiting for another goroutine: a select without default \(deferclose.go:64\)`
	case <-g.closed:
	case <-ctx.Done():
	}
}

func (g *lockedGroup) Close() {
	g.closeOnce.Do(func() {
		g.leave()
		close(g.closed)
	})
}

func (g *lockedGroup) leave() {
	g.lock.Lock()
	defer g.lock.Unlock()
	g.members--
}

func runLockedGroup(ctx context.Context) {
	g := &lockedGroup{closed: make(chan struct{})}
	defer func() { g.Close() }()
	go g.Consume(ctx)
	g.Consume(ctx)
}
