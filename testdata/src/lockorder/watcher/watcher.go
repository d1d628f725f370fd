// want package:`lock order \(watcher\.Server\)\.mu -> \(watcher\.watcher\)\.Mutex, \(watcher\.watcher\)\.Mutex -> \(watcher\.Server\)\.mu, \(watcher\.earlyServer\)\.mu -> \(watcher\.earlyWatcher\)\.Mutex, \(watcher\.earlyWatcher\)\.Mutex -> \(watcher\.earlyServer\)\.mu, \(watcher\.polledServer\)\.mu -> \(watcher\.polledWatcher\)\.Mutex, \(watcher\.polledWatcher\)\.Mutex -> \(watcher\.polledServer\)\.mu`

package watcher

import (
	"errors"
	"sync"
)

// A conn runs the handler set on it each time the cluster's topology
// changes.
type conn struct {
	onChange func()
}

func (c *conn) SetHandler(f func()) { c.onChange = f }

func (c *conn) run(events <-chan struct{}) {
	for range events {
		if f := c.onChange; f != nil {
			f()
		}
	}
}

// Start holds the server's lock while it sets the watcher up, and
// initWatcher locks the watcher it builds before it registers the
// watcher's callback: changed, which holds the watcher's lock and then
// takes the server's, runs only on a watcher whose setup lock was
// already taken. The two orders never meet on one watcher.
type Server struct {
	mu      sync.Mutex
	lastErr error
	conn    *conn
	watch   *watcher
}

type watcher struct {
	sync.Mutex
	s      *Server
	closed bool
}

func (s *Server) Start(events <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn = &conn{}
	go s.conn.run(events)
	s.initWatcher()
}

func (s *Server) initWatcher() {
	w := &watcher{s: s}
	s.watch = w
	w.Lock()
	// Registered under the lock: changed waits for the first check.
	s.conn.SetHandler(w.changed)
	w.check()
	w.Unlock()
}

func (w *watcher) changed() {
	w.Lock()
	defer w.Unlock()
	if w.closed {
		return
	}
	if err := w.check(); err != nil {
		w.s.setErr(err)
	}
}

func (w *watcher) check() error { return errors.New("channel owned twice") }

func (s *Server) setErr(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}

// The same, with the callback registered before the lock: it may run,
// hold the watcher's lock and wait for the server's, while Start holds
// the server's and waits for the watcher's.
type earlyServer struct {
	mu      sync.Mutex
	lastErr error
	conn    *conn
}

type earlyWatcher struct {
	sync.Mutex
	s *earlyServer
}

func (s *earlyServer) Start(events <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn = &conn{}
	go s.conn.run(events)
	s.initWatcher() // want `lock order inversion: \(\*watcher.earlyServer\).Start takes \(watcher.earlyServer\).mu then \(watcher.earlyWatcher\).Mutex`
}

func (s *earlyServer) initWatcher() {
	w := &earlyWatcher{s: s}
	s.conn.SetHandler(w.changed)
	w.Lock()
	w.check()
	w.Unlock()
}

func (w *earlyWatcher) changed() {
	w.Lock()
	defer w.Unlock()
	if err := w.check(); err != nil {
		w.s.setErr(err)
	}
}

func (w *earlyWatcher) check() error { return errors.New("channel owned twice") }

func (s *earlyServer) setErr(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}

// Registered under the lock again, but a poll loop also runs changed on
// the watcher it finds in the server, whenever it likes.
type polledServer struct {
	mu      sync.Mutex
	lastErr error
	conn    *conn
	watch   *polledWatcher
}

type polledWatcher struct {
	sync.Mutex
	s *polledServer
}

func (s *polledServer) Start(events <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn = &conn{}
	go s.conn.run(events)
	s.initWatcher() // want `lock order inversion: \(\*watcher.polledServer\).Start takes \(watcher.polledServer\).mu then \(watcher.polledWatcher\).Mutex`
}

func (s *polledServer) initWatcher() {
	w := &polledWatcher{s: s}
	s.watch = w
	w.Lock()
	s.conn.SetHandler(w.changed)
	w.check()
	w.Unlock()
	go w.poll()
}

func (w *polledWatcher) poll() {
	for range 3 {
		w.changed()
	}
}

func (w *polledWatcher) changed() {
	w.Lock()
	defer w.Unlock()
	if err := w.check(); err != nil {
		w.s.setErr(err)
	}
}

func (w *polledWatcher) check() error { return errors.New("channel owned twice") }

func (s *polledServer) setErr(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}
