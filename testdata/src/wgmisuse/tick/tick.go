// Package tick holds a Done that runs on every tick of a loop while its
// group is counted once, and the look-alikes that are right.
package tick

import (
	"log"
	"sync"
	"time"
)

// A Handler is called on every tick.
type Handler interface {
	Tick(now time.Time)
}

// TickFunc adapts a function to a Handler.
type TickFunc func(now time.Time)

func (f TickFunc) Tick(now time.Time) { f(now) }

type ticker struct {
	h    Handler
	stop chan struct{}
}

func (t *ticker) run(every time.Duration) {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		select {
		case now := <-tk.C:
			t.h.Tick(now)
		case <-t.stop:
			return
		}
	}
}

// Start waits for one warm-up tick through an adapter: the literal's
// Done runs on every tick, the second one panics.
func Start(every time.Duration) *ticker {
	var wg sync.WaitGroup
	wg.Add(1)
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(now time.Time) {
		log.Printf("tick %v", now)
		wg.Done() // want `wg.Done runs each time the loop at .* calls it, but its wg.Add\(1\) at .* counts once`
	})
	go t.run(every)
	wg.Wait()
	return t
}

// A Handler of the package's own whose method calls Done.
type warm struct {
	wg *sync.WaitGroup
}

func (w *warm) Tick(time.Time) {
	w.wg.Done() // want `w.wg.Done runs each time the loop at .* calls it, but its w.wg.Add\(1\) at .* counts once`
}

type events struct {
	on func()
}

func (e *events) loop(in <-chan int) {
	for range in {
		e.on() // a func value called per event
	}
}

func StartWarm(every time.Duration) *ticker {
	w := &warm{wg: new(sync.WaitGroup)}
	w.wg.Add(1)
	t := &ticker{h: w, stop: make(chan struct{})}
	go t.run(every)
	w.wg.Wait()
	return t
}

// A func field called on every event.
func StartEvents(in <-chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	e := &events{}
	e.on = func() {
		wg.Done() // want `wg.Done runs each time the loop at .* calls it, but its wg.Add\(1\) at .* counts once`
	}
	go e.loop(in)
	wg.Wait()
}

// RIGHT: the Done is guarded by a sync.Once.
func StartOnce(every time.Duration) *ticker {
	var wg sync.WaitGroup
	var once sync.Once
	wg.Add(1)
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(time.Time) {
		once.Do(wg.Done)
	})
	go t.run(every)
	wg.Wait()
	return t
}

// RIGHT: the Done is guarded by a flag checked and set.
func StartFlag(every time.Duration) *ticker {
	var wg sync.WaitGroup
	fired := false
	wg.Add(1)
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(time.Time) {
		if !fired {
			fired = true
			wg.Done()
		}
	})
	go t.run(every)
	wg.Wait()
	return t
}

// RIGHT: the callback unregisters itself after the first call.
type oneShot struct {
	t  *ticker
	wg *sync.WaitGroup
}

func (o *oneShot) Tick(time.Time) {
	o.t.h = nopHandler{}
	o.wg.Done()
}

type nopHandler struct{}

func (nopHandler) Tick(time.Time) {}

func StartOneShot(every time.Duration) *ticker {
	var wg sync.WaitGroup
	wg.Add(1)
	t := &ticker{stop: make(chan struct{})}
	t.h = &oneShot{t: t, wg: &wg}
	go t.run(every)
	wg.Wait()
	return t
}

// RIGHT: the loop returns after its first call.
func StartFirst(every time.Duration) {
	var wg sync.WaitGroup
	wg.Add(1)
	h := TickFunc(func(time.Time) { wg.Done() })
	go func() {
		tk := time.NewTicker(every)
		defer tk.Stop()
		for now := range tk.C {
			h.Tick(now)
			return
		}
	}()
	wg.Wait()
}

// RIGHT: the Add is in the same loop iteration as the call.
func Pump(in <-chan int) {
	var wg sync.WaitGroup
	done := func() { wg.Done() }
	for range in {
		wg.Add(1)
		call(done)
	}
	wg.Wait()
}

func call(f func()) { f() }

// RIGHT: each handler of a list is called once, not once per tick.
func Fanout(hs []Handler) {
	for _, h := range hs {
		h.Tick(time.Now())
	}
}

type counted struct{ wg *sync.WaitGroup }

func (c *counted) Tick(time.Time) { c.wg.Done() }

func StartAll() {
	var wg sync.WaitGroup
	wg.Add(2)
	Fanout([]Handler{&counted{&wg}, &counted{&wg}})
	wg.Wait()
}

// A callback that does its work under a lock and counts rounds: still
// a Done on every tick.
type cache struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	rounds int
	fill   func()
}

func (c *cache) Start(every time.Duration) *ticker {
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(time.Time) {
		c.fill()
		c.mu.Lock()
		c.rounds++
		c.mu.Unlock()
		c.wg.Done() // want `c.wg.Done runs each time the loop at .* calls it, but its c.wg.Add\(1\) at .* counts once`
	})
	go t.run(every)
	c.wg.Add(1)
	return t
}

// RIGHT: the callback stops the ticker after its Done.
type stopper struct {
	wg   sync.WaitGroup
	once sync.Once
}

func (s *stopper) Start(every time.Duration) *ticker {
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(time.Time) {
		s.wg.Done()
		s.once.Do(func() { close(t.stop) })
	})
	go t.run(every)
	s.wg.Add(1)
	return t
}

// RIGHT: the loop stops when the callback says so.
type stepper struct{ next func() bool }

func (s *stepper) loop() {
	for s.next() {
	}
}

func StartStep() {
	var wg sync.WaitGroup
	wg.Add(1)
	s := &stepper{}
	s.next = func() bool {
		wg.Done()
		return false
	}
	go s.loop()
	wg.Wait()
}

// RIGHT: every job is counted when it is submitted, and the callback
// counts it down.
type pool struct {
	wg    sync.WaitGroup
	jobs  chan int
	onJob func(int)
}

func NewPool() *pool {
	p := &pool{jobs: make(chan int)}
	p.onJob = func(j int) {
		log.Print(j)
		p.wg.Done()
	}
	go p.run()
	return p
}

func (p *pool) run() {
	for j := range p.jobs {
		p.onJob(j)
	}
}

func (p *pool) Submit(j int) {
	p.wg.Add(1)
	p.jobs <- j
}

func (p *pool) Drain() { p.wg.Wait() }

// RIGHT: the callback counts itself in and out.
func StartBalanced(every time.Duration) *ticker {
	var wg sync.WaitGroup
	wg.Add(1)
	t := &ticker{stop: make(chan struct{})}
	t.h = TickFunc(func(time.Time) {
		wg.Add(1)
		wg.Done()
	})
	go t.run(every)
	wg.Done()
	wg.Wait()
	return t
}
