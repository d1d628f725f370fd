package plain

import "sync"

// A fake container server for tests: it starts and stops containers
// under its lock and tells the test, on the channel the test gave it.
type FakeServer struct {
	cMut       sync.RWMutex
	containers map[string]bool
	cChan      chan<- string
}

func NewFakeServer(notify chan<- string) *FakeServer {
	return &FakeServer{containers: make(map[string]bool), cChan: notify}
}

func (s *FakeServer) notify(id string) {
	if s.cChan != nil {
		s.cChan <- id
	}
}

func (s *FakeServer) Add(id string) {
	s.cMut.Lock()
	defer s.cMut.Unlock()
	s.containers[id] = false
}

func (s *FakeServer) Start(id string) {
	s.cMut.Lock()
	defer s.cMut.Unlock()
	s.containers[id] = true
	s.notify(id)
}

func (s *FakeServer) Stop(id string) {
	s.cMut.Lock()
	defer s.cMut.Unlock()
	s.containers[id] = false
	s.notify(id)
}
