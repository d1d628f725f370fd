package plain

import "sync"

// A stepper takes a value from its producer, which takes only its own
// lock, then an ack from its acker, which takes mu before it sends. Run holds mu
// across step: the first wait proves nothing, the second does, and the
// report names the second, with the acker.
type stepper struct {
	mu    sync.Mutex
	pmu   sync.Mutex
	made  int
	ready chan int
	acks  chan int
	n     int
}

func newStepper() *stepper {
	s := &stepper{ready: make(chan int), acks: make(chan int)}
	go s.produce()
	go s.ack()
	return s
}

func (s *stepper) produce() {
	for {
		s.pmu.Lock()
		s.made++
		i := s.made
		s.pmu.Unlock()
		s.ready <- i
	}
}

func (s *stepper) ack() {
	for {
		s.mu.Lock()
		s.n++
		n := s.n
		s.mu.Unlock()
		s.acks <- n
	}
}

func (s *stepper) step() int {
	v := <-s.ready
	a := <-s.acks // want `sync lock s.mu \(locked at twowaits.go:\d+\) is held while waiting for another goroutine: \(\*stepper\).Run calls \(\*stepper\).step \(twowaits.go:\d+\), which does a channel receive \(twowaits.go:\d+\); release it before waiting \(the send at twowaits.go:\d+ in \(\*stepper\).ack, run by the goroutine started at twowaits.go:\d+, may take s.mu first\)`
	return v + a
}

func (s *stepper) Run() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.step()
}
