package plain

import "sync"

// A listener whose Accept and dispatch both hold the read lock while
// they wait, and whose Close write-locks only after it closed done,
// which both waits watch: the writer waits for the lock only once every
// reader's wait is ready, so it never stands between two readers.
type fencedListener struct {
	mu   sync.RWMutex
	done chan struct{}
	c    chan int
}

func newFencedListener(conns <-chan int) *fencedListener {
	l := &fencedListener{done: make(chan struct{}), c: make(chan int)}
	go l.serve(conns)
	return l
}

func (l *fencedListener) serve(conns <-chan int) {
	for conn := range conns {
		go l.dispatch(conn)
	}
}

func (l *fencedListener) dispatch(conn int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	select {
	case <-l.done:
	case l.c <- conn:
	}
}

func (l *fencedListener) Accept() (int, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	select {
	case <-l.done:
		return 0, false
	case conn := <-l.c:
		return conn, true
	}
}

func (l *fencedListener) Close() {
	close(l.done)
	l.mu.Lock()
	l.c = nil
	l.mu.Unlock()
}

// The same listener whose Close write-locks first: a Close waiting for
// the lock blocks the dispatcher's read lock while Accept, holding its
// own, waits for the dispatcher.
type unfencedListener struct {
	mu   sync.RWMutex
	done chan struct{}
	c    chan int
}

func newUnfencedListener(conns <-chan int) *unfencedListener {
	l := &unfencedListener{done: make(chan struct{}), c: make(chan int)}
	go l.serve(conns)
	return l
}

func (l *unfencedListener) serve(conns <-chan int) {
	for conn := range conns {
		go l.dispatch(conn)
	}
}

func (l *unfencedListener) dispatch(conn int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	select { // want `sync read lock l.mu \(locked at fence.go:76\) is held while waiting for another goroutine: a select without default \(fence.go:78\); release it before waiting \(the close at fence.go:97 in \(\*unfencedListener\).Close may take l.mu first\)`
	case <-l.done:
	case l.c <- conn:
	}
}

func (l *unfencedListener) Accept() (int, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	select { // want `sync read lock l.mu \(locked at fence.go:85\) is held while waiting for another goroutine: a select without default \(fence.go:87\); release it before waiting \(the close at fence.go:97 in \(\*unfencedListener\).Close may take l.mu first\)`
	case <-l.done:
		return 0, false
	case conn := <-l.c:
		return conn, true
	}
}

func (l *unfencedListener) Close() {
	l.mu.Lock()
	close(l.done)
	l.c = nil
	l.mu.Unlock()
}
