// Package methods holds races between a goroutine the package starts
// and the exported methods of the same type that its users call while
// it runs, and their correct look-alikes.
package methods

import (
	"sync"
	"sync/atomic"
)

// Counters updated with sync/atomic by the goroutines that serve
// lookups.
type Counters struct {
	Lookups, Misses uint64
}

// WRONG: Stats copies the counters plainly while the serving goroutines
// add to them atomically.
type Table struct {
	mu    sync.Mutex
	rows  map[string]int
	count Counters
}

func (t *Table) lookup(k string) int {
	atomic.AddUint64(&t.count.Lookups, 1)
	t.mu.Lock()
	v, ok := t.rows[k]
	t.mu.Unlock()
	if !ok {
		atomic.AddUint64(&t.count.Misses, 1)
	}
	return v
}

func (t *Table) Warm(batches [][]string) {
	for _, keys := range batches {
		go func() {
			for _, k := range keys {
				t.lookup(k)
			}
		}()
	}
}

func (t *Table) Stats() Counters {
	return t.count // want `t.count.Lookups is read here without sync/atomic, by the caller of Stats, but accessed atomically at atomic.go:\d+ by every goroutine started in the loop at atomic.go:\d+`
}

// WRONG: a plain += by a goroutine, beside the atomic adds of the others.
type Meter struct {
	n uint64
}

func (m *Meter) Run(xs, ys []int) {
	go func() {
		for range xs {
			atomic.AddUint64(&m.n, 1)
		}
	}()
	go func() {
		for _, v := range ys {
			if v < 0 {
				m.n += 1 // want `m.n is read here without sync/atomic, by the goroutine started at atomic.go:\d+, but accessed atomically at atomic.go:\d+ by the goroutine started at atomic.go:\d+`
			}
		}
	}()
}

// RIGHT: every access atomic.
type AtomicTable struct {
	mu    sync.Mutex
	rows  map[string]int
	count Counters
}

func (t *AtomicTable) lookup(k string) int {
	atomic.AddUint64(&t.count.Lookups, 1)
	t.mu.Lock()
	v, ok := t.rows[k]
	t.mu.Unlock()
	if !ok {
		atomic.AddUint64(&t.count.Misses, 1)
	}
	return v
}

func (t *AtomicTable) Warm(batches [][]string) {
	for _, keys := range batches {
		go func() {
			for _, k := range keys {
				t.lookup(k)
			}
		}()
	}
}

func (t *AtomicTable) Stats() Counters {
	return Counters{
		Lookups: atomic.LoadUint64(&t.count.Lookups),
		Misses:  atomic.LoadUint64(&t.count.Misses),
	}
}

// RIGHT: the copy is made under the lock every writer holds.
type LockedTable struct {
	mu    sync.Mutex
	rows  map[string]int
	count Counters
}

func (t *LockedTable) lookup(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	atomic.AddUint64(&t.count.Lookups, 1)
	v, ok := t.rows[k]
	if !ok {
		atomic.AddUint64(&t.count.Misses, 1)
	}
	return v
}

func (t *LockedTable) Warm(batches [][]string) {
	for _, keys := range batches {
		go func() {
			for _, k := range keys {
				t.lookup(k)
			}
		}()
	}
}

func (t *LockedTable) Stats() Counters {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}

// RIGHT: a constructor fills the counters plainly before anything runs.
func NewTable(rows map[string]int) *Table {
	t := &Table{rows: rows}
	t.count.Lookups = 0
	return t
}
