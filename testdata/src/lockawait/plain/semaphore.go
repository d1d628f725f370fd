package plain

import "sync"

// Slots hands out one slot at a time: a token sent into a buffer of one
// is the slot, taken back when the work is done.
type Slots struct {
	mu   sync.Mutex
	slot chan struct{}
	jobs int
}

func NewSlots() *Slots {
	s := &Slots{slot: make(chan struct{}, 1)}
	go s.worker()
	return s
}

// worker takes mu only before it acquires the slot: while it holds the
// slot, it needs nothing Reserve holds.
func (s *Slots) worker() {
	for {
		s.mu.Lock()
		s.jobs++
		s.mu.Unlock()
		s.acquire()
		work()
		s.release()
	}
}

func (s *Slots) acquire() { s.slot <- struct{}{} }
func (s *Slots) release() { <-s.slot }

func (s *Slots) Reserve() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slot <- struct{}{} // silent: the holder releases without mu
	s.jobs--
	<-s.slot
}

func work() {}

// Lanes is the same with the lock taken while the slot is held: Reserve
// waits for the worker's release with mu held, and the worker waits for
// mu before it releases.
type Lanes struct {
	mu   sync.Mutex
	lane chan struct{}
	n    int
}

func NewLanes() *Lanes {
	l := &Lanes{lane: make(chan struct{}, 1)}
	go l.worker()
	return l
}

func (l *Lanes) worker() {
	for {
		l.lane <- struct{}{}
		l.mu.Lock()
		l.n++
		l.mu.Unlock()
		<-l.lane
	}
}

func (l *Lanes) Reserve() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lane <- struct{}{} // want `sync lock l.mu \(locked at semaphore.go:\d+\) is held while waiting for another goroutine: a channel send`
	l.n--
	<-l.lane
}
