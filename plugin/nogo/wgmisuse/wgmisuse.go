// Package wgmisuse exports asynclint's wgmisuse check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package wgmisuse

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's wgmisuse check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("wgmisuse")
