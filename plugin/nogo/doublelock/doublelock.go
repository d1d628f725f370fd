// Package doublelock exports asynclint's doublelock check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package doublelock

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's doublelock check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("doublelock")
