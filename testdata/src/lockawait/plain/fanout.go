package plain

import "sync"

// A publisher keeps its subscribers as the keys of a map and sends each
// message to each of them holding mu. A subscriber's goroutine that is
// told to leave evicts itself, which takes its publisher's mu: the
// publisher, holding mu, waits for a subscriber that waits for mu.
type fanPublisher struct {
	mu   sync.Mutex
	subs map[*fanSubscriber]struct{}
}

type fanSubscriber struct {
	pub  *fanPublisher
	ch   chan string
	seen int
}

func (p *fanPublisher) Subscribe() *fanSubscriber {
	s := &fanSubscriber{pub: p, ch: make(chan string)}
	p.mu.Lock()
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	go s.consume()
	return s
}

func (s *fanSubscriber) consume() {
	for msg := range s.ch {
		s.seen++
		if msg == "bye" {
			s.pub.evict(s)
		}
	}
}

func (p *fanPublisher) evict(s *fanSubscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.subs, s)
}

func (p *fanPublisher) Publish(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		s.ch <- msg // want `sync lock p.mu \(locked at fanout.go:45\) is held while waiting for another goroutine: a channel send \(fanout.go:48\); release it before waiting \(the range at fanout.go:30 in \(\*fanSubscriber\).consume, run by the goroutine started at fanout.go:25, may take p.mu first\)`
	}
}

// The same publisher whose subscribers leave through their own goroutine:
// the subscriber goes on receiving while the eviction waits for mu.
type asyncPublisher struct {
	mu   sync.Mutex
	subs []*asyncSubscriber
}

type asyncSubscriber struct {
	pub *asyncPublisher
	ch  chan string
}

func (p *asyncPublisher) Subscribe() *asyncSubscriber {
	s := &asyncSubscriber{pub: p, ch: make(chan string)}
	p.mu.Lock()
	p.subs = append(p.subs, s)
	p.mu.Unlock()
	go s.consume()
	return s
}

func (s *asyncSubscriber) consume() {
	for msg := range s.ch {
		if msg == "bye" {
			go s.pub.evict(s)
		}
	}
}

func (p *asyncPublisher) evict(s *asyncSubscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, x := range p.subs {
		if x == s {
			p.subs = append(p.subs[:i], p.subs[i+1:]...)
			break
		}
	}
}

func (p *asyncPublisher) Publish(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.subs {
		s.ch <- msg
	}
}
