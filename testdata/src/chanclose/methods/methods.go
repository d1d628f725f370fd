// Package methods holds closes that race with sends and second closes
// across methods and goroutines, with their correct look-alikes.
package methods

import (
	"errors"
	"sync"
)

type Event struct{ Name string }

// Feed closes its events channel in Close while Publish may still send.
type Feed struct {
	events chan Event
	quit   chan struct{}
	once   sync.Once
}

func NewFeed(sink func(Event)) *Feed {
	f := &Feed{events: make(chan Event), quit: make(chan struct{})}
	go f.pump(sink)
	return f
}

func (f *Feed) pump(sink func(Event)) {
	for {
		select {
		case e, ok := <-f.events:
			if !ok {
				return
			}
			sink(e)
		case <-f.quit:
			return
		}
	}
}

func (f *Feed) Publish(e Event) {
	select {
	case f.events <- e:
	case <-f.quit:
	}
}

func (f *Feed) Close() {
	f.once.Do(func() {
		close(f.quit)
		close(f.events) // want `close of Feed.events in a function literal in Close while Publish may still send on it \(methods.go:\d+\) from another goroutine`
	})
}

// Stream only signals quit: silent.
type Stream struct {
	events chan Event
	quit   chan struct{}
	once   sync.Once
}

func NewStream(sink func(Event)) *Stream {
	s := &Stream{events: make(chan Event), quit: make(chan struct{})}
	go func() {
		for {
			select {
			case e := <-s.events:
				sink(e)
			case <-s.quit:
				return
			}
		}
	}()
	return s
}

func (s *Stream) Publish(e Event) {
	select {
	case s.events <- e:
	case <-s.quit:
	}
}

func (s *Stream) Close() { s.once.Do(func() { close(s.quit) }) }

// Flagged checks a closed flag under the lock it closes under: silent.
type Flagged struct {
	mu     sync.Mutex
	closed bool
	out    chan int
}

func NewFlagged() *Flagged {
	f := &Flagged{out: make(chan int, 8)}
	go func() {
		for range f.out {
		}
	}()
	return f
}

func (f *Flagged) Put(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.out <- v
	}
}

func (f *Flagged) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		close(f.out)
	}
}

// The consumer goroutine closes the channel its starter sends on.
func consume(items []string, put func(string) error) error {
	in := make(chan string)
	res := make(chan error, 1)
	go func() {
		defer close(in) // want `close of in in the goroutine started at methods.go:\d+ while consume may still send on it \(methods.go:\d+\) from another goroutine`
		for range items {
			if err := put(<-in); err != nil {
				res <- err
				return
			}
		}
		res <- nil
	}()
	for _, it := range items {
		in <- it
	}
	return <-res
}

// Link shuts down from its reader and from Close.
type Link struct {
	mu   sync.Mutex
	down chan struct{}
	err  error
	read func() error
}

func NewLink(read func() error) *Link {
	l := &Link{down: make(chan struct{}), read: read}
	go l.readLoop()
	return l
}

func (l *Link) Done() <-chan struct{} { return l.done() }

func (l *Link) done() chan struct{} { return l.down }

func (l *Link) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.err = err
	close(l.down) // want `Link.down is closed twice when fail runs twice: readLoop calls it \(methods.go:\d+\) on the goroutine started at methods.go:\d+, and Close calls it too`
}

func (l *Link) readLoop() {
	for {
		if err := l.read(); err != nil {
			l.fail(err)
			return
		}
	}
}

func (l *Link) Close() error {
	l.fail(errors.New("closed"))
	return nil
}

// Pipe shuts down once: silent.
type Pipe struct {
	down chan struct{}
	once sync.Once
	read func() error
}

func NewPipe(read func() error) *Pipe {
	p := &Pipe{down: make(chan struct{}), read: read}
	go p.readLoop()
	return p
}

func (p *Pipe) fail() { p.once.Do(func() { close(p.down) }) }

func (p *Pipe) readLoop() {
	for p.read() == nil {
	}
	p.fail()
}

func (p *Pipe) Close() { p.fail() }

func (p *Pipe) Wait() { <-p.down }

// Inbox's Post must not be called after Close (its contract); Close
// closes the queue for the loop's range to end: silent.
type Inbox struct {
	in   chan Event
	done chan struct{}
	once sync.Once
}

