// Package nochecks is checked with no KnownChecks: no name is unknown.
package nochecks

//lint:ignore nosuchcheck no list of checks was given
var x = 1

// want +1 "missing reason"
//lint:ignore nosuchcheck
var y = 2
