package plain

import (
	"io"
	"sync"
)

// A server connection aborts a pending read before it hands the socket
// over: hijack holds the connection's mu while it waits on the reader's
// Cond, which Read broadcasts. Read is an io.Reader's Read, and the
// package has five: a body that reads its source with the connection's
// mu held calls "some Read", but which one is not known, so that mu is
// not a lock Read's goroutine is shown to take. Not reported.
type srvConn struct {
	mu     sync.Mutex
	r      *srvConnReader
	hijack bool
}

type srvConnReader struct {
	mu     sync.Mutex
	cond   *sync.Cond
	inRead bool
	src    io.Reader
}

func newSrvConn(src io.Reader) *srvConn {
	cr := &srvConnReader{src: src}
	cr.cond = sync.NewCond(&cr.mu)
	c := &srvConn{r: cr}
	go c.serve()
	return c
}

func (c *srvConn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.r.Read(buf); err != nil {
			return
		}
	}
}

func (cr *srvConnReader) Read(p []byte) (int, error) {
	cr.mu.Lock()
	cr.inRead = true
	cr.mu.Unlock()
	n, err := cr.src.Read(p)
	cr.mu.Lock()
	cr.inRead = false
	cr.mu.Unlock()
	cr.cond.Broadcast()
	return n, err
}

func (cr *srvConnReader) abortPendingRead() {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	for cr.inRead {
		cr.cond.Wait()
	}
}

func (c *srvConn) hijackConn() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hijack = true
	c.r.abortPendingRead()
}

// lockedBody reads its source with the connection's mu held.
type lockedBody struct {
	c   *srvConn
	src io.Reader
}

func (b *lockedBody) Read(p []byte) (int, error) {
	b.c.mu.Lock()
	defer b.c.mu.Unlock()
	return b.src.Read(p)
}

type countingReader struct {
	n   int
	src io.Reader
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.src.Read(p)
	r.n += n
	return n, err
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { return len(p), nil }

type limitReader struct {
	left int
	src  io.Reader
}

func (r *limitReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if len(p) > r.left {
		p = p[:r.left]
	}
	n, err := r.src.Read(p)
	r.left -= n
	return n, err
}
