package startsignal

import (
	"net"
	"sync"
)

// A server that calls NotifyStarted once it listens.
type Server struct {
	Addr          string
	Listener      net.Listener
	NotifyStarted func()
}

func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return err
	}
	s.Listener = l // want `s.Listener is written by the goroutine started at startsignal.go:\d+ and read at startsignal.go:\d+ by its starter`
	if s.NotifyStarted != nil {
		s.NotifyStarted()
	}
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// A mutex used as a start signal: locked, its Unlock handed to the
// server, locked again to wait for it. The server set its Listener
// before it unlocked. Silent.
func ServeAndAddr() string {
	var started sync.Mutex
	srv := &Server{Addr: ":0", NotifyStarted: started.Unlock}
	started.Lock()
	go srv.ListenAndServe()
	started.Lock()
	return srv.Listener.Addr().String()
}

// The same with a local the goroutine sets before it signals. Silent.
func ServeAndErr() error {
	var started sync.Mutex
	var err error
	started.Lock()
	go func() {
		_, err = net.Listen("tcp", ":0")
		started.Unlock()
	}()
	started.Lock()
	return err
}

// Without the second Lock nothing waits for the server.
func ServeNoWait() string {
	srv := &Server{Addr: ":0"}
	go srv.ListenAndServe()
	return srv.Listener.Addr().String()
}

// Nor for the literal.
func ServeNoWaitErr() error {
	var err error
	go func() {
		_, err = net.Listen("tcp", ":0") // want `err is written by the goroutine started at startsignal.go:\d+ and read at startsignal.go:\d+ by its starter`
	}()
	return err
}
