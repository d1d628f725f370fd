package a

import (
	"errors"
	"sync"
)

// A mock driver matches a call against its expectations: it locks each
// in turn and keeps the lock of the one that matches, through the
// variable it assigns it to, which it unlocks after the loop. The
// break leaves the lock held under another name. Not reported.
type expectation struct {
	sync.Mutex
	method string
	done   bool
}

type mockDriver struct {
	mu       sync.Mutex
	expected []*expectation
}

func (d *mockDriver) next(method string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var matched *expectation
	for _, e := range d.expected {
		e.Lock()
		if e.done {
			e.Unlock()
			continue
		}
		if e.method == method {
			matched = e
			break
		}
		e.Unlock()
	}
	if matched == nil {
		return errors.New("unexpected call")
	}
	defer matched.Unlock()
	matched.done = true
	return nil
}

// The same driver that marks the match done and forgets its lock: the
// break leaves e locked, and no name releases it.
func (d *mockDriver) nextForgetful(method string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var matched *expectation
	for _, e := range d.expected {
		e.Lock()
		if e.method == method {
			matched = e
			break // want `e.Mutex locked at matched.go:\d+ is still held at the break at matched.go:\d+; it is unlocked at matched.go:\d+ on other paths`
		}
		e.Unlock()
	}
	if matched == nil {
		return errors.New("unexpected call")
	}
	matched.done = true
	return nil
}
