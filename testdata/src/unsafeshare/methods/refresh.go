package methods

import (
	"sync"
	"time"
)

// A Resolver refreshes its table every minute in a goroutine that never
// stops; Lookup and Len read it without the lock the refresh takes. The
// sleep between two refreshes orders nothing.
type Resolver struct {
	mu    sync.Mutex
	table map[string]string
}

func (r *Resolver) Start() {
	go func() {
		for {
			r.mu.Lock()
			r.table["localhost"] = "127.0.0.1" // want `the map r.table is written here by the goroutine started at refresh.go:17 and read at refresh.go:\d+ by the caller of (Lookup|Len)`
			r.mu.Unlock()
			time.Sleep(time.Minute)
		}
	}()
}

func (r *Resolver) Lookup(host string) string { return r.table[host] }

func (r *Resolver) Len() int { return len(r.table) }

// A LockedResolver reads under the lock: no race.
type LockedResolver struct {
	mu    sync.Mutex
	table map[string]string
}

func (r *LockedResolver) Start() {
	go func() {
		for {
			r.mu.Lock()
			r.table["localhost"] = "127.0.0.1"
			r.mu.Unlock()
			time.Sleep(time.Minute)
		}
	}()
}

func (r *LockedResolver) Lookup(host string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.table[host]
}

func (r *LockedResolver) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.table)
}

// A Gauge's only reader is Size: len reads the map's count, which the
// loop's writes change.
type Gauge struct {
	mu   sync.Mutex
	seen map[int]bool
	quit chan struct{}
}

func (g *Gauge) Run() {
	go func() {
		for i := 0; ; i++ {
			select {
			case <-g.quit:
				return
			default:
			}
			g.mu.Lock()
			g.seen[i] = true // want `the map g.seen is written here by the goroutine started at refresh.go:\d+ and read at refresh.go:\d+ by the caller of Size`
			g.mu.Unlock()
		}
	}()
}

func (g *Gauge) Size() int { return len(g.seen) }
