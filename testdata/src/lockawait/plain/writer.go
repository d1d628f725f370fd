package plain

import (
	"errors"
	"sync"
)

// A multiplexed stream: Write holds sendLock while write waits for
// send window or for the session to shut down. A goroutine that writes
// and then shuts the session down takes sendLock only to run the
// waiting code itself: it waits its turn behind the first writer, whose
// wait the notifier ends without the lock. Not reported.
type muxSession struct {
	shutdownOnce sync.Once
	shutdownCh   chan struct{}
}

func (s *muxSession) shutdown() {
	s.shutdownOnce.Do(func() { close(s.shutdownCh) })
}

type muxStream struct {
	session  *muxSession
	sendLock sync.Mutex
	window   int
	notifyCh chan struct{}
}

func (s *muxStream) Write(b []byte) (int, error) {
	s.sendLock.Lock()
	defer s.sendLock.Unlock()
	return s.write(b)
}

func (s *muxStream) write(b []byte) (int, error) {
	for s.window == 0 {
		select {
		case <-s.session.shutdownCh:
			return 0, errors.New("session shut down")
		case <-s.notifyCh:
		}
	}
	s.window -= len(b)
	return len(b), nil
}

// updateWindow runs on the session's receive loop.
func (s *muxStream) updateWindow() {
	select {
	case s.notifyCh <- struct{}{}:
	default:
	}
}

func writeThenShutdown(s *muxStream) {
	s.Write([]byte("bye"))
	s.session.shutdown()
}

func serveMux(s *muxStream) {
	go writeThenShutdown(s)
	go s.updateWindow()
	s.Write([]byte("hello"))
}

// The same stream whose closer flushes under sendLock first, without
// writing: while a Write waits with the lock, the closer cannot get to
// its close.
type flushStream struct {
	session  *muxSession
	sendLock sync.Mutex
	window   int
	pending  []byte
	notifyCh chan struct{}
}

func (s *flushStream) Write(b []byte) (int, error) {
	s.sendLock.Lock()
	defer s.sendLock.Unlock()
	return s.write(b)
}

func (s *flushStream) write(b []byte) (int, error) {
	for s.window == 0 {
		select { // want `sync lock s.sendLock \(locked at writer.go:78\) is held while waiting for another goroutine: \(\*flushStream\).Write calls \(\*flushStream\).write \(writer.go:80\), which does a select without default`
		case <-s.session.shutdownCh:
			return 0, errors.New("session shut down")
		case <-s.notifyCh:
		}
	}
	s.window -= len(b)
	return len(b), nil
}

func (s *flushStream) flushAndShutdown() {
	s.sendLock.Lock()
	s.pending = nil
	s.sendLock.Unlock()
	s.session.shutdown()
}

func serveFlush(s *flushStream) {
	go s.flushAndShutdown()
	s.Write([]byte("hello"))
}
