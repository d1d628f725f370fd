// Package chanclose exports asynclint's chanclose check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package chanclose

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's chanclose check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("chanclose")
