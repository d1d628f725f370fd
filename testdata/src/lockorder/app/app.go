// want package:`lock order \(lib.Pool\).mu -> \(lib.Conn\).mu, \(lib.Conn\).mu -> \(lib.Pool\).mu`

// Package app takes Conn.mu, then Pool.mu through lib: the inversion
// spans two packages and is reported here.
package app

import "fixtures/lockorder/lib"

func Release(c *lib.Conn) {
	c.MarkBusy()
	c.Pool.Put(c) // silent: no lock held
}

func Close(c *lib.Conn) {
	c.Lock()
	c.Pool.Put(c) // want `lock order inversion: app.Close takes \(lib.Conn\).mu then \(lib.Pool\).mu \(c.mu \(by \(\*lib.Conn\).Lock\) locked at app.go:15, then c.Pool.mu at app.go:16 by calling c.Pool.Put, which locks p.mu at lib.go:34\), but \(\*lib.Pool\).Get takes \(lib.Pool\).mu then \(lib.Conn\).mu \(p.mu locked at lib.go:26, then c.mu at lib.go:29 by calling c.MarkBusy, which locks c.mu at lib.go:20\)`
	c.Unlock()
}
