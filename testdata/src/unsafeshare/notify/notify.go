// Package notify holds a bus whose loop goroutine calls a listener
// through an interface; a func adapted to it (ListenerFunc) writes what
// the function that made it captured.
package notify

type Event struct{ Name string }

type Listener interface{ Notify(Event) }

// ListenerFunc adapts a func to Listener.
type ListenerFunc func(Event)

func (f ListenerFunc) Notify(e Event) { f(e) }

type Bus struct {
	l      Listener
	events chan Event
	done   chan struct{}
	exited chan struct{}
}

func NewBus(l Listener) *Bus {
	b := &Bus{l: l, events: make(chan Event), done: make(chan struct{}), exited: make(chan struct{})}
	go b.run()
	return b
}

func (b *Bus) run() {
	defer close(b.exited)
	for {
		select {
		case e := <-b.events:
			b.l.Notify(e)
		case <-b.done:
			return
		}
	}
}

func (b *Bus) Publish(e Event) { b.events <- e }

// Close stops the loop and waits for it.
func (b *Bus) Close() {
	close(b.done)
	<-b.exited
}

// WRONG: the count is read while the loop may still run the listener.
func CountEarly(names []string) int {
	n := 0
	b := NewBus(ListenerFunc(func(Event) {
		n++ // want `n is written here by the goroutine started at notify.go:\d+ and read at notify.go:\d+ by the caller of CountEarly`
	}))
	for _, name := range names {
		b.Publish(Event{name})
	}
	got := n
	b.Close()
	return got
}

// RIGHT: Close waits for the loop before the count is read.
func Count(names []string) int {
	n := 0
	b := NewBus(ListenerFunc(func(Event) { n++ }))
	for _, name := range names {
		b.Publish(Event{name})
	}
	b.Close()
	return n
}

// A queue whose loop ranges over its requests; Close closes them and
// waits for the loop.
type Queue struct {
	l      Listener
	reqs   chan Event
	exited chan struct{}
}

func NewQueue(l Listener) *Queue {
	q := &Queue{l: l, reqs: make(chan Event, 8), exited: make(chan struct{})}
	go q.run()
	return q
}

func (q *Queue) run() {
	defer close(q.exited)
	for e := range q.reqs {
		q.l.Notify(e)
	}
}

func (q *Queue) Post(e Event) { q.reqs <- e }

func (q *Queue) Close() {
	close(q.reqs)
	<-q.exited
}

// WRONG: the deferred report runs before the deferred Close (defers run
// last first): the loop may still be running the listener. Its receive
// got a value, which the close cannot have given it.
func Delivered(report func(bool)) {
	seen := false
	q := NewQueue(ListenerFunc(func(Event) {
		seen = true // want `seen is written here by the goroutine started at notify.go:\d+ and read at notify.go:\d+ by the caller of Delivered`
	}))
	defer q.Close()
	defer func() { report(seen) }()
	q.Post(Event{"ping"})
}

// RIGHT: Close is deferred last, so it runs first and waits for the loop.
func DeliveredAfterClose(report func(bool)) {
	seen := false
	q := NewQueue(ListenerFunc(func(Event) { seen = true }))
	defer func() { report(seen) }()
	defer q.Close()
	q.Post(Event{"ping"})
}