func NewInbox(h func(Event)) *Inbox {
	b := &Inbox{in: make(chan Event, 4), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for e := range b.in {
			h(e)
		}
	}()
	return b
}

func (b *Inbox) Post(e Event) { b.in <- e }

func (b *Inbox) Close() {
	b.once.Do(func() { close(b.in) })
	<-b.done
}

// Two sleepers of one type, each closed once by its owner: the class is
// the same, the objects are not. Silent.
type sleeper struct {
	wake chan struct{}
}

func newSleeper() *sleeper { return &sleeper{wake: make(chan struct{})} }

func (s *sleeper) close() { close(s.wake) }

type advancer struct {
	timer *sleeper
	done  chan struct{}
}

func (a *advancer) start(step func()) {
	a.timer = newSleeper()
	a.done = make(chan struct{})
	go func() {
		step()
		a.done <- struct{}{}
	}()
}

func (a *advancer) stop() {
	<-a.done
	a.timer.close()
}

var cpuSleep = newSleeper()

func stopCPU() { cpuSleep.close() }

// The server's shutdown, deferred after the close, runs before it: the
// logger's senders have stopped when the channel closes. Silent.
type chanLog struct{ lines chan string }

func (l *chanLog) Warn(s string) { l.lines <- s }

type server struct{ log *chanLog }

func (s *server) serve() {
	for i := 0; i < 3; i++ {
		s.log.Warn("tick")
	}
}

func (s *server) Shutdown() {}

func runServer() string {
	l := &chanLog{lines: make(chan string, 8)}
	defer close(l.lines)
	s := &server{log: l}
	go s.serve()
	defer s.Shutdown()
	return <-l.lines
}

// pump serves until its starter sends the one stop value on ctl, then
// closes ctl to say it is gone: the close comes after the only send was
// taken, so no send can follow it: silent.
func pump(next func() bool) {
	ctl := make(chan struct{})
	go func() {
		defer close(ctl)
		for {
			select {
			case <-ctl:
				return
			default:
				next()
			}
		}
	}()
	next()
	ctl <- struct{}{}
	<-ctl
}

// Poller stops itself when a check fails, and its users stop it too:
// Stop is exported, so both closes can run.
type Poller struct {
	quit  chan struct{}
	check func() bool
}

func NewPoller(check func() bool) *Poller {
	p := &Poller{quit: make(chan struct{}), check: check}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	for {
		select {
		case <-p.quit:
			return
		default:
		}
		if !p.check() {
			p.Stop()
			return
		}
	}
}

func (p *Poller) Stop() {
	close(p.quit) // want `Poller.quit is closed twice when Stop runs twice: loop calls it \(methods.go:\d+\) on the goroutine started at methods.go:\d+, and Stop is exported, for its users to call too`
}

// The same poller closing once: silent.
type OncePoller struct {
	quit  chan struct{}
	once  sync.Once
	check func() bool
}

func NewOncePoller(check func() bool) *OncePoller {
	p := &OncePoller{quit: make(chan struct{}), check: check}
	go p.loop()
	return p
}

func (p *OncePoller) loop() {
	for {
		select {
		case <-p.quit:
			return
		default:
		}
		if !p.check() {
			p.Stop()
			return
		}
	}
}

func (p *OncePoller) Stop() {
	p.once.Do(func() { close(p.quit) })
}

// A poller whose loop leaves without closing, and only users stop it:
// silent.
type QuietPoller struct {
	quit  chan struct{}
	check func() bool
}

func NewQuietPoller(check func() bool) *QuietPoller {
	p := &QuietPoller{quit: make(chan struct{}), check: check}
	go p.loop()
	return p
}

func (p *QuietPoller) loop() {
	for {
		select {
		case <-p.quit:
			return
		default:
		}
		if !p.check() {
			return
		}
	}
}

func (p *QuietPoller) Stop() { close(p.quit) }

// A registry stops each group it holds, from its reaper and from Close:
// each call is on a group found in the registry's map, under its lock,
// and removed from it, not on the registry itself. Silent.
type group struct {
	updates chan int
}

func (g *group) stop() { close(g.updates) }

type registry struct {
	mu     sync.Mutex
	groups map[string]*group
	idle   chan string
}

func newRegistry() *registry {
	r := &registry{groups: make(map[string]*group), idle: make(chan string)}
	go r.reap()
	return r
}

