package adapter

import (
	"sync"
	"testing"
	"time"
)

// WRONG: the handler writes handled on the server's loop goroutine; the
// test reads it with nothing in between.
func TestHandled(t *testing.T) {
	handled := 0
	s := New(HandlerFunc(func(j Job) {
		handled++ // want `handled is written here by the goroutine started at adapter.go:\d+ and read at adapter_test.go:\d+ by the caller of TestHandled`
	}), []Job{{1}, {2}})
	s.Start()
	deadline := time.Now().Add(time.Second)
	for handled < 2 && time.Now().Before(deadline) {
	}
	if handled != 2 {
		t.Errorf("handled %d jobs", handled)
	}
	s.Close()
}

// RIGHT: the handler and the test share a lock.
func TestHandledLocked(t *testing.T) {
	var mu sync.Mutex
	handled := 0
	s := New(HandlerFunc(func(j Job) {
		mu.Lock()
		handled++
		mu.Unlock()
	}), []Job{{1}, {2}})
	s.Start()
	deadline := time.Now().Add(time.Second)
	n := 0
	for n < 2 && time.Now().Before(deadline) {
		mu.Lock()
		n = handled
		mu.Unlock()
	}
	mu.Lock()
	n = handled
	mu.Unlock()
	if n != 2 {
		t.Errorf("handled %d jobs", n)
	}
	s.Close()
}

// RIGHT: the handler hands each job over a channel that the test
// receives from.
func TestHandledChan(t *testing.T) {
	var got []Job
	done := make(chan Job)
	s := New(HandlerFunc(func(j Job) {
		done <- j
	}), []Job{{1}, {2}})
	s.Start()
	got = append(got, <-done, <-done)
	if len(got) != 2 {
		t.Errorf("handled %d jobs", len(got))
	}
	s.Close()
}
