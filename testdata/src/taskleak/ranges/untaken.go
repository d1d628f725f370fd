package ranges

import (
	"errors"
	"fmt"
)

// attach starts copying, then returns early when start fails: nobody
// takes the copy's result, and its goroutine blocks on the send forever.
func attach(copyStreams, start func() error) error {
	errCh := make(chan error)
	go func() { // want `the goroutine started here blocks forever on its send on errCh \(line 13\) when the function returns at line 16 without receiving from it; make errCh buffered \(make\(chan error, 1\)\), or receive on every path`
		errCh <- copyStreams()
	}()
	if err := start(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	return <-errCh
}

// With room for the one value, the goroutine ends either way: silent.
func attachBuffered(copyStreams, start func() error) error {
	errCh := make(chan error, 1)
	go func() {
		errCh <- copyStreams()
	}()
	if err := start(); err != nil {
		return err
	}
	return <-errCh
}

// Every path receives: silent.
func attachAll(copyStreams, start func() error) error {
	errCh := make(chan error)
	go func() {
		errCh <- copyStreams()
	}()
	err := start()
	if cerr := <-errCh; cerr != nil {
		return cerr
	}
	return err
}

// The early return panics instead: silent.
func attachOrPanic(copyStreams, start func() error) error {
	errCh := make(chan error)
	go func() {
		errCh <- copyStreams()
	}()
	if err := start(); err != nil {
		panic(errors.Join(errors.New("start"), err))
	}
	return <-errCh
}

// The goroutine gives up when told: silent.
func attachStop(copyStreams, start func() error) error {
	errCh := make(chan error)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case errCh <- copyStreams():
		case <-stop:
		}
	}()
	if err := start(); err != nil {
		return err
	}
	return <-errCh
}
