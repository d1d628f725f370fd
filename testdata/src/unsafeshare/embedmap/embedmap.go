// Package embedmap holds a map reached through embedded fields (a table
// embedded in a stage, embedded by pointer in the pipeline), written by
// the pipeline's goroutine through promoted methods and ranged over by
// its callers.
package embedmap

import (
	"fmt"
	"io"
	"sync"
	"time"
)

type table struct {
	rows map[string]int
}

func (t *table) put(k string, v int) {
	t.rows[k] += v // want `the map t.rows is written here by the goroutine started at embedmap.go:\d+ and read at embedmap.go:\d+ by the caller of Dump`
}

func (t *table) clear() {
	for k := range t.rows {
		delete(t.rows, k) // want `the map t.rows is written here by the goroutine started at embedmap.go:\d+ and read at embedmap.go:\d+ by the caller of Dump`
	}
}

func (t *table) each(f func(string, int)) {
	for k, v := range t.rows {
		f(k, v)
	}
}

type stage struct {
	table
	started time.Time
}

// WRONG: the loop writes rows with no lock; Dump ranges over it.
type Pipeline struct {
	*stage
	in   chan string
	stop chan struct{}
	tick *time.Ticker
}

func NewPipeline() *Pipeline {
	p := &Pipeline{stage: &stage{table: table{rows: make(map[string]int)}}, in: make(chan string), stop: make(chan struct{}), tick: time.NewTicker(time.Second)}
	go p.loop()
	return p
}

func (p *Pipeline) loop() {
	for {
		select {
		case k := <-p.in:
			p.put(k, 1)
		case <-p.tick.C:
			p.clear()
		case <-p.stop:
			return
		}
	}
}

func (p *Pipeline) Stop() { close(p.stop) }

func (p *Pipeline) Dump(w io.Writer) {
	p.each(func(k string, v int) { fmt.Fprintln(w, k, v) })
}

// RIGHT: the same, with the owner's lock held on both sides.
type Guarded struct {
	mu sync.Mutex
	*stage
	in   chan string
	tick *time.Ticker
}

func NewGuarded() *Guarded {
	return &Guarded{stage: &stage{table: table{rows: make(map[string]int)}}, in: make(chan string), tick: time.NewTicker(time.Second)}
}

func (g *Guarded) Start() { go g.loop() }

func (g *Guarded) loop() {
	for {
		select {
		case k := <-g.in:
			g.mu.Lock()
			g.put(k, 1)
			g.mu.Unlock()
		case <-g.tick.C:
			g.mu.Lock()
			g.clear()
			g.mu.Unlock()
		}
	}
}

func (g *Guarded) Dump(w io.Writer) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.each(func(k string, v int) { fmt.Fprintln(w, k, v) })
}
