package a

import "sync"

// Services keeps one starter per service, each a closure around a
// sync.Once whose body marks the service started: markStarted locks s.mu.
// StartAll runs the starters while it holds s.mu.
type Services struct {
	mu       sync.Mutex
	started  map[string]bool
	starters map[string]func()
	stoppers map[string]func()
}

func NewServices() *Services {
	return &Services{started: map[string]bool{}, starters: map[string]func(){}, stoppers: map[string]func(){}}
}

func (s *Services) Register(name string, run func()) {
	var once sync.Once
	s.mu.Lock()
	defer s.mu.Unlock()
	s.starters[name] = func() {
		once.Do(func() {
			run()
			s.markStarted(name)
		})
	}
	s.stoppers[name] = func() { run() }
}

func (s *Services) markStarted(name string) {
	s.mu.Lock()
	s.started[name] = true
	s.mu.Unlock()
}

func (s *Services) StartAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, start := range s.starters {
		start() // want `s.mu is locked at inits.go:39 and locked again at inits.go:42 by calling start, which calls the func literal stored at inits.go:\d+, which locks s.mu at inits.go:\d+; sync.Mutex is not reentrant`
	}
}

func (s *Services) Start(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.starters[name]() // want `s.mu is locked at inits.go:\d+ and locked again at inits.go:\d+ by calling s.starters\[name\]`
}

// StopAll runs stoppers, which take no lock of s.
func (s *Services) StopAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, stop := range s.stoppers {
		stop()
	}
}

// StartAllUnlocked is the fix: the starters are copied under the lock
// and run after it is released.
func (s *Services) StartAllUnlocked() {
	s.mu.Lock()
	fns := make([]func(), 0, len(s.starters))
	for _, f := range s.starters {
		fns = append(fns, f)
	}
	s.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// Other runs another Services' starters under its own lock: o.mu, not s.mu.
func (s *Services) Other(o *Services) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, start := range o.starters {
		start()
	}
}
