package plain

import (
	"errors"
	"sync"
)

func step() error { return errors.New("step") }

// Two goroutines report on errc, each once (a send ends its run), into
// a buffer of two: every send finds room. Not reported, though the
// function takes mu before it receives.
func runPair() error {
	var mu sync.Mutex
	errc := make(chan error, 2)
	go func() {
		if err := step(); err != nil {
			errc <- err
			return
		}
		errc <- nil
	}()
	go func() {
		mu.Lock()
		defer mu.Unlock()
		if err := step(); err != nil {
			errc <- err
			return
		}
		errc <- nil
	}()
	mu.Lock()
	mu.Unlock()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// Three goroutines into a buffer of two: the third send may find it
// full while the function waits for mu.
func runThree() error {
	var mu sync.Mutex
	errc := make(chan error, 2)
	go func() {
		errc <- step()
	}()
	go func() {
		errc <- step()
	}()
	go func() {
		mu.Lock()
		defer mu.Unlock()
		errc <- step() // want `sync lock mu \(locked at errch.go:52\) is held while waiting for another goroutine: a channel send \(errch.go:54\)`
	}()
	mu.Lock()
	mu.Unlock()
	<-errc
	<-errc
	return <-errc
}

// drain receives n values from errc; it never sends on it.
func drain(errc chan error, n int) error {
	var first error
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// The same pair, with the receives in a helper whose parameter is
// bidirectional but only received from: still two sends into a buffer
// of two. Not reported.
func runPairDrained() error {
	var mu sync.Mutex
	errc := make(chan error, 2)
	go func() {
		if err := step(); err != nil {
			errc <- err
			return
		}
		errc <- nil
	}()
	go func() {
		mu.Lock()
		defer mu.Unlock()
		errc <- step()
	}()
	mu.Lock()
	mu.Unlock()
	return drain(errc, 2)
}

// retryDrain sends back on errc what it cannot handle: a third sender.
func retryDrain(errc chan error) error {
	err := <-errc
	if err != nil {
		errc <- err
	}
	return <-errc
}

// The helper sends too: a third send may find the buffer full.
func runPairResent() error {
	var mu sync.Mutex
	errc := make(chan error, 2)
	go func() {
		errc <- step()
	}()
	go func() {
		mu.Lock()
		defer mu.Unlock()
		errc <- step() // want `sync lock mu \(locked at errch.go:114\) is held while waiting for another goroutine: a channel send \(errch.go:116\)`
	}()
	mu.Lock()
	mu.Unlock()
	return retryDrain(errc)
}
