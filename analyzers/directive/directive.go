package directive

import (
	_ "embed"
	"fmt"
	"go/ast"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/internal/suppress"
	"github.com/asynclint/asynclint/passes/model"
)

//go:embed doc.go
var doc string

// Analyzer is the directive check.
var Analyzer = &analysis.Analyzer{
	Name: "directive",
	Doc:  analysisdoc.Extract(doc, "directive"),
	URL:  "https://github.com/asynclint/asynclint/blob/main/analyzers/directive/doc.go",
	Run:  run,
	// Directives are comments: they can be checked in a package that does
	// not type-check.
	RunDespiteErrors: true,
}

// Known lists the words of the //asynclint: directives, sorted. They are
// the model's: passes/model gives them their meaning.
var Known = slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(model.Directives)), model.TypeDirectives...)))

// KnownChecks lists the names of asynclint's checks, which a
// //lint:ignore may name. This package cannot import the list of checks
// (analyzers imports it), so analyzers.All sets KnownChecks before it
// returns. While it is empty, no check name is reported as unknown.
var KnownChecks []string

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				checkComment(pass, c)
			}
		}
	}
	return nil, nil
}

func checkComment(pass *analysis.Pass, c *ast.Comment) {
	if !strings.Contains(c.Text, "lint:") { // cheap gate: lint: and asynclint:
		return
	}
	if d, ok := suppress.ParseComment(c); ok {
		checkSuppression(pass, c, &d)
		return
	}
	if rest, ok := strings.CutPrefix(c.Text, "//asynclint:"); ok {
		word := rest
		if i := strings.IndexAny(word, " \t"); i >= 0 {
			word = word[:i]
		}
		if !slices.Contains(Known, word) {
			pass.Report(analysis.Diagnostic{
				Pos:     c.Pos(),
				End:     c.End(),
				Message: fmt.Sprintf("unknown directive //asynclint:%s (known: %s)", word, knownList()),
			})
		}
		return
	}
	checkSpaced(pass, c)
}

func checkSuppression(pass *analysis.Pass, c *ast.Comment, d *suppress.Directive) {
	report := func(format string, args ...any) {
		pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Message: fmt.Sprintf(format, args...)})
	}
	switch d.Err {
	case "missing check name":
		report("malformed %s directive: missing check name (want %s CHECK reason)", d.Kind, d.Kind)
		return
	case "missing reason":
		// A directive that names only staticcheck's checks is
		// staticcheck's to report.
		if slices.ContainsFunc(d.Checks, ours) {
			report("malformed %s directive: missing reason (why is this finding wrong?)", d.Kind)
		}
		return
	}
	if len(KnownChecks) == 0 {
		return
	}
	for _, name := range d.Checks {
		if !ours(name) || known(name) {
			continue
		}
		if s := closest(name, KnownChecks); s != "" {
			report("%s names unknown check %q (did you mean %q?)", d.Kind, name, s)
		} else {
			report("%s names unknown check %q (known: %s)", d.Kind, name, strings.Join(sorted(KnownChecks), ", "))
		}
	}
}

// checkSpaced reports "// asynclint:blocking" and "// lint:ignore X y":
// directives made prose by a space after the slashes.
func checkSpaced(pass *analysis.Pass, c *ast.Comment) {
	text, ok := strings.CutPrefix(c.Text, "// ")
	if !ok {
		return
	}
	intended := "//" + text
	if rest, ok := strings.CutPrefix(text, "asynclint:"); ok {
		word, _, _ := strings.Cut(rest, " ")
		if !slices.Contains(Known, word) {
			return // prose that mentions asynclint:, or a typo of a typo
		}
	} else if d, ok := suppress.ParseComment(&ast.Comment{Text: intended}); !ok || !slices.ContainsFunc(d.Checks, known) {
		// Prose ("// lint:ignore is how you say it") or another
		// linter's: only a space before a known check is a slip.
		return
	}
	name, _, _ := strings.Cut(intended, " ")
	pass.Report(analysis.Diagnostic{
		Pos:     c.Pos(),
		End:     c.End(),
		Message: fmt.Sprintf("// %s is not a directive: remove the space after //", name[2:]),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message: "Remove the space after //",
			TextEdits: []analysis.TextEdit{{
				Pos:     c.Pos() + 2,
				End:     c.Pos() + 3,
				NewText: nil,
			}},
		}},
	})
}

// known reports whether name is one of KnownChecks.
func known(name string) bool { return slices.Contains(KnownChecks, name) }

// ours reports whether name could be an asynclint check: a lower-case
// identifier that is not shaped like a staticcheck check (SA1019, which
// staticcheck matches case-insensitively, so sa1019 too), nor a pattern.
func ours(name string) bool {
	letters, digits := 0, 0
	for i, r := range name {
		switch {
		case 'a' <= r && r <= 'z' || r == '_':
			if digits > 0 {
				return true // letters after digits: not SA1019-shaped
			}
			letters++
		case '0' <= r && r <= '9' && i > 0:
			digits++
		default:
			return false // upper case, '*', '-', ...
		}
	}
	return !(letters > 0 && digits > 0) // "sa1019" is staticcheck's
}

// closest returns the known name within a small edit distance of name, if
// there is exactly one best.
func closest(name string, known []string) string {
	best, bestDist, ties := "", len(name)/3+1, 0
	for _, k := range known {
		switch d := distance(name, k); {
		case d < bestDist:
			best, bestDist, ties = k, d, 0
		case d == bestDist && best != "":
			ties++
		}
	}
	if ties > 0 {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func knownList() string {
	s := make([]string, len(Known))
	for i, w := range Known {
		s[i] = "//asynclint:" + w
	}
	return strings.Join(s, ", ")
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
