package a

import (
	"errors"
	"sync"
)

// A connection tells whatever made it that it is gone through an
// interface (a pool, a group, a test's fake), and the pool closes its
// connections holding its lock: the connection's owner is the pool
// itself, whose remove locks the same mutex.

type streamOwner interface {
	remove(s *stream)
}

type stream struct {
	id     int
	owner  streamOwner
	closed bool
}

func (s *stream) Close() error {
	if s.closed {
		return errors.New("stream closed")
	}
	s.closed = true
	s.owner.remove(s)
	return nil
}

type streamPool struct {
	mu      sync.Mutex
	streams map[*stream]struct{}
	next    int
}

func (p *streamPool) open() *stream {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &stream{id: p.next, owner: p}
	p.next++
	p.streams[s] = struct{}{}
	return s
}

func (p *streamPool) remove(s *stream) {
	p.mu.Lock()
	delete(p.streams, s)
	p.mu.Unlock()
}

func (p *streamPool) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.streams {
		s.Close() // want `p.mu is locked at ifaceowner.go:54 and locked again at ifaceowner.go:57 by calling s.Close, which calls s.owner.remove \(implemented by \(\*streamPool\).remove\) at ifaceowner.go:28, which locks p.mu at ifaceowner.go:48`
	}
}

// drain takes the streams out under the lock and closes them after:
// silent.
func (p *streamPool) drain() {
	p.mu.Lock()
	var all []*stream
	for s := range p.streams {
		all = append(all, s)
	}
	p.mu.Unlock()
	for _, s := range all {
		s.Close()
	}
}

// A relay keeps links that other relays own: a link's owner is not
// the relay that holds it in its map, so closing them under the relay's
// lock takes another relay's lock. Silent.

type linkOwner interface {
	drop(l *relayLink)
}

type relayLink struct {
	owner linkOwner
}

func (l *relayLink) close() { l.owner.drop(l) }

type relay struct {
	mu       sync.Mutex
	borrowed map[*relayLink]bool
}

func (r *relay) drop(l *relayLink) {
	r.mu.Lock()
	delete(r.borrowed, l)
	r.mu.Unlock()
}

// borrow records a link that from owns.
func (r *relay) borrow(from *relay) *relayLink {
	l := &relayLink{owner: from}
	r.mu.Lock()
	r.borrowed[l] = true
	r.mu.Unlock()
	return l
}

func (r *relay) closeBorrowed() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for l := range r.borrowed {
		l.close()
	}
}

// A stream made for a test has no pool to tell; the field never holds
// one, so the pool is still the only owner the call can reach.
type detachedOwner struct{}

func (detachedOwner) remove(*stream) {}

var _ streamOwner = detachedOwner{}
