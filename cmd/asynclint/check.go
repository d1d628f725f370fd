package main

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic of one check, after suppression.
type finding struct {
	check *analysis.Analyzer
	fset  *token.FileSet
	diag  analysis.Diagnostic
	posn  token.Position // start, //line-adjusted as in compiler messages
}

// result is what a standalone run found.
type result struct {
	findings []finding
	errors   []string // load, parse, type and check errors, in order
}

func (r *result) exitCode() int {
	switch {
	case len(r.errors) > 0:
		return exitError
	case len(r.findings) > 0:
		return exitFindings
	}
	return exitClean
}

// check loads the packages, runs the checks and prints the results.
func check(patterns []string, checks []*analysis.Analyzer, o *options, stdout, stderr io.Writer) int {
	stop, err := profile(o)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	res := analyze(patterns, checks, o, stderr)
	stop()

	wd, _ := os.Getwd()
	for _, e := range res.errors {
		fmt.Fprintln(stderr, e)
	}
	if o.sarif {
		if err := writeSARIF(stdout, buildSARIF(res, checks, wd)); err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
	} else {
		printText(stdout, res.findings, wd, o.context)
	}
	return res.exitCode()
}

func analyze(patterns []string, checks []*analysis.Analyzer, o *options, stderr io.Writer) *result {
	dbg := func(c byte) bool { return strings.IndexByte(o.debug, c) >= 0 }
	logf := func(format string, args ...any) {
		if dbg('v') {
			fmt.Fprintf(stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
		}
	}
	res := new(result)

	// With a check that uses facts, dependencies are analysed from
	// source too; otherwise their export data is enough.
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(checks) {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	logf("load %s", patterns)
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Tests: o.tests}, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}

	// Package errors, once each (a file of p is also a file of p.test).
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msg := e.Msg
			if e.Pos != "" && e.Pos != "-" {
				msg = shortPos(e.Pos) + ": " + msg
			} else if !strings.Contains(msg, p.PkgPath) {
				msg = p.PkgPath + ": " + msg
			}
			if !seen[msg] {
				seen[msg] = true
				res.errors = append(res.errors, msg)
			}
		}
	})

	logf("analyze %d packages", len(pkgs))
	opts := &checker.Options{Sequential: dbg('p'), SanityCheck: dbg('s')}
	if dbg('f') {
		opts.FactLog = stderr
	}
	graph, err := checker.Analyze(checks, pkgs, opts)
	if err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}

	type key struct {
		check    string
		pos, end token.Position
		message  string
	}
	dup := make(map[key]bool)
	var actions []*checker.Action
	for act := range graph.All() {
		actions = append(actions, act)
		if err := act.Err; err != nil {
			// Not the causes: those are printed already.
			msg := err.Error()
			if strings.HasPrefix(msg, "failed prerequisites") ||
				act.Package.IllTyped && msg == "analysis skipped due to errors in package" {
				continue
			}
			res.errors = append(res.errors, fmt.Sprintf("%s: %s: %v", act.Package.PkgPath, act.Analyzer.Name, err))
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			k := key{act.Analyzer.Name, fset.Position(d.Pos), fset.Position(d.End), d.Message}
			if dup[k] {
				continue
			}
			dup[k] = true
			res.findings = append(res.findings, finding{check: act.Analyzer, fset: fset, diag: d, posn: k.pos})
		}
	}
	slices.SortFunc(res.findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.check.Name, b.check.Name),
			cmp.Compare(a.diag.Message, b.diag.Message))
	})
	if dbg('t') {
		printTimes(stderr, actions)
	}
	return res
}

// needFacts reports whether any of the checks, or what they require, uses
// facts.
func needFacts(checks []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				if len(a.FactTypes) > 0 || visit(a.Requires) {
					return true
				}
			}
		}
		return false
	}
	return visit(checks)
}

// printText prints one line per finding: file:line:col: message (check),
// followed with -c N by the source around it.
func printText(w io.Writer, findings []finding, wd string, context int) {
	for _, f := range findings {
		posn := f.posn
		posn.Filename = relTo(wd, posn.Filename)
		fmt.Fprintf(w, "%s: %s (%s)\n", posn, f.diag.Message, f.check.Name)
		if context >= 0 && f.posn.Filename != "" {
			printContext(w, f.posn, context)
		}
	}
}

func printContext(w io.Writer, posn token.Position, n int) {
	data, err := os.ReadFile(posn.Filename)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(posn.Line-n, 1); i <= min(posn.Line+n, len(lines)); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}

// shortPos shortens the file name of a "file:line:col" error position.
func shortPos(pos string) string {
	wd, err := os.Getwd()
	if err != nil {
		return pos
	}
	return relTo(wd, pos)
}

// relTo returns path relative to dir if it is below dir, else path.
func relTo(dir, path string) string {
	if dir == "" || !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

func printTimes(w io.Writer, actions []*checker.Action) {
	slices.SortFunc(actions, func(a, b *checker.Action) int { return cmp.Compare(b.Duration, a.Duration) })
	var total, sum time.Duration
	for _, a := range actions {
		total += a.Duration
	}
	for _, a := range actions {
		fmt.Fprintf(w, "%s\t%s\n", a.Duration, a)
		if sum += a.Duration; sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(w, "%s\tall others\n", total-sum)
	}
}

// profile starts the profiles and trace that the flags ask for; stop
// writes them.
func profile(o *options) (stop func(), err error) {
	var stops []func()
	stop = func() {
		for _, f := range slices.Backward(stops) {
			f()
		}
	}
	create := func(name string) (*os.File, error) {
		f, err := os.Create(name)
		if err != nil {
			stop()
		}
		return f, err
	}
	if o.cpuprofile != "" {
		f, err := create(o.cpuprofile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if o.trace != "" {
		f, err := create(o.trace)
		if err != nil {
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, func() { trace.Stop(); f.Close() })
	}
	if o.memprofile != "" {
		f, err := create(o.memprofile)
		if err != nil {
			return nil, err
		}
		stops = append(stops, func() {
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Printf("writing memory profile: %v", err)
			}
			f.Close()
		})
	}
	return stop, nil
}
