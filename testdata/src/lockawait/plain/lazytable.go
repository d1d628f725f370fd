package plain

import (
	"context"
	"sync"
)

// Dispositions in flight: each waits on a channel with room for its
// answer, put in a table made on first use (a new map holding it, or
// the existing one): one put on either branch. The settler sends under
// the table's lock, then takes the channel out: no other answer finds
// it again, so the one send finds room. Not reported.
type dispositions struct {
	mu sync.RWMutex
	m  map[uint32]chan error
}

func (d *dispositions) add(id uint32) chan error {
	wait := make(chan error, 1)

	d.mu.Lock()
	if d.m == nil {
		d.m = map[uint32]chan error{id: wait}
	} else {
		d.m[id] = wait
	}
	d.mu.Unlock()

	return wait
}

func (d *dispositions) settle(first, last uint32, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := first; i <= last; i++ {
		if wait, ok := d.m[i]; ok {
			wait <- err
			delete(d.m, i)
		}
	}
}

func (d *dispositions) clear(err error) {
	d.mu.Lock()
	for id, wait := range d.m {
		wait <- err
		delete(d.m, id)
	}
	d.mu.Unlock()
}

type dispReceiver struct {
	inFlight     dispositions
	settleSecond bool
}

// Accept waits for the answer only in the second settle mode.
func (r *dispReceiver) Accept(ctx context.Context, id uint32) error {
	var wait chan error
	if r.settleSecond {
		wait = r.inFlight.add(id)
	}
	if wait == nil {
		return nil
	}
	select {
	case err := <-wait:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *dispReceiver) mux(ids chan [2]uint32, done chan struct{}) {
	for {
		select {
		case rng := <-ids:
			r.inFlight.settle(rng[0], rng[1], nil)
		case <-done:
			r.inFlight.clear(context.Canceled)
			return
		}
	}
}

func (r *dispReceiver) Start(ids chan [2]uint32, done chan struct{}) {
	go r.mux(ids, done)
}

// The same table that also files each channel under a second key on
// the same path: the two keys are two ways to one channel, and the
// second answer finds the buffer full while the first waits unread.
type twoKeyDispositions struct {
	mu     sync.Mutex
	m      map[uint32]chan error
	byName map[string]chan error
}

func (d *twoKeyDispositions) add(id uint32, name string) chan error {
	wait := make(chan error, 1)

	d.mu.Lock()
	if d.m == nil {
		d.m = map[uint32]chan error{id: wait}
	} else {
		d.m[id] = wait
	}
	d.byName[name] = wait
	d.mu.Unlock()

	return wait
}

func (d *twoKeyDispositions) settle(id uint32, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if wait, ok := d.m[id]; ok {
		wait <- err // want `sync lock d.mu \(locked at lazytable.go:\d+\) is held while waiting for another goroutine: a channel send`
		delete(d.m, id)
	}
}

func (d *twoKeyDispositions) settleName(name string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if wait, ok := d.byName[name]; ok {
		delete(d.byName, name)
		wait <- err // want `sync lock d.mu \(locked at lazytable.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

type twoKeyReceiver struct {
	inFlight twoKeyDispositions
}

func (r *twoKeyReceiver) Accept(ctx context.Context, id uint32, name string) error {
	wait := r.inFlight.add(id, name)
	select {
	case err := <-wait:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *twoKeyReceiver) mux(ids chan uint32, names chan string) {
	for {
		select {
		case id := <-ids:
			r.inFlight.settle(id, nil)
		case name := <-names:
			r.inFlight.settleName(name, nil)
		}
	}
}

func (r *twoKeyReceiver) Start(ids chan uint32, names chan string) {
	go r.mux(ids, names)
}
