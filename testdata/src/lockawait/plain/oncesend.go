package plain

import "sync"

// A link reports its shutdown error to a pending call through a channel
// with room for one, from a shutdown that runs once (a sync.Once field
// of the link, never reset): at most one value is ever sent, so the
// send under the link's lock finds room. Not reported.
type link struct {
	m        sync.Mutex
	shutOnce sync.Once
	errs     chan error
	closed   bool
}

func newLink() *link { return &link{errs: make(chan error, 1)} }

func (l *link) shutdown(err error) {
	l.shutOnce.Do(func() {
		l.m.Lock()
		defer l.m.Unlock()
		l.closed = true
		if err != nil {
			l.errs <- err
		}
		close(l.errs)
	})
}

func (l *link) call() error {
	l.m.Lock()
	closed := l.closed
	l.m.Unlock()
	if closed {
		return nil
	}
	return <-l.errs
}

// The same link whose shutdown sends every error it is given: the
// second send waits for the pending call, which takes the lock first.
// Reported.
type twiceLink struct {
	m        sync.Mutex
	shutOnce sync.Once
	errs     chan error
	closed   bool
}

func newTwiceLink() *twiceLink { return &twiceLink{errs: make(chan error, 1)} }

func (l *twiceLink) shutdown(errs []error) {
	l.shutOnce.Do(func() {
		l.m.Lock()
		defer l.m.Unlock()
		l.closed = true
		for _, err := range errs {
			l.errs <- err // want `sync lock l.m \(locked at oncesend.go:54\) is held while waiting for another goroutine: a channel send \(oncesend.go:58\)`
		}
	})
}

func (l *twiceLink) call() error {
	l.m.Lock()
	closed := l.closed
	l.m.Unlock()
	if closed {
		return nil
	}
	return <-l.errs
}
