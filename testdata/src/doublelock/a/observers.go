package a

import (
	"fmt"
	"sync"
)

// A gauge keeps observers that its owner registers with OnChange, a
// method that appends them to a slice. Set runs them with mu held, and
// the observer that the package registers reads the gauge back through
// Value, which locks the same mu: the first Set deadlocks.
type gauge struct {
	mu        sync.Mutex
	v         int
	observers []func()
}

func (g *gauge) OnChange(f func()) {
	g.mu.Lock()
	g.observers = append(g.observers, f)
	g.mu.Unlock()
}

func (g *gauge) Set(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.v = v
	for _, f := range g.observers {
		f() // want `g.mu is locked at observers.go:\d+ and locked again at observers.go:\d+ by calling f, which calls the func literal stored at observers.go:\d+, which locks g.mu at observers.go:\d+`
	}
}

func (g *gauge) Value() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.v
}

func watchGauge(g *gauge) {
	g.OnChange(func() { fmt.Println(g.Value()) })
}

// The same registry whose Set copies the observers and runs them after
// it unlocks: the observer's Value finds mu free.
type safeGauge struct {
	mu        sync.Mutex
	v         int
	observers []func()
}

func (g *safeGauge) OnChange(f func()) {
	g.mu.Lock()
	g.observers = append(g.observers, f)
	g.mu.Unlock()
}

func (g *safeGauge) Set(v int) {
	g.mu.Lock()
	g.v = v
	observers := append([]func(){}, g.observers...)
	g.mu.Unlock()
	for _, f := range observers {
		f()
	}
}

func (g *safeGauge) Value() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.v
}

func watchSafeGauge(g *safeGauge) {
	g.OnChange(func() { fmt.Println(g.Value()) })
}

// An observer that does not come back to the gauge: nothing to report.
type quietGauge struct {
	mu        sync.Mutex
	v         int
	observers []func(int)
}

func (g *quietGauge) OnChange(f func(int)) {
	g.mu.Lock()
	g.observers = append(g.observers, f)
	g.mu.Unlock()
}

func (g *quietGauge) Set(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.v = v
	for _, f := range g.observers {
		f(v)
	}
}

func watchQuietGauge(g *quietGauge) {
	g.OnChange(func(v int) { fmt.Println(v) })
}
