// Package suppress implements asynclint's suppression directives as a
// wrapper around an analyzer, so that they work the same in every driver:
// the asynclint command, go vet -vettool, go fix -fixtool, golangci-lint and
// gopls.
//
// Two directives are recognised, with staticcheck's syntax:
//
//	//lint:ignore CHECK[,CHECK...] reason
//	//lint:file-ignore CHECK[,CHECK...] reason
//
// A //lint:ignore suppresses the named checks' diagnostics that start on the
// line of the directive (a trailing comment) or on the line after it (a
// comment on its own line). A //lint:file-ignore, anywhere in a file,
// suppresses them in the whole file. Check names are exact analyzer names;
// there are no wildcards. The reason is required: a directive without one,
// or without a check name, is malformed and suppresses nothing (the
// directive check reports it).
//
// Lines are counted in the file as written, ignoring //line directives, for
// both the directive and the diagnostic.
//
// The wrapper also drops every diagnostic in a generated file (one with the
// standard "// Code generated ... DO NOT EDIT." comment before its package
// clause, see [ast.IsGenerated]): the code is not the reader's to fix. Files
// that cmd/cgo writes are the exception: go vet hands them to the checks in
// place of the user's cgo files, and their //line directives lead back to
// the user's code. And
// it formats the text of each suggested fix as gofmt would (see
// [FormatFix]), so that a fix built by splicing text leaves gofmt'd code.
//
// The wrapper's result ([Result]) records which directives suppressed a
// diagnostic; the directive check reads it to report stale directives.
package suppress

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
)

// Kind is the kind of a suppression directive.
type Kind int

const (
	// Line is //lint:ignore: this line and the next.
	Line Kind = iota
	// File is //lint:file-ignore: the whole file.
	File
)

func (k Kind) String() string {
	if k == File {
		return "//lint:file-ignore"
	}
	return "//lint:ignore"
}

// A Directive is one //lint:ignore or //lint:file-ignore comment.
type Directive struct {
	Kind    Kind
	Comment *ast.Comment
	Checks  []string // the check names, in the order written
	Reason  string   // the text after the check names
	// Err says why the directive is malformed ("missing reason", ...);
	// a malformed directive suppresses nothing.
	Err string
}

// Parse returns the suppression directives in the comments of f, in source
// order. Other //lint: commands are not ours and are skipped.
func Parse(f *ast.File) []Directive {
	var dirs []Directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d, ok := ParseComment(c); ok {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

// ParseComment parses a single comment; ok is false if it is not a
// //lint:ignore or //lint:file-ignore directive.
func ParseComment(c *ast.Comment) (d Directive, ok bool) {
	rest, found := strings.CutPrefix(c.Text, "//lint:")
	if !found {
		return Directive{}, false
	}
	cmd, args, _ := strings.Cut(rest, " ")
	if i := strings.IndexAny(cmd, "\t\r"); i >= 0 { // "//lint:ignore\tX y"
		cmd, args = cmd[:i], cmd[i+1:]+" "+args
	}
	switch cmd {
	case "ignore":
		d.Kind = Line
	case "file-ignore":
		d.Kind = File
	default:
		return Directive{}, false
	}
	d.Comment = c
	fields := strings.Fields(args)
	if len(fields) > 0 {
		for name := range strings.SplitSeq(fields[0], ",") {
			if name != "" {
				d.Checks = append(d.Checks, name)
			}
		}
		d.Reason = strings.Join(fields[1:], " ")
	}
	switch {
	case len(d.Checks) == 0:
		d.Err = "missing check name"
	case d.Reason == "":
		d.Err = "missing reason"
	}
	return d, true
}

// Names reports whether the well-formed directive d names check.
func (d *Directive) Names(check string) bool {
	if d.Err != "" {
		return false
	}
	for _, c := range d.Checks {
		if c == check {
			return true
		}
	}
	return false
}

// Wrap returns an analyzer that behaves like a except that diagnostics
// suppressed by a //lint:ignore or //lint:file-ignore directive naming
// a.Name, and diagnostics in generated files, are dropped, and that the
// text of suggested fixes is gofmt'd.
//
// The wrapper has a's Name, Doc, URL, Flags, Requires, FactTypes and
// RunDespiteErrors. Its Run gives a's Run a shallow copy of the pass whose
// Report filters, and whose Analyzer is a itself, so the check sees the
// identity it expects. Facts are unaffected: the driver keys them by the
// wrapper, which declares the same fact types, and the copied pass keeps
// the driver's fact functions.
//
// Its result is a [*Result], which holds a's result: an analyzer that
// requires the wrapper gets that, not a's result. (asynclint's checks are
// leaves of the analysis graph: only the directive check requires them.)
//
// The wrapper takes a's place: a driver must not be given both a and its
// wrapper (analysis.Validate rejects two analyzers with the same fact type).
//
// A panic in a's Run becomes an error of the pass (with the stack), so one
// crashing check on one package fails that package and not the whole run.
func Wrap(a *analysis.Analyzer) *analysis.Analyzer {
	w := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Flags:            a.Flags,
		Requires:         a.Requires,
		FactTypes:        a.FactTypes,
		ResultType:       reflect.TypeFor[*Result](),
		RunDespiteErrors: a.RunDespiteErrors,
	}
	w.Run = func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				result, err = nil, panicked(a, pass, r)
			}
		}()
		f := &filter{pass: pass, check: a.Name, report: pass.Report}
		cp := *pass
		cp.Analyzer = a
		cp.Report = f.Report
		res, err := a.Run(&cp)
		if err != nil {
			return nil, err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return &Result{Value: res, used: f.used}, nil
	}
	return w
}

