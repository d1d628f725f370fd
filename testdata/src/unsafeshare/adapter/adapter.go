// Package adapter holds a server whose loop goroutine calls handlers
// through an interface, and tests that hand it closures through a
// function-type adapter.
package adapter

import "time"

type Job struct{ ID int }

// Handler handles the jobs the server's loop takes.
type Handler interface {
	Handle(Job)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(Job)

func (f HandlerFunc) Handle(j Job) { f(j) }

type Server struct {
	h    Handler
	jobs []Job
	quit chan struct{}
}

func New(h Handler, jobs []Job) *Server {
	return &Server{h: h, jobs: jobs, quit: make(chan struct{})}
}

func (s *Server) Start() {
	go s.loop()
}

func (s *Server) loop() {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for _, j := range s.jobs {
		select {
		case <-t.C:
			s.h.Handle(j)
		case <-s.quit:
			return
		}
	}
}

func (s *Server) Close() { close(s.quit) }
