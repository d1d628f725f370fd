package a

import "sync"

// A hub keeps its subscribers as values of an interface, and the one
// kind of subscriber the package makes points back at its hub. Closing
// them under the hub's lock: each one leaves the hub, which takes the
// same lock.

type hubSubscriber interface {
	deliver(msg string)
	leave()
}

type eventHub struct {
	mu     sync.Mutex
	subs   map[hubSubscriber]bool
	queued []hubSubscriber
}

type chanSubscriber struct {
	hub *eventHub
	ch  chan string
}

func (s *chanSubscriber) deliver(msg string) {
	select {
	case s.ch <- msg:
	default:
	}
}

func (s *chanSubscriber) leave() { s.hub.unsubscribe(s) }

func (h *eventHub) unsubscribe(s hubSubscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s)
}

func (h *eventHub) subscribe() hubSubscriber {
	s := &chanSubscriber{hub: h, ch: make(chan string, 16)}
	h.mu.Lock()
	h.subs[s] = true
	h.mu.Unlock()
	return s
}

func (h *eventHub) subscribeLater() {
	s := &chanSubscriber{hub: h, ch: make(chan string, 16)}
	h.mu.Lock()
	h.queued = append(h.queued, s)
	h.mu.Unlock()
}

func (h *eventHub) shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		s.leave() // want `h.mu is locked at ifacekeys.go:57 and locked again at ifacekeys.go:60 by calling s.leave \(implemented by \(\*chanSubscriber\).leave\), which calls s.hub.unsubscribe at ifacekeys.go:33, which locks h.mu at ifacekeys.go:36`
	}
}

func (h *eventHub) dropQueued() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.queued {
		s.leave() // want `h.mu is locked at ifacekeys.go:65 and locked again at ifacekeys.go:68 by calling s.leave \(implemented by \(\*chanSubscriber\).leave\), which calls s.hub.unsubscribe at ifacekeys.go:33, which locks h.mu at ifacekeys.go:36`
	}
}

// drain collects the subscribers under the lock and lets them leave
// after: silent.
func (h *eventHub) drain() {
	h.mu.Lock()
	var all []hubSubscriber
	for s := range h.subs {
		all = append(all, s)
	}
	h.mu.Unlock()
	for _, s := range all {
		s.leave()
	}
}

// A bridge forwards to subscribers of other hubs: their hub is not the
// bridge's, and its lock is not the one they take. Silent.

type bridgeSub interface{ detach() }

type bridgeLeg struct {
	home *eventBridge
}

func (l *bridgeLeg) detach() { l.home.remove(l) }

type eventBridge struct {
	mu   sync.Mutex
	legs map[bridgeSub]bool
}

func (b *eventBridge) remove(l bridgeSub) {
	b.mu.Lock()
	delete(b.legs, l)
	b.mu.Unlock()
}

func (b *eventBridge) adopt(from *eventBridge) {
	l := &bridgeLeg{home: from}
	b.mu.Lock()
	b.legs[l] = true
	b.mu.Unlock()
}

func (b *eventBridge) closeLegs() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for l := range b.legs {
		l.detach()
	}
}
