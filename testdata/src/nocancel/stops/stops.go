// Package stops holds waits that stop channels, stored cancel funcs and
// timers make uncancellable, with their correct look-alikes.
package stops

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Crawler walks pages and hands links to an indexer until Stop.
type Crawler struct {
	links    chan string
	stop     chan struct{}
	wg       sync.WaitGroup
	stopOnce sync.Once
	seen     map[string]bool
}

func NewCrawler(pages [][]string) *Crawler {
	c := &Crawler{links: make(chan string), stop: make(chan struct{}), seen: map[string]bool{}}
	c.wg.Add(3)
	go c.walk(pages)
	go c.walkGuarded(pages)
	go c.index()
	return c
}

func (c *Crawler) walk(pages [][]string) {
	defer c.wg.Done()
	for _, page := range pages {
		select {
		case <-c.stop:
			return
		default:
		}
		for _, l := range page {
			c.links <- l // want `send on Crawler.links cannot be cancelled: its receiver leaves by <-c.stop \(stops.go:\d+\) and never takes the value, and this goroutine watches <-c.stop only at line 34; send in a select with that case`
		}
	}
}

// The send is a case of the select with stop: silent.
func (c *Crawler) walkGuarded(pages [][]string) {
	defer c.wg.Done()
	for _, page := range pages {
		for _, l := range page {
			select {
			case c.links <- l:
			case <-c.stop:
				return
			}
		}
	}
}

func (c *Crawler) index() {
	defer c.wg.Done()
	for {
		select {
		case l := <-c.links:
			c.seen[l] = true
		case <-c.stop:
			return
		}
	}
}

func (c *Crawler) Stop() {
	c.stopOnce.Do(func() { close(c.stop) })
	c.wg.Wait()
}

// Poller keeps its cancel func but nothing calls it.
type Poller struct {
	cancel context.CancelFunc
	every  time.Duration
}

func NewPoller(every time.Duration, poll func()) *Poller {
	ctx, cancel := context.WithCancel(context.Background()) // want `the cancel func stored in Poller.cancel is never called`
	p := &Poller{cancel: cancel, every: every}
	go p.run(ctx, poll)
	return p
}

func (p *Poller) run(ctx context.Context, poll func()) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			poll()
		}
	}
}

// Watcher's Close calls it: silent.
type Watcher struct {
	cancel context.CancelFunc
	once   sync.Once
}

func NewWatcher(watch func(context.Context)) *Watcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{cancel: cancel}
	go watch(ctx)
	return w
}

func (w *Watcher) Close() { w.once.Do(w.cancel) }

// flushLoop drains the timer after taking its value in the select.
func flushLoop(ctx context.Context, in <-chan int, every time.Duration, flush func([]int)) {
	t := time.NewTimer(every)
	defer t.Stop()
	var buf []int
	for {
		select {
		case v := <-in:
			buf = append(buf, v)
			continue
		case <-t.C:
		case <-ctx.Done():
			return
		}
		flush(buf)
		buf = nil
		if !t.Stop() {
			<-t.C // want `<-t.C blocks forever when the receive at line \d+ already took the timer's value`
		}
		t.Reset(every)
	}
}

// The drain runs only when the loop did not take the value: silent.
func flushLoopFired(ctx context.Context, in <-chan int, every time.Duration, flush func([]int)) {
	t := time.NewTimer(every)
	defer t.Stop()
	var buf []int
	for {
		fired := false
		select {
		case v := <-in:
			buf = append(buf, v)
			continue
		case <-t.C:
			fired = true
		case <-ctx.Done():
			return
		}
		flush(buf)
		buf = nil
		if !t.Stop() && !fired {
			<-t.C
		}
		t.Reset(every)
	}
}

// The idiom alone, before a Reset: silent.
func resetTimer(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		<-t.C
	}
	t.Reset(d)
}

// Keeper renews a claim until Stop.
type Keeper struct {
	cancel context.CancelFunc
}

func startKeeper(renew func(context.Context)) *Keeper {
	ctx, cancel := context.WithCancel(context.Background())
	go renew(ctx)
	return &Keeper{cancel: cancel}
}

func (k *Keeper) Stop() { k.cancel() }

type Claim struct{ k *Keeper }

// The error path drops the keeper: its renewals run forever.
func claim(renew func(context.Context), take func() error) (*Claim, error) {
	k := startKeeper(renew)
	if err := take(); err != nil {
		return nil, err // want `this return drops k without stopping it: startKeeper started work whose context only Keeper.cancel cancels`
	}
	return &Claim{k: k}, nil
}

