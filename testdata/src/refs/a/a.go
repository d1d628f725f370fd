package a

import "sync"

type store struct {
	mu    sync.Mutex
	inner struct{ mu sync.Mutex }
	next  *store
}

func probe(a, b any) {}

func alias(s *store) {
	mu := &s.mu
	probe(mu, &s.mu) // want `same s.mu, class \(fixtures/refs/a.store\).mu`
}

func captured(s *store) {
	mu := &s.mu
	func() {
		probe(mu, &s.mu) // want `same s.mu, class \(fixtures/refs/a.store\).mu`
	}()
}

func different(s, t *store) {
	probe(&s.mu, &t.mu) // want `class only \(fixtures/refs/a.store\).mu`
}

func nested(s *store) {
	probe(&s.inner.mu, &s.inner.mu) // want `same s.inner.mu`
}

func walk(n *store) {
	first := n
	for n != nil {
		probe(&first.mu, &n.mu) // want `class only \(fixtures/refs/a.store\).mu`
		n = n.next
	}
}

var global sync.Mutex

func globals() {
	probe(&global, &global) // want `same a.global, class fixtures/refs/a.global`
}

func elems(xs []*store) {
	probe(&xs[0].mu, &xs[1].mu) // want `class only \(fixtures/refs/a.store\).mu`
}
