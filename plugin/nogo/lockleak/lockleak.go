// Package lockleak exports asynclint's lockleak check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package lockleak

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's lockleak check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("lockleak")
