package plain

import "sync"

// A bus whose Publish waits, under the read lock of its subscribers,
// for an ack or for Close. Close takes no subscribers lock; a test that
// subscribes (the write lock), publishes and then closes, on its one
// goroutine, has left Subscribe and Publish behind when it closes.
type ackBus struct {
	subsMu   sync.RWMutex
	subs     []string
	acks     chan struct{}
	closedMu sync.Mutex
	closed   bool
	closing  chan struct{}
}

func newAckBus() *ackBus {
	return &ackBus{acks: make(chan struct{}), closing: make(chan struct{})}
}

func (b *ackBus) Subscribe(name string) {
	b.subsMu.Lock()
	defer b.subsMu.Unlock()
	b.subs = append(b.subs, name)
}

func (b *ackBus) Publish(msg string) {
	b.subsMu.RLock()
	defer b.subsMu.RUnlock()
	_ = msg
	b.waitAck()
}

func (b *ackBus) waitAck() {
	select {
	case <-b.acks:
	case <-b.closing:
	}
}

func (b *ackBus) Ack() { b.acks <- struct{}{} }

func (b *ackBus) Close() {
	b.closedMu.Lock()
	defer b.closedMu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.closing)
	}
}

// The same bus, published to, subscribed to and closed in that order by
// a method rather than a test: several goroutines may run it, and one
// that is in Subscribe waits for the write lock that another's Publish
// holds while it waits for the first one's Close.
type racyAckBus struct {
	subsMu   sync.RWMutex
	subs     []string
	acks     chan struct{}
	closedMu sync.Mutex
	closed   bool
	closing  chan struct{}
}

func newRacyAckBus() *racyAckBus {
	return &racyAckBus{acks: make(chan struct{}), closing: make(chan struct{})}
}

func (b *racyAckBus) Subscribe(name string) {
	b.subsMu.Lock()
	defer b.subsMu.Unlock()
	b.subs = append(b.subs, name)
}

func (b *racyAckBus) Publish(msg string) {
	b.subsMu.RLock()
	defer b.subsMu.RUnlock()
	_ = msg
	b.waitAck()
}

func (b *racyAckBus) waitAck() {
	select { // want `sync read lock b.subsMu \(locked at ackbus.go:77\) is held while waiting for another goroutine: \(\*racyAckBus\).Publish calls \(\*racyAckBus\).waitAck \(ackbus.go:80\), which does a select without default \(ackbus.go:84\); release it before waiting \(the close at ackbus.go:97 in \(\*racyAckBus\).Close may take b.subsMu first\)`
	case <-b.acks:
	case <-b.closing:
	}
}

func (b *racyAckBus) Ack() { b.acks <- struct{}{} }

func (b *racyAckBus) Close() {
	b.closedMu.Lock()
	defer b.closedMu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.closing)
	}
}

func (b *racyAckBus) Replay(msg string) {
	b.Publish(msg)
	b.Subscribe("replay")
	b.Close()
}
