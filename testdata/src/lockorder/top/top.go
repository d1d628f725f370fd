// want package:`lock order \(lib.Pool\).mu -> \(lib.Conn\).mu, \(lib.Conn\).mu -> \(lib.Pool\).mu`

// Package top sees lib's edge (Pool.mu, then Conn.mu) through mid, which
// it imports, though it does not import lib.
package top

import "fixtures/lockorder/mid"

func Close(c *mid.Conn) {
	mid.Hold(c)
	mid.Return(c) // want `lock order inversion: top.Close takes \(lib.Conn\).mu then \(lib.Pool\).mu \(c.mu \(by mid.Hold\) locked at top.go:10, then c.Pool.mu at top.go:11 by calling mid.Return, which calls c.Pool.Put at mid.go:17, which locks p.mu at lib.go:34\), but \(\*lib.Pool\).Get takes`
	mid.Free(c)
}
