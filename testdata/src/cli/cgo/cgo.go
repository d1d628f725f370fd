// Package cgo uses cgo.
package cgo

// static int add(int a, int b) { return a + b; }
import "C"

// Add adds with C.
func Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }

//asynclint:incgo
func F() {}