// Stopped on the error path: silent.
func claimStopped(renew func(context.Context), take func() error) (*Claim, error) {
	k := startKeeper(renew)
	if err := take(); err != nil {
		k.Stop()
		return nil, err
	}
	return &Claim{k: k}, nil
}

// heartbeat re-arms the timer after every value it takes, so when ctx
// ends, a Stop that reports false means the value is in t.C: silent.
func heartbeat(ctx context.Context, every time.Duration, beat func() bool) {
	t := time.NewTimer(every)
	for {
		select {
		case <-t.C:
			if !beat() {
				t.Reset(every / 2)
				continue
			}
			t.Reset(every)
		case <-ctx.Done():
			if !t.Stop() {
				<-t.C
			}
			return
		}
	}
}

// waitReady gives up for good when the timer fires: the drain after the
// loop never follows a receive: silent.
func waitReady(t *testing.T, ready func() bool) {
	deadline := time.NewTimer(5 * time.Second)
	for {
		if !ready() {
			select {
			case <-deadline.C:
				t.Fatal("not ready")
			default:
				time.Sleep(10 * time.Millisecond)
				continue
			}
		}
		if !deadline.Stop() {
			<-deadline.C
		}
		break
	}
}

// flushReq asks the syncer for a flush and carries the channel its
// answer comes back on.
type flushReq struct {
	done chan error
}

func (f *flushReq) init() { f.done = make(chan error, 1) }

// Syncer flushes on request until stopped.
type Syncer struct {
	flushes chan *flushReq
	quit    chan struct{}
}

func NewSyncer(flush func() error) *Syncer {
	s := &Syncer{flushes: make(chan *flushReq, 1), quit: make(chan struct{})}
	go s.loop(flush)
	return s
}

func (s *Syncer) loop(flush func() error) {
	for {
		select {
		case req := <-s.flushes:
			req.done <- flush()
		case <-s.quit:
			return
		}
	}
}

// drainAll waits for each flush's answer before it asks again, so the
// one-slot buffer always has room for the next request: silent.
func (s *Syncer) drainAll(pending func() bool, abort chan struct{}) error {
	select {
	case <-abort:
		return nil
	default:
	}
	for pending() {
		req := &flushReq{}
		req.init()
		s.flushes <- req
		select {
		case err := <-req.done:
			if err != nil {
				return err
			}
		case <-abort:
			return nil
		}
	}
	return nil
}

// Pipe keeps a copy of its cancel func in a field nobody reads, but the
// goroutine that serves it calls the func itself when done: silent.
type Pipe struct {
	ctx    context.Context
	cancel context.CancelFunc
	out    chan int
}

func NewPipe(parent context.Context, serve func(context.Context, chan<- int)) *Pipe {
	ctx, cancel := context.WithCancel(parent)
	p := &Pipe{ctx: ctx, cancel: cancel, out: make(chan int)}
	go func() {
		serve(ctx, p.out)
		cancel()
	}()
	return p
}

func (p *Pipe) Next() (int, bool) {
	select {
	case v := <-p.out:
		return v, true
	case <-p.ctx.Done():
		return 0, false
	}
}

// A constructor that gives no keeper with its error: the caller's
// return on that error has nothing to stop. Silent.
func startKeeperChecked(renew func(context.Context), check func() error) (*Keeper, error) {
	if err := check(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	go renew(ctx)
	return &Keeper{cancel: cancel}, nil
}

func claimChecked(renew func(context.Context), check func() error) (*Claim, error) {
	err := check()
	if err != nil {
		return nil, err
	}
	k, err := startKeeperChecked(renew, check)
	if err != nil {
		return nil, err
	}
	return &Claim{k: k}, nil
}

// The same constructor that hands back its keeper with a late error:
// dropping it on that error leaves the renewals running.
func startKeeperLate(renew func(context.Context), check func() error) (*Keeper, error) {
	ctx, cancel := context.WithCancel(context.Background())
	go renew(ctx)
	k := &Keeper{cancel: cancel}
	return k, check()
}

func claimLate(renew func(context.Context), check func() error) (*Claim, error) {
	k, err := startKeeperLate(renew, check)
	if err != nil {
		return nil, err // want `this return drops k without stopping it: startKeeperLate started work`
	}
	return &Claim{k: k}, nil
}
