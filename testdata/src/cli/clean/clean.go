// Package clean has nothing to report: its directives are well-formed.
package clean

// Wait blocks its caller.
//
//asynclint:blocking
func Wait() {}

// Poll is called in a loop.
func Poll() {
	Wait() //lint:ignore blockingcall a reasoned, well-formed directive
}
