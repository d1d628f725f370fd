package wake

import (
	"errors"
	"sync"
)

func dial() error { return errors.New("refused") }

// A plugin activated once in the background: waitActive returns the
// activation's error, but waits only for activated, which a failed
// activation never sets. Its waiters sleep forever.
type Plugin struct {
	mu          sync.Mutex
	cond        *sync.Cond
	activated   bool
	activateErr error
}

func NewPlugin() *Plugin {
	p := &Plugin{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Plugin) activate() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := dial(); err != nil {
		p.activateErr = err // want `p.activateErr is set here for \(\*Plugin\).waitActive, which reads it after its wait loop at outcome.go:41, but that loop waits while !p.activated, and this path returns without changing it: the goroutines waiting on p.cond never leave the loop; test p.activateErr in the loop condition, or end the wait on this path \(set what it waits for, then Broadcast\)`
		return err
	}
	p.activated = true
	p.cond.Broadcast()
	return nil
}

func (p *Plugin) waitActive() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.activated {
		p.cond.Wait()
	}
	return p.activateErr
}

func (p *Plugin) Start() { go p.activate() }

// RIGHT: the loop tests the error too, and the failure broadcasts.
type Service struct {
	mu       sync.Mutex
	cond     *sync.Cond
	ready    bool
	startErr error
}

func NewService() *Service {
	s := &Service{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *Service) start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.cond.Broadcast()
	if err := dial(); err != nil {
		s.startErr = err
		return
	}
	s.ready = true
}

func (s *Service) Wait() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.ready && s.startErr == nil {
		s.cond.Wait()
	}
	return s.startErr
}

func (s *Service) Start() { go s.start() }

// RIGHT: the failure marks the session done as well; the waiter reads
// the error after the loop.
type Session struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
	err  error
}

func NewSession() *Session {
	s := &Session{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *Session) run() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := dial(); err != nil {
		s.err = err
		s.finish()
		return
	}
	s.finish()
}

func (s *Session) finish() {
	s.done = true
	s.cond.Broadcast()
}

func (s *Session) Wait() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done {
		s.cond.Wait()
	}
	return s.err
}

func (s *Session) Start() { go s.run() }

// RIGHT: the loop leaves on the error itself.
type Link struct {
	mu   sync.Mutex
	cond *sync.Cond
	up   bool
	err  error
}

func NewLink() *Link {
	l := &Link{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Link) connect() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := dial(); err != nil {
		l.err = err
		l.cond.Broadcast()
		return
	}
	l.up = true
	l.cond.Broadcast()
}

func (l *Link) Wait() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for !l.up {
		if l.err != nil {
			return l.err
		}
		l.cond.Wait()
	}
	return nil
}

func (l *Link) Start() { go l.connect() }

// A ring whose reset drops its buffer when it is empty: the reader uses
// the buffer after its loop, but it is no error handed to the waiter,
// only state the loop's condition guards. Silent.
type ring struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []int
	count  int
	closed bool
}

func newRing() *ring {
	r := &ring{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *ring) front() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.count == 0 && !r.closed {
		r.cond.Wait()
	}
	return r.buf
}

func (r *ring) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.count == 0 {
		r.buf = nil
		return
	}
	r.buf = r.buf[:0]
	r.count = 0
}

func (r *ring) push(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf = append(r.buf, v)
	r.count++
	r.cond.Signal()
}
