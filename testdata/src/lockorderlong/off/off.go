// want package:`lock order \(off.A\).mu -> \(off.B\).mu, \(off.B\).mu -> \(off.C\).mu, \(off.C\).mu -> \(off.A\).mu`

// Package off is three with -lockorder.long off, the default: silent.
package off

import "sync"

type A struct{ mu sync.Mutex }
type B struct{ mu sync.Mutex }
type C struct{ mu sync.Mutex }

func ab(a *A, b *B) {
	a.mu.Lock()
	b.mu.Lock()
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
