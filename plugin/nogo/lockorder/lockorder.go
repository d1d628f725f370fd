// Package lockorder exports asynclint's lockorder check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package lockorder

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's lockorder check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("lockorder")
