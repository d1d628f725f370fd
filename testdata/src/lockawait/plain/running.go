package plain

import "sync"

// A scheduler hands new jobs to its loop once the loop runs. Run takes
// the lock to mark the scheduler running and then becomes the loop;
// Add sends to the loop only when it finds it running, under the same
// lock. Run's lock is behind it by then: the flag is set in the very
// section it opens, and Start, the other place that sets it, starts
// the loop, which takes no lock. Not reported.
type scheduler struct {
	mu      sync.Mutex
	running bool
	jobs    []func()
	add     chan func()
	stop    chan struct{}
}

func newScheduler() *scheduler {
	return &scheduler{add: make(chan func()), stop: make(chan struct{})}
}

func (s *scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return
	}
	s.running = true
	go s.loop()
}

func (s *scheduler) Run() {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	s.loop()
}

func (s *scheduler) loop() {
	for {
		select {
		case j := <-s.add:
			s.jobs = append(s.jobs, j)
			go j()
		case <-s.stop:
			return
		}
	}
}

func (s *scheduler) Add(j func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		s.jobs = append(s.jobs, j)
		return
	}
	s.add <- j
}

func (s *scheduler) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.stop <- struct{}{}
		s.running = false
	}
}

// The same scheduler whose loop takes the lock on each job, after the
// flag is set: the flag proves nothing about that lock. Reported.
type lockedScheduler struct {
	mu      sync.Mutex
	running bool
	done    int
	add     chan func()
}

func (s *lockedScheduler) Run() {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	s.loop()
}

func (s *lockedScheduler) loop() {
	for j := range s.add {
		j()
		s.mu.Lock()
		s.done++
		s.mu.Unlock()
	}
}

func (s *lockedScheduler) Add(j func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.add <- j // want `sync lock s.mu \(locked at running.go:105\) is held while waiting for another goroutine: a channel send \(running.go:108\)`
	}
}

// A scheduler whose flag is set where nothing starts the loop: seeing
// it set says nothing about where Run is. Reported.
type markedScheduler struct {
	mu      sync.Mutex
	running bool
	add     chan func()
}

func (s *markedScheduler) MarkRunning() {
	s.mu.Lock()
	s.running = true
	s.mu.Unlock()
}

func (s *markedScheduler) Run() {
	s.mu.Lock()
	s.running = true
	s.mu.Unlock()
	for j := range s.add {
		j()
	}
}

func (s *markedScheduler) Add(j func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.add <- j // want `sync lock s.mu \(locked at running.go:136\) is held while waiting for another goroutine: a channel send \(running.go:139\)`
	}
}
