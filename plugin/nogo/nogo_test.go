package nogo_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/analyzers"
	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/plugin/nogo/awaiterr"
	"github.com/asynclint/asynclint/plugin/nogo/blockingcall"
	"github.com/asynclint/asynclint/plugin/nogo/chanclose"
	"github.com/asynclint/asynclint/plugin/nogo/condwait"
	"github.com/asynclint/asynclint/plugin/nogo/directive"
	"github.com/asynclint/asynclint/plugin/nogo/doublelock"
	"github.com/asynclint/asynclint/plugin/nogo/lockawait"
	"github.com/asynclint/asynclint/plugin/nogo/lockleak"
	"github.com/asynclint/asynclint/plugin/nogo/lockorder"
	"github.com/asynclint/asynclint/plugin/nogo/nocancel"
	"github.com/asynclint/asynclint/plugin/nogo/taskleak"
	"github.com/asynclint/asynclint/plugin/nogo/unsafeshare"
	"github.com/asynclint/asynclint/plugin/nogo/wgmisuse"
)

// list is the analyzer list as nogo's generated main builds it: the
// Analyzer variable of each dep, and nothing set by any command.
var list = []*analysis.Analyzer{
	awaiterr.Analyzer,
	blockingcall.Analyzer,
	chanclose.Analyzer,
	condwait.Analyzer,
	directive.Analyzer,
	doublelock.Analyzer,
	lockawait.Analyzer,
	lockleak.Analyzer,
	lockorder.Analyzer,
	nocancel.Analyzer,
	taskleak.Analyzer,
	unsafeshare.Analyzer,
	wgmisuse.Analyzer,
}

// Every check has its package here, and each exports the check that
// analyzers.All returns.
func TestList(t *testing.T) {
	if err := analysis.Validate(list); err != nil {
		t.Fatal(err)
	}
	all := analyzers.All()
	if len(list) != len(all) {
		t.Errorf("%d packages under plugin/nogo, %d checks in analyzers.All", len(list), len(all))
	}
	for _, a := range all {
		if !slices.Contains(list, a) {
			t.Errorf("no package under plugin/nogo exports %s as analyzers.All has it", a.Name)
		}
	}
}

// The list runs through x/tools' checker, as nogo runs it (one driver that
// is not ours): the findings, across packages through facts, the directive
// check knowing every check's name and reporting the stale directive, and
// nothing in the generated file.
func TestChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the fixtures' dependencies from source")
	}
	// NeedModule: the fixture module's paths have no dot, and without
	// module information a package so named is taken for the standard
	// library (see docs/nogo.md: Bazel's import paths must have one).
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: fixtures.Dir()}
	pkgs, err := packages.Load(cfg, "./integrations/...", "./cli/findings")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the fixtures do not load")
	}
	graph, err := checker.Analyze(list, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			msg, _, _ := strings.Cut(d.Message, ";")
			got = append(got, fmt.Sprintf("%s:%d: %s: %s", filepath.Base(posn.Filename), posn.Line, act.Analyzer.Name, msg))
		}
	}
	slices.Sort(got)
	want := []string{
		`a.go:24: blockingcall: blocking call inside task: time.Sleep holds the worker slot`,
		`a.go:33: blockingcall: blocking call inside task: helper.Pause calls time.Sleep (helper.go:9)`,
		`a.go:43: blockingcall: blocking call inside task: time.Sleep holds the worker slot`,
		`a.go:74: blockingcall: blocking call inside task: time.Sleep holds the worker slot`,
		`a.go:85: directive: stale //lint:ignore: blockingcall reports nothing on this line or the next`,
		`findings.go:11: directive: //lint:ignore names unknown check "nosuchcheck" (known: awaiterr, blockingcall, chanclose, condwait, directive, doublelock, lockawait, lockleak, lockorder, nocancel, taskleak, unsafeshare, wgmisuse)`,
		`findings.go:6: directive: unknown directive //asynclint:blok (known: //asynclint:blocking, //asynclint:notconcurrent, //asynclint:suspends)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
