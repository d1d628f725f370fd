// want package:`lock order \(filter.Registry\).mu -> \(filter.Job\).mu, \(filter.Job\).mu -> \(filter.Registry\).mu`

// Package filter: a function passed by name, method expression or
// method value runs where its callee calls it.
package filter

import "sync"

type Job struct {
	mu      sync.Mutex
	name    string
	running bool
}

func (j *Job) Running() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.running
}

// A registry whose Select runs the filter on each job holding its lock.
type Registry struct {
	mu    sync.Mutex
	jobs  map[string]*Job
	names map[string]bool
}

func (r *Registry) Select(keep func(*Job) bool) []*Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Job
	for _, j := range r.jobs {
		if keep(j) {
			out = append(out, j)
		}
	}
	return out
}

// Each runs f after it lets the lock go.
func (r *Registry) Each(f func(*Job) bool) {
	r.mu.Lock()
	all := make([]*Job, 0, len(r.jobs))
	for _, j := range r.jobs {
		all = append(all, j)
	}
	r.mu.Unlock()
	for _, j := range all {
		f(j)
	}
}

func (r *Registry) reserve(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		return false
	}
	r.names[name] = true
	return true
}

// Active passes the method expression: the registry's lock, then each
// job's.
func Active(r *Registry) []*Job {
	return r.Select((*Job).Running) // want `lock order inversion: filter.Active takes \(filter.Registry\).mu then \(filter.Job\).mu \(r.mu \(by r.Select\) locked at filter.go:\d+, then j.mu at filter.go:\d+ by calling r.Select\(\(\*Job\).Running\), which locks j.mu at filter.go:\d+\), but \(\*filter.Job\).Rename takes \(filter.Job\).mu then \(filter.Registry\).mu`
}

// Idle passes it to Each, which runs it without the lock: no order.
func Idle(r *Registry) {
	r.Each((*Job).Running)
}

// Rename holds the job's lock while it reserves the name.
func (j *Job) Rename(r *Registry, name string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !r.reserve(name) {
		return false
	}
	j.name = name
	return true
}
