// Package chanmu holds connections guarded by locks made of one-slot
// channels, which a waiter can give up on.
package chanmu

import (
	"context"
	"sync"
)

// A chanMu is a lock made of a one-slot channel.
type chanMu struct {
	ch chan struct{}
}

func newChanMu() *chanMu {
	return &chanMu{ch: make(chan struct{}, 1)}
}

func (m *chanMu) forceLock() {
	m.ch <- struct{}{} // want `sync lock p.closeMu \(locked at chanmu.go:\d+\) is held while waiting for another goroutine: \(\*Pipe\).Close calls`
}

func (m *chanMu) lock(ctx context.Context) error {
	select {
	case m.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m *chanMu) unlock() {
	select {
	case <-m.ch:
	default:
	}
}

// A Conn has a read lock and a write lock, each its own chanMu. Close
// holds closeMu while it waits for the write lock; the reader holds the
// read lock when a close frame makes it take closeMu. The reader's
// release of the read lock comes after closeMu, but it is the release
// of another chanMu than the one Close waits for: the two fields are
// only ever set to chanMus made for them. Not reported.
type Conn struct {
	closeMu sync.Mutex
	closed  bool
	readMu  *chanMu
	writeMu *chanMu
	frames  chan []byte
}

func NewConn() *Conn {
	return &Conn{readMu: newChanMu(), writeMu: newChanMu(), frames: make(chan []byte, 16)}
}

func (c *Conn) Close() {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.writeMu.forceLock() // for good: nothing writes after Close
}

func (c *Conn) markClosed() {
	c.closeMu.Lock()
	c.closed = true
	c.closeMu.Unlock()
}

func (c *Conn) Read(ctx context.Context) ([]byte, error) {
	if err := c.readMu.lock(ctx); err != nil {
		return nil, err
	}
	defer c.readMu.unlock()
	b := <-c.frames
	if len(b) == 0 {
		c.markClosed() // a close frame
		return nil, nil
	}
	return b, nil
}

func (c *Conn) Write(ctx context.Context, b []byte) error {
	if err := c.writeMu.lock(ctx); err != nil {
		return err
	}
	defer c.writeMu.unlock()
	c.frames <- b
	return nil
}

// A Pipe has one chanMu for both directions: the reader that needs
// closeMu holding it keeps Close from ever getting it. Reported.
type Pipe struct {
	closeMu sync.Mutex
	closed  bool
	ioMu    *chanMu
	frames  chan []byte
}

func NewPipe() *Pipe {
	return &Pipe{ioMu: newChanMu(), frames: make(chan []byte, 16)}
}

func (p *Pipe) Close() {
	p.closeMu.Lock()
	defer p.closeMu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.ioMu.forceLock()
}

func (p *Pipe) Read(ctx context.Context) ([]byte, error) {
	if err := p.ioMu.lock(ctx); err != nil {
		return nil, err
	}
	defer p.ioMu.unlock()
	b := <-p.frames
	if len(b) == 0 {
		p.closeMu.Lock()
		p.closed = true
		p.closeMu.Unlock()
		return nil, nil
	}
	return b, nil
}
