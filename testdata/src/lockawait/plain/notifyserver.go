package plain

import (
	"net/http"
	"sync"
)

// A fake server that tells a channel, if it has one, of each item its
// handler adds, with mu held. Its users give it the channel through a
// field only the package sets (its tests poke it).
type notifyServer struct {
	mu       sync.Mutex
	items    map[string]bool
	notifyCh chan<- string
}

func newNotifyServer() *notifyServer {
	return &notifyServer{items: make(map[string]bool)}
}

func (s *notifyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[r.URL.Path] = true
	s.notify(r.URL.Path)
}

func (s *notifyServer) notify(id string) {
	if s.notifyCh != nil {
		s.notifyCh <- id
	}
}

func (s *notifyServer) Add(id string) {
	s.mu.Lock()
	s.items[id] = false
	s.mu.Unlock()
}
