// Package analyzers holds the one list of asynclint's checks. The command,
// the go vet -vettool mode and the editor and golangci-lint integrations all
// read it from here, so a check added to the list is everywhere at once.
package analyzers

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers/awaiterr"
	"github.com/asynclint/asynclint/analyzers/blockingcall"
	"github.com/asynclint/asynclint/analyzers/chanclose"
	"github.com/asynclint/asynclint/analyzers/condwait"
	"github.com/asynclint/asynclint/analyzers/directive"
	"github.com/asynclint/asynclint/analyzers/doublelock"
	"github.com/asynclint/asynclint/analyzers/lockawait"
	"github.com/asynclint/asynclint/analyzers/lockleak"
	"github.com/asynclint/asynclint/analyzers/lockorder"
	"github.com/asynclint/asynclint/analyzers/nocancel"
	"github.com/asynclint/asynclint/analyzers/taskleak"
	"github.com/asynclint/asynclint/analyzers/unsafeshare"
	"github.com/asynclint/asynclint/analyzers/wgmisuse"
	"github.com/asynclint/asynclint/internal/suppress"
)

// checks is every user-facing check, in the order they are documented.
// To add a check, add its Analyzer here; All does the rest.
var checks = []*analysis.Analyzer{
	blockingcall.Analyzer,
	lockawait.Analyzer,
	taskleak.Analyzer,
	nocancel.Analyzer,
	unsafeshare.Analyzer,
	awaiterr.Analyzer,
	lockleak.Analyzer,
	doublelock.Analyzer,
	lockorder.Analyzer,
	condwait.Analyzer,
	chanclose.Analyzer,
	wgmisuse.Analyzer,
}

// All returns every check, each wrapped by suppress.Wrap (so that
// //lint:ignore and //lint:file-ignore directives suppress its diagnostics,
// generated files get none, and suggested fixes are gofmt'd, in every
// driver): the entries of checks, then the directive check, which knows
// their names and reports malformed and stale directives.
//
// The list is built here, from the checks' packages alone: importing this
// package is all a driver needs (the command, go vet -vettool, golangci-lint,
// gopls, Bazel's nogo); no state is set by any command.
//
// Every call returns the same wrapped analyzers (in a new slice), so results
// of separate calls can be mixed. Do not give a driver both a check's own
// Analyzer and its wrapper from All: they declare the same fact types.
func All() []*analysis.Analyzer {
	return slices.Clone(all())
}

var all = sync.OnceValue(func() []*analysis.Analyzer {
	guardPasses()
	wrapped := make([]*analysis.Analyzer, len(checks))
	for i, a := range checks {
		wrapped[i] = suppress.Wrap(a)
	}
	return append(wrapped, suppress.Wrap(directive.New(wrapped)))
})

// guardPasses guards (suppress.Guard) every pass of this module that the
// checks require, directly or not: a panic in one becomes an error on the
// package it crashed on.
func guardPasses() {
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		for _, r := range a.Requires {
			if seen[r] {
				continue
			}
			seen[r] = true
			if ours(r) {
				suppress.Guard(r)
			}
			walk(r)
		}
	}
	for _, a := range checks {
		walk(a)
	}
}

// ours reports whether a's Run is a function of this module.
func ours(a *analysis.Analyzer) bool {
	f := runtime.FuncForPC(reflect.ValueOf(a.Run).Pointer())
	return f != nil && strings.HasPrefix(f.Name(), "github.com/asynclint/asynclint/")
}
