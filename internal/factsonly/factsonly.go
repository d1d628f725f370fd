// Package factsonly tells the checks that declare facts (chanclose,
// lockorder) that the current run is for their facts only: go vet's
// VetxOnly runs, whose diagnostics are dropped (see cmd/asynclint). Such a
// check exports its facts and skips the work that only reports.
//
// Only the command sets it, once, before any analysis; every other driver
// (gopls, golangci-lint, nogo, analysistest) leaves it off.
package factsonly

import "sync/atomic"

var on atomic.Bool

// Set marks the process's runs as facts-only.
func Set() { on.Store(true) }

// On reports whether the process's runs are facts-only.
func On() bool { return on.Load() }
