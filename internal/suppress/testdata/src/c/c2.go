package c

import "a"

// The file-ignore in c.go does not reach this file.
func g() {
	a.Marked() // want "call to marked function Marked"
}
