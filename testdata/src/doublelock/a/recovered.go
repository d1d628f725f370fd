package a

import (
	"fmt"
	"sync"
)

// A runner of plugin jobs that records a job's panic in its own state.
type pluginJob interface {
	Name() string
	Apply(state map[string]string)
}

type jobRunner struct {
	mu     sync.Mutex
	state  map[string]string
	failed int
}

func (r *jobRunner) noteFailure(name string, p any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed++
	r.state[name] = fmt.Sprint("panic: ", p)
}

func (r *jobRunner) Run(j pluginJob) {
	defer func() {
		if p := recover(); p != nil {
			r.noteFailure(j.Name(), p)
		}
	}()
	r.mu.Lock()
	j.Apply(r.state) // want `r.mu is locked at recovered.go:33 and still held if j.Apply panics at recovered.go:34: the deferred handler at recovered.go:28 recovers and locks it again by calling the func literal, which calls r.noteFailure at recovered.go:30, which locks r.mu at recovered.go:21`
	r.mu.Unlock()
}

// The unlock deferred: released before the handler runs. Not reported.
func (r *jobRunner) RunDeferred(j pluginJob) {
	defer func() {
		if p := recover(); p != nil {
			r.noteFailure(j.Name(), p)
		}
	}()
	r.mu.Lock()
	defer r.mu.Unlock()
	j.Apply(r.state)
}

// The job's name taken under the lock, its run outside it: not
// reported.
func (r *jobRunner) RunOutside(j pluginJob) {
	defer func() {
		if p := recover(); p != nil {
			r.noteFailure(j.Name(), p)
		}
	}()
	name := j.Name()
	r.mu.Lock()
	r.state[name] = "running"
	r.mu.Unlock()
	j.Apply(nil)
}

// A handler that only logs: not reported.
func (r *jobRunner) RunLogged(j pluginJob) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Println("job panicked:", p)
		}
	}()
	r.mu.Lock()
	j.Apply(r.state)
	r.mu.Unlock()
}
