package plain

import (
	"sync"
	"testing"
	"time"
)

// Tests that drive the janitor (stopflag.go) and the expiring cache
// (lendrain.go) into a state through their unexported fields: a store
// of false into stopped outside Start's section, a send on timerCh
// without mu. The waits of the package's own code rest on what its
// methods keep; a test's poke does not make them reported.
func TestJanitorStopTwice(t *testing.T) {
	j := &janitor{stopCh: make(chan struct{}, 1), stopped: true}
	j.Stop()
	j.stopped = false
	j.Stop()
	if len(j.stopCh) != 1 {
		t.Fatal("no stop sent")
	}
}

func TestExpCacheWake(t *testing.T) {
	c := newExpCache()
	c.timerCh <- time.Millisecond
	c.Set("k", time.Second)
	close(c.stopCh)
}

// A fake server the tests declare themselves: its methods, in a test
// file, keep its invariant (every send on update under mu, after
// dropping a stale value). They are its code, not pokes. Not reported.
type fakeHealthServer struct {
	mu     sync.Mutex
	status map[string]int
	update chan struct{}
}

func (s *fakeHealthServer) watch(stop chan struct{}, out chan<- int) {
	for {
		select {
		case <-stop:
			return
		case <-s.update:
		}
		s.mu.Lock()
		st := s.status["foo"]
		s.mu.Unlock()
		out <- st
	}
}

func (s *fakeHealthServer) SetServingStatus(service string, st int) {
	s.mu.Lock()
	s.status[service] = st
	select {
	case <-s.update:
	default:
	}
	s.update <- struct{}{}
	s.mu.Unlock()
}

func TestFakeHealth(t *testing.T) {
	s := &fakeHealthServer{status: map[string]int{}, update: make(chan struct{}, 1)}
	stop, out := make(chan struct{}), make(chan int, 1)
	go s.watch(stop, out)
	s.SetServingStatus("foo", 1)
	<-out
	close(stop)
}
