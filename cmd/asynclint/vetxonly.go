package main

import (
	"encoding/json"
	"os"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// go vet runs its tool once for each package it checks, and once, "for
// facts only" (the vet.cfg's VetxOnly), for each dependency of those that
// it does not check itself: in std, every package that a test variant
// recompiles (testing, fmt, os, ... once per tested package below them),
// about two runs in three. The diagnostics of such a run are dropped;
// only the facts it exports are kept, for the packages above it.
//
// unitchecker runs every analyzer that produces facts or requires one that
// does (that is, every asynclint check) in such a run. A check that
// declares no fact type cannot change what the run exports, so
// factsOnly replaces each such check by a stub of the same name and flags
// that runs nothing and requires only the analyzers of its requirements
// that produce facts. The facts exported are the same; the checks' own
// work, and that of the passes only they need (inspect, hb, access, the
// SSA form when only a check asks for it), is skipped. The -CHECK
// switches keep their meaning: a selected check's stub still makes the
// facts the check needs from the packages below.

// factsOnlyRun reports whether the command line is a go vet run for facts
// only: its last argument is a vet.cfg whose VetxOnly is set.
func factsOnlyRun(args []string) bool {
	if len(args) == 0 || !isConfig(args[len(args)-1]) {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false // unitchecker reports it
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(data, &cfg) != nil {
		return false
	}
	return cfg.VetxOnly
}

// factsOnly returns the analyzers with each one that declares no fact type
// replaced by its stub (see above).
func factsOnly(all []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(all))
	for i, a := range all {
		if len(a.FactTypes) > 0 {
			out[i] = a
			continue
		}
		out[i] = &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			Flags:            a.Flags,
			Requires:         factProducers(a),
			Run:              func(*analysis.Pass) (any, error) { return nil, nil },
			RunDespiteErrors: a.RunDespiteErrors,
		}
	}
	return out
}

// factProducers returns the analyzers that a transitively requires and
// that declare fact types, in depth-first order, each once; it does not
// look past one (what it requires runs with it).
func factProducers(a *analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		for _, req := range a.Requires {
			if seen[req] {
				continue
			}
			seen[req] = true
			if len(req.FactTypes) > 0 {
				if !slices.Contains(out, req) {
					out = append(out, req)
				}
				continue
			}
			visit(req)
		}
	}
	visit(a)
	return out
}
