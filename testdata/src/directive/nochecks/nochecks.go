// Package nochecks is checked by a directive check given no checks: no name is unknown.
package nochecks

//lint:ignore nosuchcheck no list of checks was given
var x = 1

// want +1 "missing reason"
//lint:ignore nosuchcheck
var y = 2
