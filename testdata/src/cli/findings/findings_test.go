package findings

import "testing"

// One more finding, in a test file: -test=false drops it.
//
//asynclint:intest
func TestA(t *testing.T) { A() }
