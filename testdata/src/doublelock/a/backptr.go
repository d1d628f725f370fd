package a

import (
	"strings"
	"sync"
)

// Cluster owns its racks; each rack points back at its cluster. Report
// read-locks c.mu and, three calls down, a rack asks its cluster (the
// same c, through r.cl) whether a node is up: isUp read-locks c.mu again.
type Cluster struct {
	mu    sync.RWMutex
	racks map[string]*Rack
	down  map[string]bool
	spare *Rack
}

type Rack struct {
	cl    *Cluster
	name  string
	hosts []string
}

func NewCluster() *Cluster {
	return &Cluster{racks: make(map[string]*Rack), down: make(map[string]bool)}
}

func (c *Cluster) AddRack(name string, hosts []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.racks[name] = &Rack{cl: c, name: name, hosts: hosts}
}

func (c *Cluster) SetSpare(name string) {
	r := &Rack{name: name}
	r.cl = c
	c.mu.Lock()
	c.spare = r
	c.mu.Unlock()
}

func (c *Cluster) isUp(host string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return !c.down[host]
}

func (r *Rack) describe() string { return r.name + ": " + strings.Join(r.live(), ",") }

func (r *Rack) live() []string {
	var out []string
	for _, h := range r.hosts {
		if r.cl.isUp(h) {
			out = append(out, h)
		}
	}
	return out
}

func (c *Cluster) Report() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var parts []string
	for _, r := range c.racks {
		parts = append(parts, r.describe()) // want `c.mu is read-locked at backptr.go:61 and read-locked again at backptr.go:65 by calling r.describe, which calls r.live at backptr.go:\d+, which calls r.cl.isUp at backptr.go:\d+, which read-locks c.mu at backptr.go:\d+; a recursive read lock deadlocks`
	}
	return strings.Join(parts, "\n")
}

func (c *Cluster) RackReport(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	r := c.racks[name]
	return r.describe() // want `c.mu is read-locked at backptr.go:\d+ and read-locked again at backptr.go:\d+ by calling r.describe`
}

func (c *Cluster) SpareReport() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.spare == nil {
		return ""
	}
	return c.spare.describe() // want `c.mu is read-locked at backptr.go:\d+ and read-locked again at backptr.go:\d+ by calling c.spare.describe`
}

// Compare reads another cluster's racks under c.mu: their cl is o, a
// different lock.
func (c *Cluster) Compare(o *Cluster) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := 0
	for _, r := range o.racks {
		n += len(r.describe())
	}
	return n
}

// ReportLocked is the fix: the racks' hosts are read under the lock
// already held, through a helper that expects it.
func (c *Cluster) ReportLocked() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := 0
	for _, r := range c.racks {
		for _, h := range r.hosts {
			if !c.down[h] {
				n++
			}
		}
	}
	return n
}

// Fleet moves shelves between fleets without updating their back-pointer:
// a shelf in f.shelves may point at another fleet, so f.mu and s.fl.mu
// are not proven the same lock.
type Fleet struct {
	mu      sync.RWMutex
	shelves []*Shelf
}

type Shelf struct {
	fl *Fleet
	n  int
}

func (f *Fleet) Add() {
	f.mu.Lock()
	f.shelves = append(f.shelves, &Shelf{fl: f})
	f.mu.Unlock()
}

func (f *Fleet) Adopt(s *Shelf) {
	f.mu.Lock()
	f.shelves = append(f.shelves, s)
	f.mu.Unlock()
}

func (f *Fleet) count() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.shelves)
}

func (s *Shelf) size() int { return s.fl.count() + s.n }

func (f *Fleet) Total() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	t := 0
	for _, s := range f.shelves {
		t += s.size()
	}
	return t
}
