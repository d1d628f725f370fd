// Package awaiterr exports asynclint's awaiterr check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package awaiterr

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's awaiterr check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("awaiterr")
