package methods

import (
	"net"
	"sync"
)

// RIGHT: StartTLS sets the listener before anything runs; Close reads it
// under the lock it takes for its own fields, from a goroutine its
// caller starts later. A read under a lock says nothing of who else
// runs.
type TLSServer struct {
	mu     sync.Mutex
	ln     net.Listener
	closed bool
}

func (s *TLSServer) StartTLS(ln net.Listener) {
	s.ln = ln
}

func (s *TLSServer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.ln.Close()
	}
}

func CloseAsync(s *TLSServer, done chan<- bool) {
	go func() {
		s.Close()
		done <- true
	}()
}
