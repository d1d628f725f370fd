package plain

import (
	"sync"
	"sync/atomic"
	"time"
)

// parkRegistry is the registry the tests in sleep_test.go park
// goroutines on.
type parkRegistry struct {
	mu      sync.Mutex
	names   []string
	waiting atomic.Int32
}

func newParkRegistry() *parkRegistry { return &parkRegistry{} }

func (r *parkRegistry) add(name string) {
	r.waiting.Add(1)
	r.mu.Lock()
	r.waiting.Add(-1)
	r.names = append(r.names, name)
	r.mu.Unlock()
}

// SettleLocked waits a little for concurrent adds; the caller holds mu.
func (r *parkRegistry) SettleLocked() {
	time.Sleep(time.Millisecond)
}
