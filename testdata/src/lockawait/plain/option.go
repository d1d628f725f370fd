package plain

import (
	"sync"
	"time"
)

// backoff's options: delayFirst makes it sleep before the first try.
type backoff struct {
	tries      int
	interval   time.Duration
	delayFirst bool
}

// retry runs f until it succeeds. It sleeps only when the caller asks
// for a delay before the first try; between tries it gives up at once.
func retry(f func() error, b backoff) error {
	var err error
	for i := 0; i < b.tries; i++ {
		if i == 0 && b.delayFirst {
			time.Sleep(b.interval) // want `sync lock s.mu \(locked at option.go:69\) is held while waiting for another goroutine: \(\*session\).ReconnectLater calls retry \(option.go:71\), which calls time.Sleep \(option.go:21\)`
		}
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}

// A session reconnects with mu held, through retry without a first
// delay: the sleep never runs. Not reported, though the keepalive
// loop takes mu.
type session struct {
	mu     sync.Mutex
	conns  int
	closed bool
}

func newSession() *session {
	s := &session{}
	go s.keepalive()
	return s
}

func (s *session) keepalive() {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		s.conns++
		s.mu.Unlock()
	}
}

func (s *session) dial() error { return nil }

func (s *session) Reconnect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	opts := backoff{tries: 3, interval: time.Second}
	return retry(s.dial, opts)
}

// ReconnectLater asks for the delay, with mu held: keepalive waits as
// long as the sleep.
func (s *session) ReconnectLater() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return retry(s.dial, backoff{tries: 3, interval: time.Second, delayFirst: true})
}
