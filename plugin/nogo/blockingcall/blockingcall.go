// Package blockingcall exports asynclint's blockingcall check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package blockingcall

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's blockingcall check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("blockingcall")
