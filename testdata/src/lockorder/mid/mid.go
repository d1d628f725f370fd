// want package:`lock order \(lib.Pool\).mu -> \(lib.Conn\).mu`

// Package mid wraps lib; it takes no lock itself.
package mid

import "fixtures/lockorder/lib"

type Conn = lib.Conn

// Hold takes c's lock and returns holding it.
func Hold(c *Conn) { c.Lock() }

// Free releases it.
func Free(c *Conn) { c.Unlock() }

// Return gives c back to its pool.
func Return(c *Conn) { c.Pool.Put(c) }
