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
