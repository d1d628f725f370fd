package plain

import (
	"context"
	"sync"
	"sync/atomic"
)

// A server counts its connections in an atomic counter; the last one
// to finish after shutdown closes connDone, and Close waits for it with
// the lock held. ServeConn takes the lock only before the Add that
// counts it, so a connection Close waits for never needs the lock.
// Not reported.
type connServer struct {
	mutex     sync.Mutex
	closed    bool
	connCount atomic.Int64
	connDone  chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
}

func (s *connServer) decreaseConnCount() {
	if s.connCount.Add(-1) == 0 && s.ctx.Err() != nil {
		close(s.connDone)
	}
}

func (s *connServer) ServeConn(handle func()) {
	s.mutex.Lock()
	if s.closed {
		s.mutex.Unlock()
		return
	}
	s.mutex.Unlock()

	s.connCount.Add(1)
	defer s.decreaseConnCount()
	handle()
}

func (s *connServer) Close() {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.closed = true
	s.cancel()
	if s.connCount.Load() == 0 {
		return
	}
	<-s.connDone
}

func runConnServer(s *connServer) {
	go s.ServeConn(func() {})
	s.Close()
}

// The same server whose connections log their end under the lock, after
// they are counted: Close, holding it, waits for one that waits for it.
type loggingServer struct {
	mutex     sync.Mutex
	closed    bool
	ended     int
	connCount atomic.Int64
	connDone  chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
}

func (s *loggingServer) decreaseConnCount() {
	if s.connCount.Add(-1) == 0 && s.ctx.Err() != nil {
		close(s.connDone)
	}
}

func (s *loggingServer) ServeConn(handle func()) {
	s.mutex.Lock()
	if s.closed {
		s.mutex.Unlock()
		return
	}
	s.mutex.Unlock()

	s.connCount.Add(1)
	defer s.decreaseConnCount()
	handle()
	s.mutex.Lock()
	s.ended++
	s.mutex.Unlock()
}

func (s *loggingServer) Close() {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.closed = true
	s.cancel()
	if s.connCount.Load() == 0 {
		return
	}
	<-s.connDone // want `sync lock s.mutex \(locked at conncount.go:93\) is held while waiting for another goroutine: a channel receive \(conncount.go:100\)`
}

func runLoggingServer(s *loggingServer) {
	go s.ServeConn(func() {})
	s.Close()
}
