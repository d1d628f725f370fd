package plain

import (
	"context"
	"sync"
	"time"
)

// A pool of collection loops. Each loop reads the pool's sink under its
// read lock every turn, and closes stopped as it leaves; stop cancels it
// and waits for stopped. Stop holds the pool's lock while it waits for
// goroutines that stop the loops: a loop about to read the sink waits
// for the lock, so stopped is never closed, and neither Done comes.
type collectLoop struct {
	pool    *collectPool
	cancel  context.CancelFunc
	stopped chan struct{}
}

func (l *collectLoop) run(ctx context.Context) {
	defer close(l.stopped)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		l.pool.sink()(1)
	}
}

func (l *collectLoop) stop() {
	l.cancel()
	<-l.stopped
}

type collectPool struct {
	sync.RWMutex
	out   func(int)
	loops map[string]*collectLoop
}

func (p *collectPool) sink() func(int) {
	p.RLock()
	defer p.RUnlock()
	return p.out
}

func (p *collectPool) Start(name string) {
	p.Lock()
	defer p.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	l := &collectLoop{pool: p, cancel: cancel, stopped: make(chan struct{})}
	p.loops[name] = l
	go l.run(ctx)
}

func (p *collectPool) Stop() {
	p.Lock()
	defer p.Unlock()
	var wg sync.WaitGroup
	for name, l := range p.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.stop()
		}()
		delete(p.loops, name)
	}
	wg.Wait() // want `sync lock p.RWMutex \(locked at stoppool.go:61\) is held while waiting for another goroutine: \(\*sync.WaitGroup\).Wait \(stoppool.go:72\); release it before waiting \(the Done at stoppool.go:67 in a func literal in \(\*collectPool\).Stop, run by the goroutine started at stoppool.go:66, which first waits \(stoppool.go:36\) for collectLoop.stopped to be closed by \(\*collectLoop\).run, run by the goroutine started at stoppool.go:57, which may take p.RWMutex first\)`
}

// The same pool whose Stop takes the loops out under the lock and waits
// after it lets the lock go: not reported.
func (p *collectPool) StopUnlocked() {
	p.Lock()
	loops := p.loops
	p.loops = map[string]*collectLoop{}
	p.Unlock()
	var wg sync.WaitGroup
	for _, l := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.stop()
		}()
	}
	wg.Wait()
}

// Loops that read their sink without the pool's lock: the pool may wait
// for them holding it. Not reported.
type plainLoop struct {
	out     func(int)
	cancel  context.CancelFunc
	stopped chan struct{}
}

func (l *plainLoop) run(ctx context.Context) {
	defer close(l.stopped)
	<-ctx.Done()
	l.out(0)
}

func (l *plainLoop) stop() {
	l.cancel()
	<-l.stopped
}

type plainPool struct {
	mu    sync.Mutex
	loops []*plainLoop
}

func (p *plainPool) Start(out func(int)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	l := &plainLoop{out: out, cancel: cancel, stopped: make(chan struct{})}
	p.loops = append(p.loops, l)
	go l.run(ctx)
}

func (p *plainPool) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wg sync.WaitGroup
	for _, l := range p.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.stop()
		}()
	}
	wg.Wait()
	p.loops = nil
}

// A cache whose release loop waits for each value to be loaded; the
// load is made by whoever looks the value up, on its own goroutine, not
// by a goroutine Close waits for. Not reported.
type cacheVal struct {
	loaded chan struct{}
}

type valCache struct {
	mu   sync.Mutex
	vals map[string]*cacheVal
	rel  chan *cacheVal
	wg   sync.WaitGroup
}

func newValCache() *valCache {
	c := &valCache{vals: map[string]*cacheVal{}, rel: make(chan *cacheVal)}
	c.wg.Add(1)
	go c.releaseLoop()
	return c
}

func (c *valCache) load(v *cacheVal) {
	c.mu.Lock()
	c.mu.Unlock()
	close(v.loaded)
}

func (c *valCache) get(k string) *cacheVal {
	c.mu.Lock()
	v := &cacheVal{loaded: make(chan struct{})}
	c.vals[k] = v
	c.mu.Unlock()
	c.load(v)
	return v
}

func (c *valCache) release(v *cacheVal) { <-v.loaded }

func (c *valCache) releaseLoop() {
	defer c.wg.Done()
	for v := range c.rel {
		c.release(v)
	}
}

func (c *valCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.rel)
	c.wg.Wait()
}
