// Package entries holds accesses by the package's callers, through an
// exported method other than the one that starts the goroutine, and the
// goroutine's own: reported with -unsafeshare.entries (Stop and Stats are
// reported by default too, having a proof that they run concurrently).
package entries

import (
	"sync/atomic"
	"time"
)

// A background goroutine and the methods its users call.
type Reporter struct {
	done chan struct{}
	ch   chan struct{}
	tick func()
}

func (r *Reporter) Start() {
	r.done = make(chan struct{})
	go r.loop()
}

func (r *Reporter) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.tick()
		case <-r.done:
			return
		}
	}
}

// WRONG: the loop re-reads r.done at every iteration.
func (r *Reporter) Stop() {
	close(r.done)
	r.done = nil // want `r.done is written here by the caller of Stop and read at entries.go:\d+ by the goroutine started at entries.go:\d+`
}

func (r *Reporter) StartOwn() {
	r.ch = make(chan struct{})
	go r.loopOwn(r.ch)
}

func (r *Reporter) loopOwn(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.tick()
		case <-done:
			return
		}
	}
}

// RIGHT: the loop has its own copy of the channel.
func (r *Reporter) StopOwn() {
	close(r.ch)
	r.ch = nil
}

// Counters added atomically and copied plainly.
type Counts struct{ Hits, Misses uint64 }

type Cache struct {
	stats Counts
}

func (c *Cache) Hit() { atomic.AddUint64(&c.stats.Hits, 1) }

func (c *Cache) Stats() Counts {
	return c.stats // want `c.stats.Hits is read here without sync/atomic, by the caller of Stats, but accessed atomically at entries.go:\d+ by the caller of Hit`
}

func (c *Cache) StatsAtomic() Counts {
	return Counts{Hits: atomic.LoadUint64(&c.stats.Hits), Misses: atomic.LoadUint64(&c.stats.Misses)}
}

func (c *Cache) Report(emit func(Counts)) {
	go func() {
		emit(c.Stats())
		emit(c.StatsAtomic())
	}()
}
