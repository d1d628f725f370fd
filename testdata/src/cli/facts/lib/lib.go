// Package lib blocks in a function that another package calls from a task:
// the finding there needs a fact to cross the package boundary.
package lib

import "time"

// Slow blocks in time.Sleep, one call down.
func Slow() { nap() }

func nap() { time.Sleep(time.Millisecond) }
