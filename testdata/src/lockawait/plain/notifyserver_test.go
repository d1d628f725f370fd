package plain

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// The test pokes a channel of its own into the server and drives the
// handler itself: its receive is not a peer of the package's send.
func TestNotifyPoked(t *testing.T) {
	ch := make(chan string, 1)
	s := newNotifyServer()
	s.notifyCh = ch
	s.Add("a")
	var h http.Handler = s
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/b", nil))
	s.Add("c")
	if id := <-ch; id != "/b" {
		t.Fatal(id)
	}
}

// A server the test file declares itself: its field is the test's to
// set, and the handler it starts may hold mu, sending, while the test
// waits for mu to add.
type ownNotifyServer struct {
	mu       sync.Mutex
	items    map[string]bool
	notifyCh chan string
}

func (s *ownNotifyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[r.URL.Path] = true
	s.notifyCh <- r.URL.Path // want `sync lock s.mu \(locked at notifyserver_test.go:\d+\) is held while waiting for another goroutine: a channel send \(notifyserver_test.go:\d+\); release it before waiting \(the receive at notifyserver_test.go:\d+ in TestNotifyOwn may take s.mu first\)`
}

func (s *ownNotifyServer) Add(id string) {
	s.mu.Lock()
	s.items[id] = false
	s.mu.Unlock()
}

func TestNotifyOwn(t *testing.T) {
	s := &ownNotifyServer{items: make(map[string]bool)}
	s.notifyCh = make(chan string)
	go s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/b", nil))
	s.Add("c")
	<-s.notifyCh
}