func (r *registry) reap() {
	for k := range r.idle {
		r.remove(k)
	}
}

func (r *registry) remove(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	g, ok := r.groups[k]
	if !ok {
		return
	}
	g.stop()
	delete(r.groups, k)
}

func (r *registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.groups {
		g.stop()
	}
	r.groups = nil
}

// A feed whose consumer closes the channel when it has seen enough,
// while the producer goroutine still sends: the next send panics.
type feed struct {
	ch chan int
}

func startFeed() *feed {
	f := &feed{ch: make(chan int)}
	go f.produce()
	go f.consume()
	return f
}

func (f *feed) produce() {
	for i := 0; ; i++ {
		f.ch <- i
	}
}

func (f *feed) consume() {
	for v := range f.ch {
		if v > 10 {
			close(f.ch) // want `close of feed.ch in consume, run by the goroutine started at methods.go:\d+, while produce, run by the goroutine started at methods.go:\d+, may still send on it`
			return
		}
	}
}

// The producer closes when it is done, and the consumer only receives:
// silent.
type doneFeed struct {
	ch chan int
}

func startDoneFeed(n int) *doneFeed {
	f := &doneFeed{ch: make(chan int)}
	go f.produce(n)
	go f.consume()
	return f
}

func (f *doneFeed) produce(n int) {
	defer close(f.ch)
	for i := 0; i < n; i++ {
		f.ch <- i
	}
}

func (f *doneFeed) consume() {
	for range f.ch {
	}
}

// A channel used as a mutex over shared memory: cleanup takes the token
// and closes; whoever else uses it sends back only the token it took,
// and cleanup holds the only one. Silent.
type region struct{ buf []byte }

type shm struct {
	memMu chan *region
}

func newShm() *shm {
	s := &shm{memMu: make(chan *region, 1)}
	s.memMu <- &region{}
	go s.touch()
	go s.cleanup()
	return s
}

func (s *shm) touch() {
	r := <-s.memMu
	r.buf = append(r.buf, 1)
	s.memMu <- r
}

func (s *shm) cleanup() {
	r := <-s.memMu
	if r == nil {
		return
	}
	close(s.memMu)
}

// A worker loop the cache stops and restarts on Clear: each run answers
// one stop with one done, then returns; Close takes the answer before it
// closes done. Silent.
type restartable struct {
	stop chan struct{}
	done chan struct{}
	work chan int
}

func newRestartable() *restartable {
	r := &restartable{stop: make(chan struct{}), done: make(chan struct{}), work: make(chan int)}
	go r.run()
	return r
}

func (r *restartable) run() {
	for {
		select {
		case <-r.work:
		case <-r.stop:
			r.done <- struct{}{}
			return
		}
	}
}

func (r *restartable) Clear() {
	r.stop <- struct{}{}
	<-r.done
	go r.run()
}

func (r *restartable) Close() {
	r.stop <- struct{}{}
	<-r.done
	close(r.done)
}

// Two runs at once: the close may come before the second's send.
type twoRuns struct {
	stop chan struct{}
	done chan struct{}
}

func newTwoRuns() *twoRuns {
	t := &twoRuns{stop: make(chan struct{}), done: make(chan struct{})}
	go t.run()
	go t.run()
	return t
}

func (t *twoRuns) run() {
	<-t.stop
	t.done <- struct{}{}
}

func (t *twoRuns) Close() {
	t.stop <- struct{}{}
	<-t.done
	close(t.done) // want `close of twoRuns.done in Close while run, run by the goroutine started at methods.go:\d+, may still send on it`
}

// Balancer wakes its waiters by closing the channel they wait on and
// putting a new one in its place: each call closes its own. Silent.
type Balancer struct {
	mu     sync.Mutex
	wakeCh chan struct{}
	target string
	poll   func() string
}

func NewBalancer(poll func() string) *Balancer {
	b := &Balancer{wakeCh: make(chan struct{}), poll: poll}
	go b.watch()
	return b
}

func (b *Balancer) wake() {
	close(b.wakeCh)
	b.wakeCh = make(chan struct{})
}

func (b *Balancer) watch() {
	for {
		t := b.poll()
		b.mu.Lock()
		b.target = t
		b.wake()
		b.mu.Unlock()
	}
}

func (b *Balancer) SetTarget(t string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.target = t
	b.wake()
}
