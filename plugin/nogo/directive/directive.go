// Package directive exports asynclint's directive check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package directive

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's directive check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("directive")
