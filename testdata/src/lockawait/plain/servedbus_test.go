package plain

import "sync"

// The bus of ackbus.go, which a test hands to a server as a
// publisher: the server may publish on goroutines of its own, so the
// test's subscription may stand between their wait and the test's
// Close.
type publisher interface{ Publish(msg string) }

// publishers are served by code outside this package.
var publishers []publisher

func servePublisher(p publisher) { publishers = append(publishers, p) }

type servedAckBus struct {
	subsMu   sync.RWMutex
	subs     []string
	acks     chan struct{}
	closedMu sync.Mutex
	closed   bool
	closing  chan struct{}
}

func newServedAckBus() *servedAckBus {
	return &servedAckBus{acks: make(chan struct{}), closing: make(chan struct{})}
}

func (b *servedAckBus) Subscribe(name string) {
	b.subsMu.Lock()
	defer b.subsMu.Unlock()
	b.subs = append(b.subs, name)
}

func (b *servedAckBus) Publish(msg string) {
	b.subsMu.RLock()
	defer b.subsMu.RUnlock()
	_ = msg
	b.waitAck()
}

func (b *servedAckBus) waitAck() {
	select { // want `sync read lock b.subsMu \(locked at servedbus_test.go:36\) is held while waiting for another goroutine: \(\*servedAckBus\).Publish calls \(\*servedAckBus\).waitAck \(servedbus_test.go:39\), which does a select without default \(servedbus_test.go:43\); release it before waiting \(the close at servedbus_test.go:56 in \(\*servedAckBus\).Close may take b.subsMu first\)`
	case <-b.acks:
	case <-b.closing:
	}
}

func (b *servedAckBus) Ack() { b.acks <- struct{}{} }

func (b *servedAckBus) Close() {
	b.closedMu.Lock()
	defer b.closedMu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.closing)
	}
}
