package methods

import (
	"sync"
	"time"
)

// A route table that a watcher goroutine sums the weights of: a route
// stored in the table is visible to it at once.
type route struct {
	path    string
	headers map[string]string
	weight  int
}

type routeTable struct {
	mu     sync.RWMutex
	routes map[string]*route
	log    []*route
}

func (t *routeTable) put(r *route) {
	t.mu.Lock()
	t.routes[r.path] = r
	t.mu.Unlock()
}

func (t *routeTable) record(r *route) {
	t.mu.Lock()
	t.log = append(t.log, r)
	t.mu.Unlock()
}

func (t *routeTable) snapshot() []*route {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]*route, 0, len(t.routes))
	for _, r := range t.routes {
		out = append(out, r)
	}
	return out
}

func (t *routeTable) Watch(every time.Duration, push func(int, int)) {
	go func() {
		for range time.Tick(every) {
			n, h := 0, 0
			for _, r := range t.snapshot() {
				n += r.weight
				h += len(r.headers["x-canary"])
			}
			push(n, h)
		}
	}()
}

// WRONG: the weight is set after the route is in the table.
func (t *routeTable) Add(path string, w int) {
	r := &route{path: path, headers: map[string]string{}}
	t.put(r)
	r.weight = w // want `r.weight is written here after \(\*routeTable\).put \(published.go:60\) stored r where other goroutines find it, under a lock, and the goroutine started at published.go:45 reads route.weight \(published.go:49 in a func literal in \(\*routeTable\).Watch\): nothing orders the two; finish r before it is stored, or write it under that lock`
}

// WRONG: a header added to a route already appended to the log.
func (t *routeTable) AddCanary(path string) {
	r := &route{path: path, headers: map[string]string{}}
	t.record(r)
	r.headers["x-canary"] = "1" // want `r.headers is written here after \(\*routeTable\).record \(published.go:67\) stored r where other goroutines find it`
}

// RIGHT: the route is finished before it is stored.
func (t *routeTable) AddFinished(path string, w int) {
	r := &route{path: path, headers: map[string]string{}}
	r.weight = w
	t.put(r)
}

// RIGHT: the late write is made under the table's lock.
func (t *routeTable) AddLocked(path string, w int) {
	r := &route{path: path, headers: map[string]string{}}
	t.put(r)
	t.mu.Lock()
	r.weight = w
	t.mu.Unlock()
}

// RIGHT: the path is not read by any goroutine the package starts.
func (t *routeTable) Rename(old, path string) {
	r := &route{path: old, headers: map[string]string{}}
	t.put(r)
	r.path = path
}
