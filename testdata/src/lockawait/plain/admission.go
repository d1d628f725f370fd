package plain

import (
	"sync"
	"time"
)

// A session whose writers hold the admission read lock while they hand a
// request to the shaper, watching die and writeErr. The shaper
// write-locks admission in its deferred cleanup, and it returns only on
// die or writeErr, channels only ever closed: when it waits for the
// lock, every writer's wait is ready. Close write-locks after closing
// die. No writer stands between two readers (the keepalive's writes),
// so a writer holding the read lock waits for no one who needs it.
type admSession struct {
	admission sync.RWMutex
	shaper    chan int
	die       chan struct{}
	writeErr  chan struct{}
	dieOnce   sync.Once
	errOnce   sync.Once
	pending   []int
}

func newAdmSession() *admSession {
	s := &admSession{shaper: make(chan int), die: make(chan struct{}), writeErr: make(chan struct{})}
	go s.shape()
	go s.keepalive()
	return s
}

func (s *admSession) shape() {
	defer func() {
		s.admission.Lock()
		s.pending = nil
		s.admission.Unlock()
	}()
	for {
		select {
		case <-s.die:
			return
		case <-s.writeErr:
			return
		case r := <-s.shaper:
			s.pending = append(s.pending, r)
		}
	}
}

func (s *admSession) keepalive() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !s.write(0) {
				s.Close()
				return
			}
		case <-s.die:
			return
		}
	}
}

func (s *admSession) write(r int) bool {
	s.admission.RLock()
	defer s.admission.RUnlock()
	select {
	case s.shaper <- r:
		return true
	case <-s.die:
		return false
	case <-s.writeErr:
		return false
	}
}

func (s *admSession) failWrite() {
	s.errOnce.Do(func() { close(s.writeErr) })
}

func (s *admSession) Close() {
	s.dieOnce.Do(func() { close(s.die) })
	s.admission.Lock()
	s.pending = nil
	s.admission.Unlock()
}

// The same session whose shaper also gives up when idle, which no
// writer watches: its cleanup then waits for the write lock while a
// writer holds the read lock, waiting for the shaper to take its
// request.
type idleSession struct {
	admission sync.RWMutex
	shaper    chan int
	die       chan struct{}
	dieOnce   sync.Once
	pending   []int
}

func newIdleSession() *idleSession {
	s := &idleSession{shaper: make(chan int), die: make(chan struct{})}
	go s.shape()
	go s.keepalive()
	return s
}

func (s *idleSession) shape() {
	defer func() {
		s.admission.Lock()
		s.pending = nil
		s.admission.Unlock()
	}()
	idle := time.After(time.Minute)
	for {
		select {
		case <-s.die:
			return
		case <-idle:
			return
		case r := <-s.shaper:
			s.pending = append(s.pending, r)
		}
	}
}

func (s *idleSession) keepalive() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !s.write(0) {
				s.Close()
				return
			}
		case <-s.die:
			return
		}
	}
}

func (s *idleSession) write(r int) bool {
	s.admission.RLock()
	defer s.admission.RUnlock()
	select { // want `sync read lock s.admission \(locked at admission.go:145\) is held while waiting for another goroutine: a select without default \(admission.go:147\); release it before waiting \(the receive at admission.go:117 in \(\*idleSession\).shape, run by the goroutine started at admission.go:104, may take s.admission first\)`
	case s.shaper <- r:
		return true
	case <-s.die:
		return false
	}
}

func (s *idleSession) Close() {
	s.dieOnce.Do(func() { close(s.die) })
	s.admission.Lock()
	s.pending = nil
	s.admission.Unlock()
}

// A queue whose producers hold the admission read lock while they wait
// for a consumer, watching die; Close closes die and only then
// write-locks. closeAll closes queues one after another: before it
// closes the die of one, it has write-locked the admission of those
// before, but each after closing its own die: a producer still waiting
// is not waiting on any of them.
type sealQueue struct {
	admission sync.RWMutex
	items     chan int
	die       chan struct{}
	dieOnce   sync.Once
	closed    bool
}

func (q *sealQueue) Put(v int) bool {
	q.admission.RLock()
	defer q.admission.RUnlock()
	select {
	case q.items <- v:
		return true
	case <-q.die:
		return false
	}
}

func (q *sealQueue) Next() int { return <-q.items }

func (q *sealQueue) Close() {
	q.dieOnce.Do(func() { close(q.die) })
	q.admission.Lock()
	q.closed = true
	q.admission.Unlock()
}

func closeAll(qs []*sealQueue) {
	for _, q := range qs {
		q.Close()
	}
}

func shutdown(qs []*sealQueue) {
	go closeAll(qs)
}

// The same queue whose Close write-locks first.
type lockFirstQueue struct {
	admission sync.RWMutex
	items     chan int
	die       chan struct{}
	dieOnce   sync.Once
	closed    bool
}

func (q *lockFirstQueue) Put(v int) bool {
	q.admission.RLock()
	defer q.admission.RUnlock()
	select { // want `sync read lock q.admission \(locked at admission.go:\d+\) is held while waiting for another goroutine: a select without default \(admission.go:\d+\); release it before waiting \(the close at admission.go:\d+ in a func literal in \(\*lockFirstQueue\).Close, run by the goroutine started at admission.go:\d+, may take q.admission first\)`
	case q.items <- v:
		return true
	case <-q.die:
		return false
	}
}

func (q *lockFirstQueue) Next() int { return <-q.items }

func (q *lockFirstQueue) Close() {
	q.admission.Lock()
	q.closed = true
	q.admission.Unlock()
	q.dieOnce.Do(func() { close(q.die) })
}

func closeAllFirst(qs []*lockFirstQueue) {
	for _, q := range qs {
		q.Close()
	}
}

func shutdownFirst(qs []*lockFirstQueue) {
	go closeAllFirst(qs)
}

// A flusher whose loop closes done only on its way out (deferred): the
// locks it takes in the loop come before that close, and Close, holding
// mu while it waits on done, keeps the loop from getting there.
type deferFlusher struct {
	mu   sync.Mutex
	in   chan []byte
	done chan struct{}
	n    int
}

func newDeferFlusher() *deferFlusher {
	f := &deferFlusher{in: make(chan []byte, 8), done: make(chan struct{})}
	go f.run()
	return f
}

func (f *deferFlusher) run() {
	defer close(f.done)
	for b := range f.in {
		f.mu.Lock()
		f.n += len(b)
		f.mu.Unlock()
	}
}

func (f *deferFlusher) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.in)
	<-f.done // want `sync lock f.mu \(locked at admission.go:\d+\) is held while waiting for another goroutine: a channel receive \(admission.go:\d+\); release it before waiting \(the close at admission.go:\d+ in \(\*deferFlusher\).run, run by the goroutine started at admission.go:\d+, may take f.mu first\)`
}
