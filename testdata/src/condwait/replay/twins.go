package replay

import "sync"

// RIGHT: the channel has room for the one send.
type roomy struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	out   chan int
}

func Roomy() *roomy {
	r := &roomy{out: make(chan int, 1)}
	r.cond = sync.NewCond(&r.mu)
	go r.run()
	r.mu.Lock()
	for !r.ready {
		r.cond.Wait()
	}
	r.mu.Unlock()
	return r
}

func (r *roomy) run() {
	r.out <- 1
	r.mu.Lock()
	r.ready = true
	r.mu.Unlock()
	r.cond.Signal()
}

func (r *roomy) Next() int { return <-r.out }

// RIGHT: the consumer is started before the Wait and drains the events.
type drained struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	events chan string
	seen   map[string]int
}

func Drained(past []string) *drained {
	d := &drained{events: make(chan string), seen: map[string]int{}}
	d.cond = sync.NewCond(&d.mu)
	go d.consume()
	go d.replay(past)
	d.mu.Lock()
	for !d.synced {
		d.cond.Wait()
	}
	d.mu.Unlock()
	return d
}

func (d *drained) replay(past []string) {
	for _, ev := range past {
		d.events <- ev
	}
	d.mu.Lock()
	d.synced = true
	d.mu.Unlock()
	d.cond.Broadcast()
}

func (d *drained) consume() {
	for ev := range d.events {
		d.mu.Lock()
		d.seen[ev]++
		d.mu.Unlock()
	}
}

// RIGHT: the goroutine broadcasts before it sends.
type early struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	events chan string
}

func Early(past []string) *early {
	e := &early{events: make(chan string)}
	e.cond = sync.NewCond(&e.mu)
	go e.replay(past)
	e.mu.Lock()
	for !e.synced {
		e.cond.Wait()
	}
	e.mu.Unlock()
	return e
}

func (e *early) replay(past []string) {
	e.mu.Lock()
	e.synced = true
	e.mu.Unlock()
	e.cond.Broadcast()
	for _, ev := range past {
		e.events <- ev
	}
}

func (e *early) Next() string { return <-e.events }

// RIGHT: the object is shared before the Wait: another goroutine may
// already receive.
var current *boot2

type boot2 struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	out   chan int
}

func Boot2() *boot2 {
	b := &boot2{out: make(chan int)}
	b.cond = sync.NewCond(&b.mu)
	current = b
	go b.run()
	b.mu.Lock()
	for !b.ready {
		b.cond.Wait()
	}
	b.mu.Unlock()
	return b
}

func (b *boot2) run() {
	b.out <- 1
	b.mu.Lock()
	b.ready = true
	b.mu.Unlock()
	b.cond.Signal()
}

func Drain() int { return <-current.out }

// RIGHT: a goroutine started before the Wait closes the way out.
type bounded struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	events chan string
	quit   chan struct{}
}

func Bounded(past []string, give func(stop func())) *bounded {
	b := &bounded{events: make(chan string), quit: make(chan struct{})}
	b.cond = sync.NewCond(&b.mu)
	go b.replay(past)
	go b.watch()
	b.mu.Lock()
	for !b.synced {
		b.cond.Wait()
	}
	b.mu.Unlock()
	return b
}

func (b *bounded) watch() { close(b.quit) }

func (b *bounded) replay(past []string) {
	for _, ev := range past {
		select {
		case b.events <- ev:
		case <-b.quit:
		}
	}
	b.mu.Lock()
	b.synced = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (b *bounded) Next() string { return <-b.events }
