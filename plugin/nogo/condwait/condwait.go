// Package condwait exports asynclint's condwait check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package condwait

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's condwait check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("condwait")
