// Package unsafeshare exports asynclint's unsafeshare check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package unsafeshare

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's unsafeshare check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("unsafeshare")
