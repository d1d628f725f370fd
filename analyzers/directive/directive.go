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

// Name is the directive check's name.
const Name = "directive"

// New returns the directive check for a suite of checks: the names of
// checks (and its own) are the ones a //lint:ignore may name, and a
// //lint:ignore naming one of checks that suppresses none of its
// diagnostics is reported as stale.
//
// The check requires checks, so that it runs after them and sees which
// directives they used: each must be wrapped by suppress.Wrap, whose
// result records that (an unwrapped one is only a name). Requiring them
// means they run whenever the directive check does, even those a driver
// was told not to run; their diagnostics are then not printed.
//
// With no checks, no name is unknown and no directive is stale: only
// malformed directives are reported.
func New(checks []*analysis.Analyzer) *analysis.Analyzer {
	c := &checker{known: []string{Name}}
	despite := true
	for _, a := range checks {
		c.known = append(c.known, a.Name)
		despite = despite && a.RunDespiteErrors
	}
	c.checks = slices.Clone(checks)
	slices.Sort(c.known)
	return &analysis.Analyzer{
		Name:     Name,
		Doc:      analysisdoc.Extract(doc, Name),
		URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/directive/doc.go",
		Run:      c.run,
		Requires: c.checks,
		// Directives are comments: they can be checked in a package that
		// does not type-check, unless a check it requires cannot run there.
		RunDespiteErrors: despite,
	}
}

// checker is one directive check: the checks it knows.
type checker struct {
	known  []string             // sorted names, the directive check's included
	checks []*analysis.Analyzer // the checks whose directives can be stale
}

// Known lists the words of the //asynclint: directives, sorted. They are
// the model's: passes/model gives them their meaning.
var Known = slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(model.Directives)), model.TypeDirectives...)))

func (k *checker) run(pass *analysis.Pass) (any, error) {
	used := make(map[string]*suppress.Result)
	for _, a := range k.checks {
		if r, ok := pass.ResultOf[a].(*suppress.Result); ok {
			used[a.Name] = r
		}
	}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				k.checkComment(pass, used, c)
			}
		}
	}
	return nil, nil
}

func (k *checker) checkComment(pass *analysis.Pass, used map[string]*suppress.Result, c *ast.Comment) {
	if !strings.Contains(c.Text, "lint:") { // cheap gate: lint: and asynclint:
		return
	}
	if d, ok := suppress.ParseComment(c); ok {
		if k.checkSuppression(pass, c, &d) {
			k.checkStale(pass, used, &d)
		}
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
	k.checkSpaced(pass, c)
}

// checkSuppression reports a malformed directive or one naming an unknown
// check; it returns true if the directive is well-formed.
func (k *checker) checkSuppression(pass *analysis.Pass, c *ast.Comment, d *suppress.Directive) bool {
	report := func(format string, args ...any) {
		pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Message: fmt.Sprintf(format, args...)})
	}
	switch d.Err {
	case "missing check name":
		report("malformed %s directive: missing check name (want %s CHECK reason)", d.Kind, d.Kind)
		return false
	case "missing reason":
		// A directive that names only staticcheck's checks is
		// staticcheck's to report.
		if slices.ContainsFunc(d.Checks, ours) {
			report("malformed %s directive: missing reason (why is this finding wrong?)", d.Kind)
		}
		return false
	case "":
	default:
		return false
	}
	if len(k.checks) == 0 {
		return true
	}
	for _, name := range d.Checks {
		if !ours(name) || k.isKnown(name) {
			continue
		}
		if s := closest(name, k.known); s != "" {
			report("%s names unknown check %q (did you mean %q?)", d.Kind, name, s)
		} else {
			report("%s names unknown check %q (known: %s)", d.Kind, name, strings.Join(k.known, ", "))
		}
	}
	return true
}

// checkStale reports a well-formed directive naming checks that ran on
// this package and none of whose diagnostics it suppressed: the finding it
// was written for is gone (or was never there), and the directive now
// only hides the next one.
func (k *checker) checkStale(pass *analysis.Pass, used map[string]*suppress.Result, d *suppress.Directive) {
	var stale []string
	ran := 0
	for _, name := range d.Checks {
		r, ok := used[name]
		if !ok {
			continue // not one of ours, or the directive check itself
		}
		ran++
		if !r.Used(d.Comment) {
			stale = append(stale, name)
		}
	}
	if len(stale) == 0 {
		return
	}
	where := "on this line or the next"
	if d.Kind == suppress.File {
		where = "in this file"
	}
	diag := analysis.Diagnostic{Pos: d.Comment.Pos(), End: d.Comment.End()}
	if len(stale) == ran && len(stale) == len(d.Checks) {
		diag.Message = fmt.Sprintf("stale %s: %s reports nothing %s; remove the directive", d.Kind, strings.Join(stale, ", "), where)
		if fix, ok := removeComment(pass, d.Comment); ok {
			diag.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	} else {
		diag.Message = fmt.Sprintf("stale %s: %s reports nothing %s; remove %s from the directive", d.Kind, strings.Join(stale, ", "), where, strings.Join(stale, ", "))
	}
	pass.Report(diag)
}

// removeComment returns a fix that deletes the comment c: its whole line
// if the line holds nothing else, else the comment and the blanks before
// it.
func removeComment(pass *analysis.Pass, c *ast.Comment) (analysis.SuggestedFix, bool) {
	tf := pass.Fset.File(c.Pos())
	if tf == nil {
		return analysis.SuggestedFix{}, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return analysis.SuggestedFix{}, false
	}
	start, end := tf.Offset(c.Pos()), tf.Offset(c.End())
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start == 0 || src[start-1] == '\n' { // alone on its line
		if end < len(src) && src[end] == '\n' {
			end++
		}
	}
	return analysis.SuggestedFix{
		Message:   "Remove the stale directive",
		TextEdits: []analysis.TextEdit{{Pos: tf.Pos(start), End: tf.Pos(end)}},
	}, true
}

// checkSpaced reports "// asynclint:blocking" and "// lint:ignore X y":
// directives made prose by a space after the slashes.
func (k *checker) checkSpaced(pass *analysis.Pass, c *ast.Comment) {
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
	} else if d, ok := suppress.ParseComment(&ast.Comment{Text: intended}); !ok || !slices.ContainsFunc(d.Checks, k.isKnown) {
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

// isKnown reports whether name is one of the checks' names (with no
// checks, none is).
func (k *checker) isKnown(name string) bool {
	return len(k.checks) > 0 && slices.Contains(k.known, name)
}

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
