package methods

import (
	"sync"
	"time"
)

// A watcher goroutine updates a map kept in nested and embedded fields
// under its owner's lock, reaching the updating method through an
// interface; readers are the owner's exported methods.

type Listener interface {
	Changed(name string, addrs []string)
}

type routes struct {
	byName map[string][]string
}

type table struct {
	routes routes
	epoch  int
}

type watch struct {
	every time.Duration
	fetch func() map[string][]string
}

func (w *watch) run(l Listener) {
	t := time.NewTicker(w.every)
	defer t.Stop()
	for range t.C {
		for name, addrs := range w.fetch() {
			l.Changed(name, addrs)
		}
	}
}

// WRONG: Lookup reads the map without the lock Changed holds.
type Directory struct {
	mu    sync.Mutex
	table table
	w     watch
}

func (d *Directory) Watch() {
	go d.w.run(d)
}

func (d *Directory) Changed(name string, addrs []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.table.routes.byName[name] = addrs // want `the map d.table.routes.byName is written here by the goroutine started at nested.go:\d+ and read at nested.go:\d+ by the caller of Lookup, with no lock in common`
	d.table.epoch++
}

func (d *Directory) Lookup(name string) []string {
	return d.table.routes.byName[name]
}

// WRONG: the same map in an embedded struct.
type Index struct {
	sync.RWMutex
	table
	w watch
}

func (x *Index) Watch() {
	go x.w.run(x)
}

func (x *Index) Changed(name string, addrs []string) {
	x.Lock()
	x.routes.byName[name] = addrs // want `the map x.table.routes.byName is written here by the goroutine started at nested.go:\d+ and read at nested.go:\d+ by the caller of Names, with no lock in common`
	x.Unlock()
}

func (x *Index) Names() []string {
	var names []string
	for name := range x.routes.byName {
		names = append(names, name)
	}
	return names
}

// RIGHT: the readers take the lock.
type LockedDirectory struct {
	mu    sync.Mutex
	table table
	w     watch
}

func (d *LockedDirectory) Watch() {
	go d.w.run(d)
}

func (d *LockedDirectory) Changed(name string, addrs []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.table.routes.byName[name] = addrs
}

func (d *LockedDirectory) Lookup(name string) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.table.routes.byName[name]
}

type LockedIndex struct {
	sync.RWMutex
	table
	w watch
}

func (x *LockedIndex) Watch() {
	go x.w.run(x)
}

func (x *LockedIndex) Changed(name string, addrs []string) {
	x.Lock()
	x.routes.byName[name] = addrs
	x.Unlock()
}

func (x *LockedIndex) Names() []string {
	x.RLock()
	defer x.RUnlock()
	var names []string
	for name := range x.routes.byName {
		names = append(names, name)
	}
	return names
}

// RIGHT: a constructor fills the map before anything is started.
func NewDirectory(seed map[string][]string) *Directory {
	d := &Directory{}
	d.table.routes.byName = make(map[string][]string)
	for k, v := range seed {
		d.table.routes.byName[k] = v
	}
	return d
}

// WRONG: the watcher is started by a function the users hand the value
// to, as a Listener.
type Registry struct {
	mu    sync.Mutex
	table table
}

func WatchInto(l Listener, every time.Duration, fetch func() map[string][]string) {
	w := &watch{every: every, fetch: fetch}
	go w.run(l)
}

func (g *Registry) Changed(name string, addrs []string) {
	g.mu.Lock()
	g.table.routes.byName[name] = addrs // want `the map g.table.routes.byName is written here by the goroutine started at nested.go:\d+ and read at nested.go:\d+ by the caller of Lookup, with no lock in common`
	g.mu.Unlock()
}

func (g *Registry) Lookup(name string) []string {
	return g.table.routes.byName[name]
}

// RIGHT: the same, the reader taking the lock.
type LockedRegistry struct {
	mu    sync.Mutex
	table table
}

func (g *LockedRegistry) Changed(name string, addrs []string) {
	g.mu.Lock()
	g.table.routes.byName[name] = addrs
	g.mu.Unlock()
}

func (g *LockedRegistry) Lookup(name string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.table.routes.byName[name]
}
