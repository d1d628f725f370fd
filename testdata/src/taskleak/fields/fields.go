// Package fields holds goroutine leaks on channels kept in struct
// fields, passed to goroutines and returned by helpers, with their
// correct look-alikes.
package fields

import (
	"context"
	"sync"
	"time"
)

type job struct {
	id    int
	reply chan error
}

// Pool serves jobs from one owner goroutine until Shutdown.
type Pool struct {
	jobs     chan job
	quit     chan struct{}
	stopped  chan struct{}
	quitOnce sync.Once
}

func NewPool() *Pool {
	p := &Pool{jobs: make(chan job), quit: make(chan struct{}), stopped: make(chan struct{})}
	go p.serve()
	return p
}

func (p *Pool) serve() {
	defer close(p.stopped)
	for {
		select {
		case j := <-p.jobs:
			j.reply <- nil
		case <-p.quit:
			return
		}
	}
}

// Submit blocks forever once serve has returned.
func (p *Pool) Submit(id int) error {
	j := job{id: id, reply: make(chan error, 1)}
	p.jobs <- j // want `send on Pool.jobs blocks forever once its receiver leaves: the select at fields.go:34 stops receiving by its case <-p.quit \(line 37\)`
	return <-j.reply
}

// TrySubmit gives up when the pool stops: silent.
func (p *Pool) TrySubmit(id int) error {
	j := job{id: id, reply: make(chan error, 1)}
	select {
	case p.jobs <- j:
	case <-p.stopped:
		return context.Canceled
	}
	return <-j.reply
}

func (p *Pool) Shutdown() {
	p.quitOnce.Do(func() { close(p.quit) })
	<-p.stopped
}

// Tracker waits on a channel nothing ever closes.
type Tracker struct {
	ready chan struct{} // closed when the first sample arrives
	mu    sync.Mutex
	last  time.Time
}

func NewTracker() *Tracker { return &Tracker{ready: make(chan struct{})} }

func (t *Tracker) Record(at time.Time) {
	t.mu.Lock()
	t.last = at
	t.mu.Unlock()
}

