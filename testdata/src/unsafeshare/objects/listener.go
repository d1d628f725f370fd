package objects

import (
	"sync"
	"time"
)

// A listener with defaults filled in lazily, and a tee of two listeners
// whose closures call the copies Tee was given by value. The monitor
// goroutine calls the tee's closures, which read the copies; Commit
// fills in the defaults of the options' listener, another object.
// Silent.
type Listener struct {
	OnSlow  func(ms int)
	OnFlush func(n int)
}

func (l *Listener) EnsureDefaults() {
	if l.OnSlow == nil {
		l.OnSlow = func(int) {}
	}
	if l.OnFlush == nil {
		l.OnFlush = func(int) {}
	}
}

func Tee(a, b Listener) Listener {
	a.EnsureDefaults()
	b.EnsureDefaults()
	return Listener{
		OnSlow: func(ms int) {
			a.OnSlow(ms)
			b.OnSlow(ms)
		},
		OnFlush: func(n int) {
			a.OnFlush(n)
			b.OnFlush(n)
		},
	}
}

type Options struct {
	Listener *Listener
	Buffer   int
}

func (o *Options) EnsureDefaults() *Options {
	if o.Listener == nil {
		o.Listener = &Listener{}
	}
	o.Listener.EnsureDefaults()
	if o.Buffer == 0 {
		o.Buffer = 64
	}
	return o
}

type DB struct {
	opts    *Options
	mu      sync.Mutex
	pending int
	stop    chan struct{}
}

func Open(o *Options) *DB {
	d := &DB{opts: o.EnsureDefaults(), stop: make(chan struct{})}
	go d.monitor()
	return d
}

func (d *DB) monitor() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			d.opts.Listener.OnSlow(1000)
		case <-d.stop:
			return
		}
	}
}

// Commit rotates the buffer, whose options it re-checks.
func (d *DB) Commit(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending += n
	if d.pending >= d.opts.EnsureDefaults().Buffer {
		d.opts.Listener.OnFlush(d.pending)
		d.pending = 0
	}
}

func OpenTeed(mine, theirs Listener) *DB {
	l := Tee(mine, theirs)
	d := Open(&Options{Listener: &l})
	d.Commit(1)
	return d
}
