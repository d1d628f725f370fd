// Package nogo serves asynclint's checks to rules_go's nogo, Bazel's way of
// running go/analysis analyzers during the build (see docs/nogo.md).
//
// nogo links the go_library targets listed in its deps and takes from each
// the package-level variable named Analyzer. So each check has a package
// here, github.com/asynclint/asynclint/plugin/nogo/CHECK, whose Analyzer is
// the check as analyzers.All returns it: wrapped for //lint:ignore, silent
// in generated files, with gofmt'd fixes. The directive check's package
// exports the directive check that knows every check's name; it requires
// the other checks, so nogo runs them all when it is listed.
package nogo

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers"
)

// Analyzer returns the check named name from analyzers.All. It panics if
// there is none: a package of this tree names a check that is gone.
func Analyzer(name string) *analysis.Analyzer {
	for _, a := range analyzers.All() {
		if a.Name == name {
			return a
		}
	}
	panic(fmt.Sprintf("asynclint has no check named %q", name))
}
