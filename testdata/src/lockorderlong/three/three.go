// want package:`lock order \(three.A\).mu -> \(three.B\).mu, \(three.B\).mu -> \(three.C\).mu, \(three.C\).mu -> \(three.A\).mu`

// Package three holds a cycle of three locks: A then B, B then C, C then
// A. It is reported only with -lockorder.long; a two-lock inversion is
// reported either way.
package three

import "sync"

type A struct{ mu sync.Mutex }
type B struct{ mu sync.Mutex }
type C struct{ mu sync.Mutex }

func ab(a *A, b *B) {
	a.mu.Lock()
	b.mu.Lock() // want `lock order inversion: three.ab takes \(three.A\).mu then \(three.B\).mu .* but three.bc takes .* but three.ca takes`
	b.mu.Unlock()
	a.mu.Unlock()
}

func bc(b *B, c *C) {
	b.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	b.mu.Unlock()
}

func ca(c *C, a *A) {
	c.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	c.mu.Unlock()
}
