package plain

import (
	"errors"
	"sync"
)

// A connection's mux holds errMu for its whole life; Err, which takes
// it, waits until the mux is done. Its users call Err only once done
// is closed, and done is closed only by the mux's deferred close, on its
// way out, after its last wait: no user needs errMu while the mux waits
// for it. Not reported.
type muxFrame struct{ channel uint16 }

type muxConn struct {
	errMu    sync.Mutex
	err      error
	done     chan struct{}
	txFrame  chan muxFrame
	released chan uint16
}

func newMuxConn() *muxConn {
	c := &muxConn{done: make(chan struct{}), txFrame: make(chan muxFrame), released: make(chan uint16)}
	go c.mux()
	return c
}

func (c *muxConn) mux() {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	defer c.shutdown()
	for {
		if c.err != nil {
			return
		}
		select {
		case fr := <-c.txFrame:
			if fr.channel == 0 {
				c.err = errors.New("bad channel")
			}
		case ch := <-c.released:
			_ = ch
		}
	}
}

func (c *muxConn) shutdown() {
	close(c.done)
}

// Err returns the connection's error once it is closed.
func (c *muxConn) Err() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	return c.err
}

func (c *muxConn) sendFrame(fr muxFrame) error {
	select {
	case c.txFrame <- fr:
		return nil
	case <-c.done:
		return c.Err()
	}
}

func (c *muxConn) Release(ch uint16) {
	_ = c.sendFrame(muxFrame{channel: ch})
	select {
	case c.released <- ch:
	case <-c.done:
	}
}

// The same connection whose Close closes done itself, while the mux
// may be waiting: a user that sees done closed calls Err, which waits
// for errMu, which the mux holds while it waits for that user's
// release.
type leakyMuxConn struct {
	errMu    sync.Mutex
	err      error
	done     chan struct{}
	txFrame  chan muxFrame
	released chan uint16
	once     sync.Once
}

func newLeakyMuxConn() *leakyMuxConn {
	c := &leakyMuxConn{done: make(chan struct{}), txFrame: make(chan muxFrame), released: make(chan uint16)}
	go c.mux()
	return c
}

func (c *leakyMuxConn) mux() {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	defer c.once.Do(func() { close(c.done) })
	for {
		if c.err != nil {
			return
		}
		select { // want `sync lock c.errMu \(locked at muxexit.go:\d+\) is held while waiting for another goroutine`
		case fr := <-c.txFrame:
			if fr.channel == 0 {
				c.err = errors.New("bad channel")
			}
		case ch := <-c.released:
			_ = ch
		}
	}
}

func (c *leakyMuxConn) Close() {
	c.once.Do(func() { close(c.done) })
}

func (c *leakyMuxConn) Err() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	return c.err
}

func (c *leakyMuxConn) sendFrame(fr muxFrame) error {
	select {
	case c.txFrame <- fr:
		return nil
	case <-c.done:
		return c.Err()
	}
}

func (c *leakyMuxConn) Release(ch uint16) {
	_ = c.sendFrame(muxFrame{channel: ch})
	c.released <- ch
}
