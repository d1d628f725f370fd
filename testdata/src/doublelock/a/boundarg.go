package a

import (
	"fmt"
	"sync"
)

// A registry that runs a step under its lock, and is handed one of its
// own methods that locks it too.
type peerTable struct {
	mu    sync.Mutex
	peers map[string]int
	gen   int
}

func (t *peerTable) locked(step func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	step()
}

func (t *peerTable) bump() {
	t.mu.Lock()
	t.gen++
	t.mu.Unlock()
}

// bumpLocked is bump for callers that hold t.mu.
func (t *peerTable) bumpLocked() { t.gen++ }

func (t *peerTable) Refresh() {
	t.locked(t.bump) // want `t.mu is locked by t.locked at boundarg.go:17 and locked again at boundarg.go:32 by calling t.locked\(t.bump\), which locks t.mu at boundarg.go:23`
}

// The lock-free variant: not reported.
func (t *peerTable) RefreshLocked() { t.locked(t.bumpLocked) }

// Another table's method: its own lock, not reported.
func (t *peerTable) Mirror(other *peerTable) { t.locked(other.bump) }

// A step run on a goroutine of its own, which waits for the unlock:
// not reported.
func (t *peerTable) spawn(step func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	go step()
}

func (t *peerTable) RefreshLater() { t.spawn(t.bump) }

// Middleware in the style of net/http: a handler adapter, and a
// decorator that counts requests in flight under the server's lock
// and calls the next handler while it holds it.
type request struct{ path string }

type handler interface {
	serve(r *request) string
}

type handlerFunc func(r *request) string

func (f handlerFunc) serve(r *request) string { return f(r) }

type statsServer struct {
	mu       sync.Mutex
	inflight int
	h        handler
}

func (s *statsServer) counted(next handler) handler {
	return handlerFunc(func(r *request) string {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.inflight++
		defer func() { s.inflight-- }()
		return next.serve(r)
	})
}

func (s *statsServer) stats(r *request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(r.path, s.inflight)
}

func newStatsServer() *statsServer {
	s := &statsServer{}
	s.h = s.counted(handlerFunc(s.stats)) // want `s.mu is locked by a func literal of s.counted at boundarg.go:72 and locked again at boundarg.go:88 by calling s.counted\(handlerFunc\(s.stats\)\), which locks s.mu at boundarg.go:81`
	return s
}

// The decorator that lets the lock go before it calls next: not
// reported.
func (s *statsServer) countedOutside(next handler) handler {
	return handlerFunc(func(r *request) string {
		s.mu.Lock()
		s.inflight++
		s.mu.Unlock()
		return next.serve(r)
	})
}

func newOutsideServer() *statsServer {
	s := &statsServer{}
	s.h = s.countedOutside(handlerFunc(s.stats))
	return s
}

// An adapter that does not run its function (a placeholder): not
// reported.
type staticFunc func(r *request) string

func (f staticFunc) serve(r *request) string { return "static" }

func newStaticServer() *statsServer {
	s := &statsServer{}
	s.h = s.counted(staticFunc(s.stats))
	return s
}

// A decorator over a plain function value, with the lock of the server
// it is given.
func (s *statsServer) wrap(next func(r *request) string) func(r *request) string {
	return func(r *request) string {
		s.mu.Lock()
		defer s.mu.Unlock()
		return next(r)
	}
}

func newWrapped() func(r *request) string {
	s := &statsServer{}
	return s.wrap(s.stats) // want `s.mu is locked by a func literal of s.wrap at boundarg.go:125 and locked again at boundarg.go:133 by calling s.wrap\(s.stats\), which locks s.mu at boundarg.go:81`
}

// Two servers: the decorator of one wraps the other's handler, not
// reported.
func newChained() func(r *request) string {
	front, back := &statsServer{}, &statsServer{}
	return front.wrap(back.stats)
}
