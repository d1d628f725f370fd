// Package fixable has a finding with a suggested fix.
package fixable

// Wait blocks.
//
// asynclint:blocking
func Wait() {}
