// Package a takes b's locks through b's facts.
package a

import "fixtures/lockacq/b"

type T struct{ s b.S }

func (t *T) Get() int { return t.s.Get() } // want Get:`may lock recv.s.mu`

func Both(s *b.S) int { return b.Sum(s, s) } // want Both:`may lock 0.mu, 0.rw \(read\)`

func Go(s *b.S) { go s.Get() }
