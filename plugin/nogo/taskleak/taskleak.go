// Package taskleak exports asynclint's taskleak check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package taskleak

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's taskleak check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("taskleak")
