// Package remote double-locks through another package's methods.
package remote

import "fixtures/doublelock/lib"

func Refresh(c *lib.Cache) string {
	c.Lock()
	defer c.Unlock()
	return c.Get("k") // want `c.mu is locked by \(\*lib.Cache\).Lock at remote.go:7 and locked again at remote.go:9 by calling c.Get, which locks c.mu at lib.go:12`
}

func Refill(c *lib.Cache) {
	c.Lock()
	lib.Fill(c, "k") // want `by calling lib.Fill, which locks c.mu at lib.go:24`
	c.Unlock()
}

func Fine(c *lib.Cache) string {
	c.Lock()
	defer c.Unlock()
	return c.Peek("k")
}
