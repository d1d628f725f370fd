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
