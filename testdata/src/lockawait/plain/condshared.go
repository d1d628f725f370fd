package plain

import "sync"

// A fetch whose owner hands it the mutex it shares with its siblings:
// the fetch keeps it in its state's embedded Mutex and makes its Cond on
// the same mutex. wait holds f.state (that mutex) in Wait, which
// releases it: the goroutine that finishes the fetch takes it to
// Signal. Not reported.
type sharedFetch struct {
	state struct {
		*sync.Mutex
		done bool
		val  string
		cond *sync.Cond
	}
}

func newSharedFetch(mu *sync.Mutex) *sharedFetch {
	f := &sharedFetch{}
	f.state.Mutex = mu
	f.state.cond = sync.NewCond(mu)
	return f
}

func (f *sharedFetch) start(load func() string) {
	go func() {
		v := load()
		f.state.Lock()
		defer f.state.Unlock()
		f.state.val = v
		f.state.done = true
		f.state.cond.Signal()
	}()
}

func (f *sharedFetch) wait() string {
	f.state.Lock()
	defer f.state.Unlock()
	for !f.state.done {
		f.state.cond.Wait()
	}
	return f.state.val
}

// The same fetch with a Cond on a mutex of its own: Wait releases that
// one and keeps f.state's, which the goroutine needs to Signal.
// Reported.
type splitFetch struct {
	state struct {
		*sync.Mutex
		done bool
		val  string
		cond *sync.Cond
	}
}

func newSplitFetch(mu *sync.Mutex) *splitFetch {
	f := &splitFetch{}
	f.state.Mutex = mu
	f.state.cond = sync.NewCond(new(sync.Mutex))
	return f
}

func (f *splitFetch) start(load func() string) {
	go func() {
		v := load()
		f.state.Lock()
		defer f.state.Unlock()
		f.state.val = v
		f.state.done = true
		f.state.cond.Signal()
	}()
}

func (f *splitFetch) wait() string {
	f.state.Lock()
	defer f.state.Unlock()
	for !f.state.done {
		f.state.cond.Wait() // want `sync lock f.state.Mutex \(locked at condshared.go:\d+\) is held while waiting for another goroutine`
	}
	return f.state.val
}
