package a

import (
	"context"
)

type server struct {
	reqs chan int
	stop chan struct{}
}

func newServer() *server {
	s := &server{
		reqs: make(chan int),      // want `\(fixtures/chanflow/a.server\).reqs: range 22, send 31, close 35; cap 0`
		stop: make(chan struct{}), // want `\(fixtures/chanflow/a.server\).stop: no ops; cap 0`
	}
	go s.loop()
	return s
}

func (s *server) loop() { // want `loop run by 17`
	for r := range s.reqs {
		s.handle(r)
	}
}

func (s *server) handle(int) {} // want `handle run by 17`

func (s *server) Incr() {
	r := s.reqs
	r <- 1
}

func (s *server) Close() {
	close(s.reqs)
}

func local() int {
	ch := make(chan int, 1) // want `ch: receive 41, send 45; cap 1`
	go worker(ch)
	return <-ch
}

func worker(out chan<- int) { // want `worker run by 40`
	out <- 1
}

func returned() <-chan int {
	ch := make(chan int) // want `ch: send 50; cap 0; open`
	go func() { ch <- 1 }()
	return ch
}

func Exported() <-chan int {
	return returned()
}

func spawnCtx(ctx context.Context) {
	done := make(chan struct{}) // want `done: close 61, receive 66; cap 0`
	go func() {
		defer close(done)
		select {
		case <-ctx.Done():
		}
	}()
	<-done
}

type handler interface{ serve() }

type impl struct{ c chan int }

func (i *impl) serve() { // want `serve run by 78`
	i.c <- 1
}

func dispatch(h handler) {
	go h.serve()
}

func callback(f func()) {
	go f()
}

func useCallback() {
	callback(helper)
}

func helper() {} // want `helper run by 82`
