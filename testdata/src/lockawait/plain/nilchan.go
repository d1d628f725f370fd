package plain

import "sync"

// A test server closes its idle connections with mu held: closeConn
// passes no done channel to closeConnChan, whose send is only for a
// caller that gave one. Not reported.
type idleServer struct {
	mu    sync.Mutex
	conns map[int]bool
	acks  chan struct{}
}

func (s *idleServer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		s.closeConn(c)
	}
}

func (s *idleServer) closeConn(c int) { s.closeConnChan(c, nil) }

func (s *idleServer) closeConnChan(c int, done chan<- struct{}) {
	delete(s.conns, c)
	if done != nil {
		done <- struct{}{} // want `sync lock s.mu \(locked at nilchan.go:\d+\) is held while waiting for another goroutine: \(\*idleServer\).CloseAll calls \(\*idleServer\).closeConnChan`
	}
}

// CloseAll acks each close on s.acks, whose reader takes mu: that call
// passes a channel, and waits with mu held (reported at the send).
func (s *idleServer) CloseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		s.closeConnChan(c, s.acks)
	}
}

func (s *idleServer) watchAcks() {
	for range s.acks {
		s.mu.Lock()
		s.conns[-1] = true
		s.mu.Unlock()
	}
}

func newIdleServer() *idleServer {
	s := &idleServer{conns: map[int]bool{}, acks: make(chan struct{})}
	go s.watchAcks()
	return s
}
