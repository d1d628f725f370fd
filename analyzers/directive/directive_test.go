package directive_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/directive"
)

func testdata() string {
	dir, err := filepath.Abs("../../testdata/src")
	if err != nil {
		panic(err)
	}
	return dir
}

func TestDirective(t *testing.T) {
	defer func(old []string) { directive.KnownChecks = old }(directive.KnownChecks)
	directive.KnownChecks = []string{"lockawait", "blockingcall", "directive"}
	analysistest.RunWithSuggestedFixes(t, testdata(), directive.Analyzer, "./directive/a")
}

func TestNoKnownChecks(t *testing.T) {
	defer func(old []string) { directive.KnownChecks = old }(directive.KnownChecks)
	directive.KnownChecks = nil
	analysistest.Run(t, testdata(), directive.Analyzer, "./directive/nochecks")
}

func TestDoc(t *testing.T) {
	doc := directive.Analyzer.Doc
	if !strings.HasPrefix(doc, "report malformed //lint:ignore directives") {
		t.Errorf("Doc does not start with the summary: %q", doc)
	}
	if !strings.Contains(doc, "# False positives") && !strings.Contains(doc, "False positives") {
		t.Errorf("Doc lost its sections")
	}
}
