package methods

import (
	"sync"
	"time"
)

type limitConfig struct{ rate int }

// A limiter whose constructor starts its refill loop: the loop reads the
// config on every tick, and Reload, which a user can only call on what
// the constructor returned, swaps it while the loop runs.
type refiller struct {
	mu     sync.Mutex
	cfg    *limitConfig
	tokens int
	stop   chan struct{}
}

func newRefiller(c *limitConfig) *refiller {
	r := &refiller{cfg: c, stop: make(chan struct{})}
	go r.loop()
	return r
}

func (r *refiller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			n := r.cfg.rate
			r.mu.Lock()
			r.tokens += n
			r.mu.Unlock()
		case <-r.stop:
			return
		}
	}
}

func (r *refiller) Reload(c *limitConfig) {
	r.cfg = c // want `r.cfg is written here by the caller of Reload and read at builtrunning.go:\d+ by the goroutine started at builtrunning.go:\d+, with no lock in common and nothing ordering them`
}

func (r *refiller) Close() { close(r.stop) }

// The same loop started by Start: a user may configure it first.
type startedRefiller struct {
	mu     sync.Mutex
	cfg    *limitConfig
	tokens int
	stop   chan struct{}
}

func newStartedRefiller(c *limitConfig) *startedRefiller {
	return &startedRefiller{cfg: c, stop: make(chan struct{})}
}

func (r *startedRefiller) Start() { go r.loop() }

func (r *startedRefiller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			n := r.cfg.rate
			r.mu.Lock()
			r.tokens += n
			r.mu.Unlock()
		case <-r.stop:
			return
		}
	}
}

func (r *startedRefiller) SetConfig(c *limitConfig) { r.cfg = c }

func (r *startedRefiller) Close() { close(r.stop) }

// The constructor's loop reads the config under the lock Reload takes.
type lockedRefiller struct {
	mu     sync.Mutex
	cfg    *limitConfig
	tokens int
	stop   chan struct{}
}

func newLockedRefiller(c *limitConfig) *lockedRefiller {
	r := &lockedRefiller{cfg: c, stop: make(chan struct{})}
	go r.loop()
	return r
}

func (r *lockedRefiller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.mu.Lock()
			r.tokens += r.cfg.rate
			r.mu.Unlock()
		case <-r.stop:
			return
		}
	}
}

func (r *lockedRefiller) Reload(c *limitConfig) {
	r.mu.Lock()
	r.cfg = c
	r.mu.Unlock()
}

func (r *lockedRefiller) Close() { close(r.stop) }
