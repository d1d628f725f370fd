// Package guard holds fields accessed under a lock nearly everywhere but
// without it in a goroutine, and the look-alikes that stay silent.
package guard

import "sync"

type Stats struct {
	mu    sync.Mutex
	n     int
	names []string
	other int
}

func (s *Stats) Inc() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func (s *Stats) Get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *Stats) Reset() {
	s.mu.Lock()
	s.n = 0
	s.mu.Unlock()
}

// WRONG: the goroutine reads s.n without s.mu.
func (s *Stats) Report(out chan<- int) {
	go func() {
		out <- s.n // want `field n is written under s.mu at guard.go:\d+ and guard.go:\d+, but read without it here, in a goroutine started at guard.go:\d+`
	}()
}

// RIGHT: under the lock.
func (s *Stats) ReportLocked(out chan<- int) {
	go func() {
		s.mu.Lock()
		v := s.n
		s.mu.Unlock()
		out <- v
	}()
}

// A method started as a goroutine.
func (s *Stats) loop() {
	s.names = append(s.names, "x") // want `field names is written under s.mu at guard.go:\d+ and guard.go:\d+, but written without it here, in a goroutine started at guard.go:\d+`
}

type Queue struct {
	mu sync.Mutex
	// items is guarded by mu.
	items []int
	// seen is not guarded by anything said; locked once only.
	seen int
}

func (q *Queue) Push(x int) {
	q.mu.Lock()
	q.items = append(q.items, x)
	q.seen++
	q.mu.Unlock()
}

// WRONG: the comment says mu guards items.
func (q *Queue) Drain() {
	go func() {
		q.items = nil // want `field items is written under q.mu at guard.go:\d+ \(its comment says it is guarded by mu\), but written without it here`
		q.seen = 0    // one locked access only: not enough evidence
	}()
}

func (s *Stats) Names() {
	s.mu.Lock()
	s.names = nil
	s.mu.Unlock()
	s.mu.Lock()
	_ = len(s.names)
	s.mu.Unlock()
}

func (s *Stats) Start() {
	go s.loop()
}

// RIGHT: a field used without the lock as often as with it.
func (s *Stats) Other() {
	s.mu.Lock()
	s.other = 1
	s.mu.Unlock()
	s.other = 2
	go func() { s.other = 3 }()
}

// RIGHT: a value the goroutine built itself.
func Fresh() {
	go func() {
		var s Stats
		s.n = 1
		_ = s.n
	}()
}

type Profiler struct {
	mu        sync.Mutex
	done      chan bool
	profiling bool
}

// RIGHT: done is written under the lock before the goroutine starts, and
// only read after.
func (p *Profiler) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		p.done = make(chan bool)
	}
	p.profiling = true
	go p.write()
}

func (p *Profiler) write() { p.done <- true }

func (p *Profiler) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.profiling {
		return
	}
	p.profiling = false
	<-p.done
}

type Sub struct {
	mu      sync.Mutex
	closed  bool
	pending int
}

func work() {}

// relock releases s.mu around work on some paths: lockset cannot say
// s.mu is held after a call of it.
func (s *Sub) relock(c bool) {
	if c {
		s.mu.Unlock()
		work()
		s.mu.Lock()
	}
}

func (s *Sub) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

func (s *Sub) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// RIGHT: s.closed is read under s.mu, which the lockset cannot prove
// after relock; the function takes s.mu, so the check stays silent.
func (s *Sub) loop() {
	for {
		s.mu.Lock()
		s.relock(s.pending > 0)
		if s.closed {
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
	}
}

func (s *Sub) Start() { go s.loop() }

type Server struct {
	mu   sync.Mutex
	ln   *int
	done chan bool
}

func (s *Server) Addr() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.ln
}

// RIGHT: the goroutine reads s.ln before closing s.done; the write of
// s.ln comes after a receive from s.done.
func (s *Server) Serve(handle func(*int)) {
	go func() {
		handle(s.ln)
		close(s.done)
	}()
}

func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		<-s.done
		s.ln = nil
	}
}
