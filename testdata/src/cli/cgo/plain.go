package cgo

// G is in a file without cgo.
func G() {}
