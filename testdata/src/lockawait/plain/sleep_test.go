package plain

import (
	"sync"
	"testing"
	"time"
)

// A test that holds a lock while it sleeps, to keep another goroutine
// off it while it sets a scene: silent.
func TestHoldWhileSleeping(t *testing.T) {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		mu.Unlock()
		done <- true
	}()
	mu.Lock()
	time.Sleep(10 * time.Millisecond)
	mu.Unlock()
	<-done
}

// waitParked polls until n goroutines wait on the registry, as tests
// that hold its lock do to park them there.
func waitParked(r *parkRegistry, n int) {
	for i := 0; i < 100; i++ {
		if r.waiting.Load() >= int32(n) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// A test that holds the registry's lock through a helper that polls
// (sleeping) until the registry's goroutines are parked on it: the
// sleep is the test's scene, as above. Silent.
func TestParkedOnRegistry(t *testing.T) {
	r := newParkRegistry()
	r.mu.Lock()
	go r.add("a")
	waitParked(r, 1)
	r.mu.Unlock()
}

// The same test polling through the registry's own code: a sleep in
// the package under test holds the lock against its goroutines.
// Reported.
func TestParkedThroughRegistry(t *testing.T) {
	r := newParkRegistry()
	r.mu.Lock()
	go r.add("a")
	r.SettleLocked() // want `sync lock r.mu \(locked at sleep_test.go:\d+\) is held while waiting for another goroutine: \(\*parkRegistry\).SettleLocked calls time.Sleep \(parkreg.go:\d+\)`
	r.mu.Unlock()
}
