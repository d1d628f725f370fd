// want package:`lock order \(lockers.targetSet\).mu -> \(lockers.tracker\).mu, \(lockers.tracker\).mu -> \(lockers.targetSet\).mu`

// Package lockers runs critical sections through a helper that takes a
// sync.Locker: &s.mu write-locks, s.mu.RLocker() read-locks.
package lockers

import "sync"

func withLock(l sync.Locker, section func()) {
	l.Lock()
	defer l.Unlock()
	section()
}

// A set of targets whose health is kept by a tracker that points back
// at the set.
type targetSet struct {
	mu      sync.RWMutex
	targets map[string]bool
	health  *tracker
}

type tracker struct {
	mu       sync.Mutex
	failures map[string]int
	set      *targetSet
}

func (s *targetSet) each(visit func(url string)) {
	withLock(s.mu.RLocker(), func() { // want `lock order inversion: \(\*lockers.targetSet\).each takes \(lockers.targetSet\).mu then \(lockers.tracker\).mu \(s.mu \(by withLock\) locked at lockers.go:10, then t.mu at lockers.go:30 by calling withLock\(func literal\), which calls visit \(the func literal at lockers.go:44\) at lockers.go:32, which calls s.health.record at lockers.go:45, which locks t.mu at lockers.go:50\), but \(\*lockers.tracker\).dropFailing takes \(lockers.tracker\).mu then \(lockers.targetSet\).mu`
		for url := range s.targets {
			visit(url)
		}
	})
}

func (s *targetSet) remove(url string) {
	withLock(&s.mu, func() { delete(s.targets, url) })
}

// probeAll reports each target's health while each holds the set's
// read lock: the set's lock, then the tracker's.
func (s *targetSet) probeAll(probe func(string) error) {
	s.each(func(url string) {
		s.health.record(url, probe(url))
	})
}

func (t *tracker) record(url string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.failures[url]++
	}
}

// dropFailing removes failing targets holding the tracker's lock: the
// tracker's lock, then the set's.
func (t *tracker) dropFailing() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for url, n := range t.failures {
		if n > 3 {
			t.set.remove(url)
			delete(t.failures, url)
		}
	}
}

// The same set that collects its targets under the read lock and probes
// them after: not reported.
type poolSet struct {
	mu     sync.RWMutex
	hosts  map[string]bool
	health *poolTracker
}

type poolTracker struct {
	mu       sync.Mutex
	failures map[string]int
	set      *poolSet
}

func (s *poolSet) list() []string {
	var out []string
	withLock(s.mu.RLocker(), func() {
		for h := range s.hosts {
			out = append(out, h)
		}
	})
	return out
}

func (s *poolSet) remove(h string) {
	withLock(&s.mu, func() { delete(s.hosts, h) })
}

func (s *poolSet) probeAll(probe func(string) error) {
	for _, h := range s.list() {
		s.health.record(h, probe(h))
	}
}

func (t *poolTracker) record(h string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.failures[h]++
	}
}

func (t *poolTracker) dropFailing() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for h, n := range t.failures {
		if n > 3 {
			t.set.remove(h)
		}
	}
}
