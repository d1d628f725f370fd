package plain

import (
	"sync"
	"time"
)

// A wait two calls below the lock: Close holds c.mu and, through
// teardown and stopTimers, sends on the unbuffered stop channel that only
// the monitor goroutine receives, and the monitor locks c.mu on each tick
// before it gets back to its select.
type conn struct {
	mu      sync.Mutex
	last    time.Time
	closed  bool
	stop    chan struct{}
	stopped chan struct{}
}

func newConn() *conn {
	c := &conn{stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.monitor()
	return c
}

func (c *conn) monitor() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.mu.Lock()
			c.last = time.Now()
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

func (c *conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.teardown()
}

func (c *conn) teardown() { c.stopTimers() }

func (c *conn) stopTimers() { c.stop <- struct{}{} } // want `sync lock c.mu \(locked at deep.go:\d+\) is held while waiting for another goroutine: \(\*conn\).Close calls \(\*conn\).teardown \(deep.go:\d+\), which calls \(\*conn\).stopTimers \(deep.go:\d+\), which does a channel send \(deep.go:\d+\)`

// The same chain, when the monitor does not lock: silent.
type quietConn struct {
	mu   sync.Mutex
	n    int
	stop chan struct{}
}

func newQuietConn() *quietConn {
	c := &quietConn{stop: make(chan struct{})}
	go c.monitor()
	return c
}

func (c *quietConn) monitor() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-c.stop:
			return
		}
	}
}

func (c *quietConn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.teardown()
}

func (c *quietConn) teardown() { c.stopTimers() }

func (c *quietConn) stopTimers() { c.stop <- struct{}{} }

// A counting semaphore filled where it is made: any holder of a token
// ends an acquire, so a holder that takes the store's lock before its
// release proves no deadlock. Silent.
type sema struct{ ch chan struct{} }

func newSema(n int) *sema {
	s := &sema{ch: make(chan struct{}, n)}
	for range n {
		s.ch <- struct{}{}
	}
	return s
}

func (s *sema) acquire() { <-s.ch }
func (s *sema) release() { s.ch <- struct{}{} }

type store struct {
	mu   sync.Mutex
	ios  *sema
	data []byte
}

func newStore() *store { return &store{ios: newSema(8)} }

func (st *store) load() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.read()
}

func (st *store) read() { st.open() }

func (st *store) open() {
	st.ios.acquire()
	defer st.ios.release()
	st.data = append(st.data, 0)
}

func (st *store) flush() {
	st.ios.acquire()
	st.mu.Lock()
	st.data = st.data[:0]
	st.mu.Unlock()
	st.ios.release()
}

// A timeout bounds the wait: a select with a timer case is a delay.
type fetcher struct {
	mu   sync.Mutex
	resp chan int
}

func newFetcher() *fetcher {
	f := &fetcher{resp: make(chan int)}
	go func() {
		f.mu.Lock()
		f.mu.Unlock()
		f.resp <- 1
	}()
	return f
}

func (f *fetcher) fetch() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case v := <-f.resp:
		return v
	case <-time.After(time.Second):
		return 0
	}
}
