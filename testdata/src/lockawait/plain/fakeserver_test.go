package plain

import (
	"sync"
	"testing"
)

// The test adds a container and starts it itself, then reads the
// notification: it is the only goroutine that starts containers, so it
// has sent before it receives, whatever locks it took on the way.
func TestStartNotifies(t *testing.T) {
	ids := []string{"a", "b"}
	ch := make(chan string, len(ids))
	s := NewFakeServer(ch)
	for _, id := range ids {
		s.Add(id)
		s.Start(id)
	}
	for range ids {
		if id := <-ch; id == "" {
			t.Fatal(id)
		}
	}
}

// The same server, whose notifications a goroutine makes: the test adds
// another container before it reads the notification, and the goroutine
// may hold the lock to send while the test waits for the lock to add.
type asyncServer struct {
	mu    sync.Mutex
	state map[string]bool
	ch    chan<- string
}

func (s *asyncServer) add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[id] = false
}

func (s *asyncServer) start(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[id] = true
	s.ch <- id // want `sync lock s.mu \(locked at fakeserver_test.go:\d+\) is held while waiting for another goroutine: a channel send \(fakeserver_test.go:\d+\); release it before waiting \(the receive at fakeserver_test.go:\d+ in TestStartAsync may take s.mu first\)`
}

func TestStartAsync(t *testing.T) {
	ch := make(chan string)
	s := &asyncServer{state: map[string]bool{}, ch: ch}
	go s.start("a")
	s.add("b")
	if id := <-ch; id != "a" {
		t.Fatal(id)
	}
}
