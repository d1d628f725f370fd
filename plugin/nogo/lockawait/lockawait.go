// Package lockawait exports asynclint's lockawait check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package lockawait

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's lockawait check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("lockawait")
