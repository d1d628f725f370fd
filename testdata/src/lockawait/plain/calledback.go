package plain

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// A resolver wrapper that feeds address updates to a pluggable picker
// on a goroutine of its own, and hands itself to the picker as the
// picker's connection pool. The package has no picker of its own: users
// plug theirs in, and a picker calls back into the pool it is given.
type addrUpdate struct {
	addrs []string
}

type picker interface {
	Update(u addrUpdate, pool connPool)
}

type connPool interface {
	Connect(addr string) int
}

type resolverWrapper struct {
	mu      sync.Mutex
	p       picker
	conns   map[string]int
	last    addrUpdate
	updates chan addrUpdate
	done    chan struct{}
}

func newResolverWrapper(p picker) *resolverWrapper {
	w := &resolverWrapper{p: p, conns: map[string]int{}, updates: make(chan addrUpdate), done: make(chan struct{})}
	go w.feed()
	return w
}

func (w *resolverWrapper) feed() {
	for {
		select {
		case <-w.done:
			return
		case u := <-w.updates:
			w.p.Update(u, w)
		}
	}
}

// Connect is the pool's side, which the picker calls back.
func (w *resolverWrapper) Connect(addr string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	id, ok := w.conns[addr]
	if !ok {
		id = len(w.conns) + 1
		w.conns[addr] = id
	}
	return id
}

func (w *resolverWrapper) Resolved(u addrUpdate) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = u
	select { // want `sync lock w.mu \(locked at calledback.go:64\) is held while waiting for another goroutine: a select without default \(calledback.go:67\); release it before waiting \(the receive at calledback.go:42 in \(\*resolverWrapper\).feed, run by the goroutine started at calledback.go:36, may take w.mu first\)`
	case w.updates <- u:
	case <-w.done:
	}
}

func (w *resolverWrapper) Close() { close(w.done) }

// The same wrapper that records the update under its lock and lets it
// go before it hands the update on: not reported.
type openWrapper struct {
	mu      sync.Mutex
	p       picker
	conns   map[string]int
	last    addrUpdate
	updates chan addrUpdate
	done    chan struct{}
}

func newOpenWrapper(p picker) *openWrapper {
	w := &openWrapper{p: p, conns: map[string]int{}, updates: make(chan addrUpdate), done: make(chan struct{})}
	go w.feed()
	return w
}

func (w *openWrapper) feed() {
	for {
		select {
		case <-w.done:
			return
		case u := <-w.updates:
			w.p.Update(u, w)
		}
	}
}

func (w *openWrapper) Connect(addr string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.conns[addr]++
	return w.conns[addr]
}

func (w *openWrapper) Resolved(u addrUpdate) {
	w.mu.Lock()
	w.last = u
	w.mu.Unlock()
	select {
	case w.updates <- u:
	case <-w.done:
	}
}

// A wrapper that hands the picker a pool of another type, one that
// takes no lock of the wrapper's: not reported.
type staticPool struct{ ids map[string]int }

func (s staticPool) Connect(addr string) int { return s.ids[addr] }

type fixedWrapper struct {
	mu      sync.Mutex
	p       picker
	pool    staticPool
	last    addrUpdate
	updates chan addrUpdate
}

func newFixedWrapper(p picker) *fixedWrapper {
	w := &fixedWrapper{p: p, pool: staticPool{ids: map[string]int{}}, updates: make(chan addrUpdate)}
	go w.feed()
	return w
}

func (w *fixedWrapper) feed() {
	for u := range w.updates {
		w.p.Update(u, w.pool)
	}
}

func (w *fixedWrapper) Connect(addr string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.last.addrs)
}

func (w *fixedWrapper) Resolved(u addrUpdate) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = u
	w.updates <- u
}

// A search index rebuilt from pluggable segments, each scanned on a
// goroutine of an errgroup, with the index's own add as the emit
// callback: Rebuild waits for the group holding ix.mu, which add takes.
type segment interface {
	scan(emit func(term string)) error
}

type termIndex struct {
	mu       sync.Mutex
	terms    map[string]int
	segments []segment
}

func (ix *termIndex) add(term string) {
	ix.mu.Lock()
	ix.terms[term]++
	ix.mu.Unlock()
}

func (ix *termIndex) Rebuild() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.terms = map[string]int{}
	var g errgroup.Group
	for _, s := range ix.segments {
		g.Go(func() error { return s.scan(ix.add) })
	}
	return g.Wait() // want `sync lock ix.mu \(locked at calledback.go:179\) is held while waiting for another goroutine: \(\*errgroup.Group\).Wait \(calledback.go:186\); release it before waiting \(the body at calledback.go:184 in a func literal in \(\*termIndex\).Rebuild, run by the goroutine started at calledback.go:184, may take ix.mu`
}

// The same index that scans into a buffer of each goroutine's own and
// merges under the lock after the wait: not reported.
type bufferedIndex struct {
	mu       sync.Mutex
	terms    map[string]int
	segments []segment
}

func (ix *bufferedIndex) Rebuild() error {
	bufs := make([][]string, len(ix.segments))
	var g errgroup.Group
	for i, s := range ix.segments {
		g.Go(func() error {
			return s.scan(func(term string) { bufs[i] = append(bufs[i], term) })
		})
	}
	err := g.Wait()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.terms = map[string]int{}
	for _, b := range bufs {
		for _, t := range b {
			ix.terms[t]++
		}
	}
	return err
}