// Guard makes a panic in a's Run an error of the pass (with the stack),
// as Wrap does for a check: for the passes the checks require, so that a
// pass crashing on one package fails the checks that need it there, with
// a clear error, and not the whole process. It changes a in place; call it
// once per analyzer.
func Guard(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				result, err = nil, panicked(a, pass, r)
			}
		}()
		return run(pass)
	}
}

// panicked is the error of a pass of a whose Run panicked with r.
func panicked(a *analysis.Analyzer, pass *analysis.Pass, r any) error {
	pkg := "?"
	if pass.Pkg != nil {
		pkg = pass.Pkg.Path()
	}
	return fmt.Errorf("internal error: %s panicked on package %s: %v\n%s", a.Name, pkg, r, debug.Stack())
}

// Result is the result of a wrapped analyzer on one package.
type Result struct {
	// Value is the wrapped analyzer's own result.
	Value any
	used  map[token.Pos]bool // directive comments that suppressed a diagnostic
}

// Used reports whether the directive comment c suppressed at least one
// diagnostic of the check on this package.
func (r *Result) Used(c *ast.Comment) bool {
	return r != nil && r.used[c.Pos()]
}

// filter drops the diagnostics of one check on one pass that a directive
// suppresses. It reads directives lazily: a pass that reports nothing never
// looks at comments, and each file is parsed at most once.
type filter struct {
	pass   *analysis.Pass
	check  string
	report func(analysis.Diagnostic)

	mu    sync.Mutex
	files map[*token.File]*ast.File // built on first use
	cache map[*token.File]*ignores
	used  map[token.Pos]bool // directive comments that suppressed a diagnostic
}

// ignores is what the directives of one file suppress for one check.
type ignores struct {
	generated bool                // the file is generated: everything is dropped
	file      []token.Pos         // the //lint:file-ignore directives naming the check
	lines     map[int][]token.Pos // line -> the //lint:ignore directives covering it
}

// parses counts files parsed for directives; tests read it.
var parses atomic.Int64

func (f *filter) Report(d analysis.Diagnostic) {
	if f.suppressed(d.Pos) {
		return
	}
	if len(d.SuggestedFixes) > 0 {
		fixes := make([]analysis.SuggestedFix, len(d.SuggestedFixes))
		for i, fix := range d.SuggestedFixes {
			fixes[i] = FormatFix(f.pass, fix)
		}
		d.SuggestedFixes = fixes
	}
	f.report(d)
}

func (f *filter) suppressed(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	tf := f.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ig, ok := f.cache[tf]
	if !ok {
		ig = f.load(tf)
		if f.cache == nil {
			f.cache = make(map[*token.File]*ignores)
		}
		f.cache[tf] = ig
	}
	if ig == nil {
		return false
	}
	if ig.generated {
		return true
	}
	by := ig.file
	if len(by) == 0 {
		by = ig.lines[tf.PositionFor(pos, false).Line]
	}
	for _, c := range by {
		if f.used == nil {
			f.used = make(map[token.Pos]bool)
		}
		f.used[c] = true
	}
	return len(by) > 0
}

// load reads the directives of the syntax file behind tf; nil if tf is not
// one of the pass's files (a diagnostic in an assembly file, say) or has no
// directive for the check and is not generated. Called with f.mu held.
func (f *filter) load(tf *token.File) *ignores {
	if f.files == nil {
		f.files = make(map[*token.File]*ast.File, len(f.pass.Files))
		for _, file := range f.pass.Files {
			if t := f.pass.Fset.File(file.FileStart); t != nil {
				f.files[t] = file
			}
		}
	}
	file := f.files[tf]
	if file == nil {
		return nil
	}
	parses.Add(1)
	if generated(file) {
		return &ignores{generated: true}
	}
	var ig *ignores
	for _, d := range Parse(file) {
		if !d.Names(f.check) {
			continue
		}
		if ig == nil {
			ig = &ignores{lines: make(map[int][]token.Pos)}
		}
		c := d.Comment.Pos()
		switch d.Kind {
		case File:
			ig.file = append(ig.file, c)
		case Line:
			line := tf.PositionFor(c, false).Line
			ig.lines[line] = append(ig.lines[line], c)
			ig.lines[line+1] = append(ig.lines[line+1], c)
		}
	}
	return ig
}

// generated reports whether file is generated code, other than cmd/cgo's
// output.
func generated(file *ast.File) bool {
	if !ast.IsGenerated(file) {
		return false
	}
	for _, cg := range file.Comments {
		if cg.Pos() > file.Package {
			break
		}
		for _, c := range cg.List {
			if c.Text == "// Code generated by cmd/cgo; DO NOT EDIT." {
				return false
			}
		}
	}
	return true
}
