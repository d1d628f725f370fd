// Package clean has nothing to report: its directives are well-formed, and
// its suppression directive suppresses a finding.
package clean

// Wait blocks its caller.
//
//asynclint:blocking
func Wait() {}

// Poll has a directive of another linter's, reasoned.
//
//lint:ignore directive the word below is a fixture's, on purpose
//asynclint:notaword
func Poll() {
	Wait()
}
