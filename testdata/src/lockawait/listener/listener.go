// Package listener is a notification listener whose tests share one
// helper for every channel they read: the helper's parameter does not
// make the listener's Notify and a connection's channel one channel.
package listener

import "sync"

type Notification struct{ Channel string }

// Conn forwards a server's notifications to the channel it is given,
// and closes it when the connection ends.
type Conn struct{ notify chan<- *Notification }

func NewConn(notify chan<- *Notification) *Conn { return dial(notify) }

func dial(notify chan<- *Notification) *Conn {
	c := &Conn{notify: notify}
	go c.loop()
	return c
}

func (c *Conn) ping() error { return nil }

func (c *Conn) loop() {
	c.notify <- &Notification{Channel: "hello"}
	close(c.notify)
}

// Listener keeps a connection up and forwards its notifications on
// Notify.
type Listener struct {
	Notify chan *Notification

	mu     sync.Mutex
	closed bool
	conn   *Conn
	events <-chan *Notification
}

func (l *Listener) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

func (l *Listener) Close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
}

func NewListener() *Listener {
	l := &Listener{Notify: make(chan *Notification, 8)}
	go l.run()
	return l
}

func (l *Listener) connect() {
	l.mu.Lock()
	defer l.mu.Unlock()
	events := make(chan *Notification, 8)
	l.conn = dial(events)
	l.resync(events) // silent: only the connection sends on events
	l.events = events
}

// resync waits until the connection has said hello.
func (l *Listener) resync(events <-chan *Notification) error {
	done := make(chan error, 1)
	go func() { done <- l.conn.ping() }()
	for {
		select {
		case _, ok := <-events:
			if !ok {
				events = nil
			}
		case err := <-done:
			return err
		}
	}
}

func (l *Listener) run() {
	for !l.isClosed() {
		l.connect()
		l.Notify <- nil
		for n := range l.events {
			l.Notify <- n
		}
	}
}

// Pump waits for its queue to drain with mu held, while its own loop
// takes mu before it feeds the queue.
type Pump struct {
	mu    sync.Mutex
	queue chan int
	n     int
}

func NewPump() *Pump {
	p := &Pump{queue: make(chan int)}
	go p.feed()
	return p
}

func (p *Pump) Drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for v := range p.queue { // want `sync lock p.mu \(locked at listener.go:\d+\) is held while waiting for another goroutine`
		p.n += v
	}
}

func (p *Pump) feed() {
	for i := 0; ; i++ {
		p.mu.Lock()
		p.n++
		p.mu.Unlock()
		p.queue <- i
	}
}
