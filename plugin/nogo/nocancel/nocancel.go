// Package nocancel exports asynclint's nocancel check as the Analyzer that
// rules_go's nogo takes from each of its deps (see docs/nogo.md).
package nocancel

import "github.com/asynclint/asynclint/plugin/nogo"

// Analyzer is asynclint's nocancel check, as analyzers.All returns it.
var Analyzer = nogo.Analyzer("nocancel")