func (t *Tracker) WaitReady() time.Time {
	<-t.ready // want `receive from Tracker.ready blocks forever: nothing in the package sends on Tracker.ready or closes it \(made at fields.go:73\)`
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// Gauge closes its ready channel: silent.
type Gauge struct {
	ready chan struct{}
	once  sync.Once
}

func NewGauge() *Gauge { return &Gauge{ready: make(chan struct{})} }

func (g *Gauge) Set()  { g.once.Do(func() { close(g.ready) }) }
func (g *Gauge) Wait() { <-g.ready }

// A finished channel handed to a worker that forgets it.
func runAll(items []int, work func(int)) {
	finished := make(chan bool)
	go process(items, work, finished)
	<-finished // want `receive from finished blocks forever: nothing in the package sends on finished or closes it`
}

func process(items []int, work func(int), finished chan bool) {
	for _, it := range items {
		work(it)
	}
}

// The worker signals: silent.
func runAllSignalled(items []int, work func(int)) {
	finished := make(chan bool)
	go processSignalled(items, work, finished)
	<-finished
}

func processSignalled(items []int, work func(int), finished chan bool) {
	defer func() { finished <- true }()
	for _, it := range items {
		work(it)
	}
}

// spawn returns a channel its goroutine answers on.
func spawn(f func() int) <-chan int {
	out := make(chan int)
	go func() { out <- f() }()
	return out
}

func spawnBuffered(f func() int) <-chan int {
	out := make(chan int, 1)
	go func() { out <- f() }()
	return out
}

func compute() int { return 1 }

func fireAndForget() {
	spawn(compute) // want `the channel spawn returns is dropped: the goroutine it starts at fields.go:\d+ blocks forever on its send at fields.go:\d+`
	spawnBuffered(compute)
	_ = <-spawn(compute)
}

// cached answers at once from its cache, on a channel nobody holds yet.
func cached(hit bool, v int) <-chan int {
	if hit {
		ch := make(chan int)
		ch <- v // want `send on ch blocks forever: it is made at line \d+ with capacity 0 and nobody can receive from it yet`
		return ch
	}
	ch := make(chan int, 1)
	ch <- v
	return ch
}

// Queue is drained by a goroutine that Run starts.
type Queue struct {
	in   chan string
	done chan struct{}
}

func NewQueue() *Queue { return &Queue{in: make(chan string, 2), done: make(chan struct{})} }

func (q *Queue) put(s string) { q.in <- s }

// Run fills the two slots, then a third put waits for a drainer not yet
// started.
func (q *Queue) Run(header, body, trailer string) {
	q.put(header)
	q.put(body)
	q.put(trailer) // want `send on Queue.in blocks forever: its buffer \(capacity 2\) is full after 2 sends, and the goroutine that receives from it is started only later, at fields.go:\d+`
	go q.drain()
}

func (q *Queue) drain() {
	defer close(q.done)
	for s := range q.in {
		_ = s
	}
}

func (q *Queue) Close() {
	close(q.in)
	<-q.done
}

// Line starts its drainer first: silent.
type Line struct {
	in chan string
}

func NewLine() *Line { return &Line{in: make(chan string, 2)} }

func (l *Line) put(s string) { l.in <- s }

func (l *Line) Run(header, body, trailer string) {
	go l.drain()
	l.put(header)
	l.put(body)
	l.put(trailer)
	close(l.in)
}

func (l *Line) drain() {
	for s := range l.in {
		_ = s
	}
}

// Sequencer parks each caller on a channel kept in a map, closed by End:
// silent.
type Sequencer struct {
	mu   sync.Mutex
	wait map[int]chan struct{}
}

func (s *Sequencer) Start(id int) {
	c := make(chan struct{})
	s.mu.Lock()
	s.wait[id] = c
	s.mu.Unlock()
	<-c
}

func (s *Sequencer) End(id int) {
	s.mu.Lock()
	c := s.wait[id]
	delete(s.wait, id)
	s.mu.Unlock()
	close(c)
}

type request struct {
	done chan error
}

// Writer answers each request on its own one-slot channel: the send in
// the loop is on a new channel every time round. Silent.
type Writer struct {
	reqs chan request
	quit chan struct{}
}

func NewWriter() *Writer {
	w := &Writer{reqs: make(chan request), quit: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Writer) loop() {
	for {
		select {
		case r := <-w.reqs:
			r.done <- nil
		case <-w.quit:
			return
		}
	}
}

func (w *Writer) Close() { close(w.quit) }

func (w *Writer) Write() error {
	r := request{done: make(chan error, 1)}
	select {
	case w.reqs <- r:
	case <-w.quit:
		return context.Canceled
	}
	select {
	case err := <-r.done:
		return err
	case <-w.quit:
		return context.Canceled
	}
}

// The collector leaves only when the last worker has said it is done:
// the workers' sends are all received. Silent.
func collect(n int, work func(chan<- int, chan<- error)) []int {
	results := make(chan int)
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go work(results, errs)
	}
	var out []int
	live := n
	for {
		select {
		case v := <-results:
			out = append(out, v)
		case <-errs:
			live--
			if live == 0 {
				return out
			}
		}
	}
}

type Note struct{ Kind string }

type Listener interface{ On(n Note) }

type ListenerFunc func(Note)

func (f ListenerFunc) On(n Note) { f(n) }

// Hub delivers notes on one goroutine; a listener may close the hub.
type Hub struct {
	notes chan Note
	quit  chan struct{}
	ended chan struct{}
	l     Listener
	once  sync.Once
}

func NewHub(l Listener) *Hub {
	h := &Hub{notes: make(chan Note, 8), quit: make(chan struct{}), ended: make(chan struct{}), l: l}
	go h.deliver()
	return h
}

func (h *Hub) deliver() {
	defer close(h.ended)
	for {
		select {
		case n := <-h.notes:
			h.l.On(n)
		case <-h.quit:
			return
		}
	}
}

func (h *Hub) Close() {
	h.once.Do(func() { close(h.quit) })
	<-h.ended // want `receive from Hub.ended waits for the goroutine started at fields.go:\d+ to end \(deliver closes it in a defer, fields.go:\d+\), but Close also runs on that goroutine, through the calls of deliver: it waits for itself forever`
}

type Client struct{ hub *Hub }

func NewClient() *Client {
	c := &Client{}
	c.hub = NewHub(ListenerFunc(c.on))
	return c
}

func (c *Client) on(n Note) {
	if n.Kind == "bye" {
		c.hub.Close()
	}
}

// Relay's listener only records: silent.
type Relay struct {
	notes chan Note
	quit  chan struct{}
	ended chan struct{}
	seen  []Note
	once  sync.Once
}

func NewRelay() *Relay {
	r := &Relay{notes: make(chan Note, 8), quit: make(chan struct{}), ended: make(chan struct{})}
	go r.deliver()
	return r
}

func (r *Relay) deliver() {
	defer close(r.ended)
	for {
		select {
		case n := <-r.notes:
			r.seen = append(r.seen, n)
		case <-r.quit:
			return
		}
	}
}

func (r *Relay) Close() {
	r.once.Do(func() { close(r.quit) })
	<-r.ended
}

type frame struct {
	data     []byte
	readMore func()
}

// Conn's reader waits at a gate that the serving loop opens; the loop
// closes stopped when it returns, and only it sends on the gate: once
// stopped is closed nobody will send. Silent.
type Conn struct {
	frames  chan frame
	stopped chan struct{}
	read    func() []byte
}

func (c *Conn) readFrames() {
	gate := make(chan struct{})
	open := func() { gate <- struct{}{} }
	for {
		select {
		case c.frames <- frame{c.read(), open}:
		case <-c.stopped:
			return
		}
		select {
		case <-gate:
		case <-c.stopped:
			return
		}
	}
}

func (c *Conn) Serve(handle func([]byte)) {
	defer close(c.stopped)
	go c.readFrames()
	for f := range c.frames {
		handle(f.data)
		f.readMore()
	}
}

// Probe's Ready is an exported field of an exported type: code outside
// the package may close it. Silent.
type Probe struct {
	Ready chan struct{}
}

func NewProbe() *Probe { return &Probe{Ready: make(chan struct{})} }

func (p *Probe) Wait() { <-p.Ready }

// An opener asked for connections on a request queue sized never to
// fill: the requests left when it stops wait in the buffer. Silent.
type Opener struct {
	requests chan struct{}
	done     chan struct{}
	opened   int
}

const requestQueueSize = 1000000

func NewOpener() *Opener {
	o := &Opener{requests: make(chan struct{}, requestQueueSize), done: make(chan struct{})}
	go o.open()
	return o
}

func (o *Opener) open() {
	for {
		select {
		case <-o.requests:
			o.opened++
		case <-o.done:
			return
		}
	}
}

func (o *Opener) Close() { close(o.done) }

func (o *Opener) Request(n int) {
	for range n {
		o.requests <- struct{}{}
	}
}

// The same opener with a queue of 1024: the 1025th request blocks
// forever once open has returned (etcd's watch proxy fills such a
// buffer when its reader leaves).
type SmallOpener struct {
	requests chan struct{}
	done     chan struct{}
	opened   int
}

func NewSmallOpener() *SmallOpener {
	o := &SmallOpener{requests: make(chan struct{}, 1024), done: make(chan struct{})}
	go o.open()
	return o
}

func (o *SmallOpener) open() {
	for {
		select {
		case <-o.requests:
			o.opened++
		case <-o.done:
			return
		}
	}
}

func (o *SmallOpener) Close() { close(o.done) }

func (o *SmallOpener) Request(n int) {
	for range n {
		o.requests <- struct{}{} // want `send on SmallOpener.requests blocks forever once its receiver leaves`
	}
}

// Broker hands each caller's reply channel to its loop over a channel of
// channels, in a select: the loop sends on it, so the caller's receive
// is fed: silent.
type Broker struct {
	asks chan chan<- string
	quit chan struct{}
}

func NewBroker() *Broker {
	b := &Broker{asks: make(chan chan<- string), quit: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Broker) loop() {
	for {
		select {
		case reply := <-b.asks:
			reply <- "ok"
		case <-b.quit:
			return
		}
	}
}

func (b *Broker) Close() { close(b.quit) }

func (b *Broker) Ask() (string, bool) {
	reply := make(chan string)
	select {
	case b.asks <- reply:
	case <-b.quit:
		return "", false
	}
	return <-reply, true
}

// A refresher stops on quit, but Stop closes another channel: nothing
// ever closes quit, and the goroutine runs for good.
type refresher struct {
	stop chan struct{}
	quit chan struct{}
	tick chan struct{}
	n    int
}

func newRefresher() *refresher {
	r := &refresher{stop: make(chan struct{}), quit: make(chan struct{}), tick: make(chan struct{})}
	go r.run()
	return r
}

func (r *refresher) run() {
	for {
		select {
		case <-r.tick:
			r.n++
		case <-r.quit: // want `the goroutine started at fields.go:\d+ never stops: its loop leaves only on this receive from refresher.quit, and nothing sends on refresher.quit or closes it`
			return
		}
	}
}

func (r *refresher) Poke() { r.tick <- struct{}{} }

func (r *refresher) Stop() { close(r.stop) }

// The same loop, stopped by the channel Stop closes: silent.
type stoppedRefresher struct {
	quit chan struct{}
	tick chan struct{}
	n    int
}

func newStoppedRefresher() *stoppedRefresher {
	r := &stoppedRefresher{quit: make(chan struct{}), tick: make(chan struct{})}
	go r.run()
	return r
}

func (r *stoppedRefresher) run() {
	for {
		select {
		case <-r.tick:
			r.n++
		case <-r.quit:
			return
		}
	}
}

func (r *stoppedRefresher) Poke() {
	select {
	case r.tick <- struct{}{}:
	case <-r.quit:
	}
}

func (r *stoppedRefresher) Stop() { close(r.quit) }

// A loop with another way out (its tick channel closed): silent.
type tickRefresher struct {
	quit chan struct{}
	tick chan struct{}
}

func newTickRefresher() *tickRefresher {
	r := &tickRefresher{quit: make(chan struct{}), tick: make(chan struct{})}
	go r.run()
	return r
}

func (r *tickRefresher) run() {
	for {
		select {
		case _, ok := <-r.tick:
			if !ok {
				return
			}
		case <-r.quit:
			return
		}
	}
}

func (r *tickRefresher) Close() { close(r.tick) }
