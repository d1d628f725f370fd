// Package findings has two findings of the directive check.
package findings

// A misspells its directive.
//
//asynclint:blok
func A() {}

// B names a check that does not exist.
//
//lint:ignore nosuchcheck the name is wrong
func B() {}
