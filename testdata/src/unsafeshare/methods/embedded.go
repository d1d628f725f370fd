package methods

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// A map in a struct embedded in a struct embedded by pointer: the
// rotating goroutine replaces it under the owner's lock, Dump ranges
// over it through the promoted method without the lock.

type tally struct {
	counts map[string]int
}

func (t *tally) Each(f func(string, int)) {
	for k, v := range t.counts {
		f(k, v)
	}
}

func (t *tally) clear() {
	t.counts = make(map[string]int) // want `t.counts is written here by the goroutine started at embedded.go:\d+ and read at embedded.go:\d+ by the caller of Dump, with no lock in common`
}

type period struct {
	tally
	start time.Time
}

// WRONG
type Monitor struct {
	mu sync.Mutex
	*period
	stop chan struct{}
}

func NewMonitor(every time.Duration) *Monitor {
	m := &Monitor{period: &period{start: time.Now()}, stop: make(chan struct{})}
	m.counts = make(map[string]int)
	go m.rotate(every)
	return m
}

func (m *Monitor) rotate(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.mu.Lock()
			m.clear()
			m.start = time.Now()
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *Monitor) Dump(w io.Writer) {
	m.Each(func(k string, v int) { fmt.Fprintln(w, k, v) })
}

// RIGHT: Dump holds the lock.
type LockedMonitor struct {
	mu sync.Mutex
	*period
	stop chan struct{}
}

func NewLockedMonitor(every time.Duration) *LockedMonitor {
	m := &LockedMonitor{period: &period{start: time.Now()}, stop: make(chan struct{})}
	m.counts = make(map[string]int)
	go m.rotate(every)
	return m
}

func (m *LockedMonitor) rotate(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.mu.Lock()
			m.clear()
			m.start = time.Now()
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *LockedMonitor) Dump(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Each(func(k string, v int) { fmt.Fprintln(w, k, v) })
}
