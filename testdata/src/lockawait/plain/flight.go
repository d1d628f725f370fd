package plain

import "sync"

// A flight runs one refresh at a time for any number of waiters: each
// waiter gets a channel with room for one result, and the refresh sends
// the result on each and closes it, holding mu. One send per channel:
// it finds room. Not reported, though Do takes mu.
type flight struct {
	mu      sync.Mutex
	running bool
	waiters []chan error
	refresh func() error
}

func (f *flight) wait() chan error {
	ch := make(chan error, 1)
	f.waiters = append(f.waiters, ch)
	return ch
}

func (f *flight) start() chan error {
	f.running = true
	ch := f.wait()
	go func() {
		err := f.refresh()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.running = false
		for _, ch := range f.waiters {
			ch <- err
			close(ch)
		}
		f.waiters = f.waiters[:0]
	}()
	return ch
}

func (f *flight) Do() error {
	f.mu.Lock()
	var ch chan error
	if f.running {
		ch = f.wait()
	} else {
		ch = f.start()
	}
	f.mu.Unlock()
	return <-ch
}

// The same, but the waiters are kept across refreshes and never closed:
// the next refresh sends again on a channel whose waiter has gone, and
// waits there with mu held.
type leakyFlight struct {
	mu      sync.Mutex
	running bool
	waiters []chan error
	refresh func() error
}

func (f *leakyFlight) wait() chan error {
	ch := make(chan error, 1)
	f.waiters = append(f.waiters, ch)
	return ch
}

func (f *leakyFlight) start() chan error {
	f.running = true
	ch := f.wait()
	go func() {
		err := f.refresh()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.running = false
		for _, ch := range f.waiters {
			ch <- err // want `sync lock f.mu \(locked at flight.go:72\) is held while waiting for another goroutine: a channel send \(flight.go:76\)`
		}
	}()
	return ch
}

func (f *leakyFlight) Do() error {
	f.mu.Lock()
	var ch chan error
	if f.running {
		ch = f.wait()
	} else {
		ch = f.start()
	}
	f.mu.Unlock()
	return <-ch
}
