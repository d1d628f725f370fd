package plain

import "sync"

// A connection serializes frame writes with a channel used as a lock
// (a send takes it, a receive releases it, and a release of a free lock
// does nothing). Close holds closeMu and takes the write lock, waiting
// for the frame being written. The writer of the last frame releases
// the write lock itself before it marks the connection closed, so it
// has served Close before it takes closeMu; its deferred release then
// finds the lock free. Not reported.
type frameConn struct {
	closeMu sync.Mutex
	closed  bool
	writeMu chan struct{}
}

func newFrameConn() *frameConn { return &frameConn{writeMu: make(chan struct{}, 1)} }

func (c *frameConn) lockWrite() { c.writeMu <- struct{}{} }

func (c *frameConn) unlockWrite() {
	select {
	case <-c.writeMu:
	default:
	}
}

func (c *frameConn) writeFrame(last bool) error {
	c.lockWrite()
	defer c.unlockWrite()
	if last {
		c.unlockWrite()
		c.markClosed()
	}
	return nil
}

func (c *frameConn) markClosed() {
	c.closeMu.Lock()
	c.closed = true
	c.closeMu.Unlock()
}

func (c *frameConn) Close() {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.lockWrite()
}

// The same, but the last frame's writer marks the connection closed
// before it releases the write lock: Close may hold closeMu and wait for the write
// lock while the writer holds the write lock and waits for closeMu.
type lateFrameConn struct {
	closeMu sync.Mutex
	closed  bool
	writeMu chan struct{}
}

func newLateFrameConn() *lateFrameConn { return &lateFrameConn{writeMu: make(chan struct{}, 1)} }

func (c *lateFrameConn) lockWrite() { c.writeMu <- struct{}{} } // want `sync lock c.closeMu \(locked at framelock.go:\d+\) is held while waiting for another goroutine: \(\*lateFrameConn\).Close calls \(\*lateFrameConn\).lockWrite \(framelock.go:\d+\), which does a channel send \(framelock.go:\d+\)`

func (c *lateFrameConn) unlockWrite() {
	select {
	case <-c.writeMu:
	default:
	}
}

func (c *lateFrameConn) writeFrame(last bool) error {
	c.lockWrite()
	defer c.unlockWrite()
	if last {
		c.markClosed()
		c.unlockWrite()
	}
	return nil
}

func (c *lateFrameConn) markClosed() {
	c.closeMu.Lock()
	c.closed = true
	c.closeMu.Unlock()
}

func (c *lateFrameConn) Close() {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.lockWrite()
}
