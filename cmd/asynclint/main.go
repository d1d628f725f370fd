package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/asynclint/asynclint/analyzers"
	"github.com/asynclint/asynclint/internal/factsonly"
)

// repoURL is the project's home; SARIF rules link to the checks' docs there.
const repoURL = "https://github.com/asynclint/asynclint"

// Exit codes.
const (
	exitClean    = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("asynclint: ")
	tuneGC()
	all := analyzers.All()
	if isVersion(os.Args[1:]) {
		fmt.Println(versionLine())
		return
	}
	if delegated(os.Args[1:], all) {
		// The vet-tool protocol, -json, -fix and the debugging flags:
		// multichecker's own (it runs unitchecker when given a vet.cfg
		// file). It exits.
		flag.String("cachekey", "", cachekeyUsage)
		os.Args = append(os.Args[:1], withFix(os.Args[1:])...)
		if factsOnlyRun(os.Args[1:]) {
			factsonly.Set()
			all = factsOnly(all)
		}
		multichecker.Main(all...)
		return
	}
	os.Exit(run(os.Args[1:], all, os.Stdout, os.Stderr))
}

// tuneGC trades memory for time, unless GOGC or GOMEMLIMIT says
// otherwise. One process analyses one package and exits; with the
// default GOGC=100 a fifth of its CPU time went to the collector. At 400
// that is about 15% less CPU time and wall time on heavy packages, for
// about 15% more peak memory (still a third of staticcheck's on std).
// The soft limit keeps a huge package (nats-server's server, whose heap
// reaches 4 GiB at GOGC=100) from growing fivefold (8.5 GiB without it),
// at the time and peak memory of GOGC=100; a limit below its live heap
// (1 GiB) made the collector run all the time, at three times the time.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(4 << 30)
	}
}

const cachekeyUsage = "no effect on the checks; a new `value` makes go vet's result cache miss, so every package is analysed again"

// options are the standalone command's flags.
type options struct {
	sarif   bool
	explain string
	tests   bool
	context int

	enabled map[*analysis.Analyzer]*triState // -CHECK, -CHECK=false

	// Handled by multichecker: their presence hands the command line to it.
	handOff []*handOffFlag
}

// newFlags returns the command's flag set. The checks' own flags, like
// -CHECK and -cachekey, are only recorded: they are passed on to go vet.
func newFlags(all []*analysis.Analyzer) (*flag.FlagSet, *options) {
	fs := flag.NewFlagSet("asynclint", flag.ContinueOnError)
	o := &options{enabled: make(map[*analysis.Analyzer]*triState)}
	fs.BoolVar(&o.sarif, "sarif", false, "write SARIF 2.1.0 on standard output instead of text")
	fs.StringVar(&o.explain, "explain", "", "print the documentation of the named `check` and exit")
	fs.BoolVar(&o.tests, "test", true, "report findings in test files too")
	fs.IntVar(&o.context, "c", -1, "print the offending line with `N` lines of context")
	fs.Var(&vetFlag{}, "cachekey", cachekeyUsage)
	for _, f := range []struct {
		name, usage string
		isBool      bool
	}{
		{"json", "emit JSON output (multichecker's)", true},
		{"fix", "apply all suggested fixes (multichecker's)", true},
		{"diff", "print the suggested fixes as a unified diff, and change no file (implies -fix)", true},
		{"flags", "print analyzer flags in JSON (vet-tool protocol)", true},
		{"V", "print the version and exit (-V=full: the vet-tool protocol's form)", true},
		{"debug", "debugging `flags`, any subset of \"fpstv\" (multichecker's, in one process)", false},
		{"cpuprofile", "write a CPU profile to `file` (multichecker's, in one process)", false},
		{"memprofile", "write a memory profile to `file` (multichecker's, in one process)", false},
		{"trace", "write an execution trace to `file` (multichecker's, in one process)", false},
	} {
		hf := &handOffFlag{isBool: f.isBool}
		o.handOff = append(o.handOff, hf)
		fs.Var(hf, f.name, f.usage)
	}
	for _, a := range all {
		ts := new(triState)
		o.enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q check", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(&vetFlag{f.DefValue, isBoolFlag(f.Value)}, a.Name+"."+f.Name, f.Usage)
		})
	}
	return fs, o
}

// handedOff reports whether a flag of multichecker's was set.
func (o *options) handedOff() bool {
	return slices.ContainsFunc(o.handOff, func(f *handOffFlag) bool { return f.set() })
}

// delegated reports whether the command line is multichecker's: the
// vet-tool protocol (a vet.cfg argument, -flags, -V), -json, -fix, or a
// debugging flag.
func delegated(args []string, all []*analysis.Analyzer) bool {
	fs, o := newFlags(all)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		// Let go vet's own flags through; anything else is ours to
		// report.
		return slices.ContainsFunc(args, isConfig) || slices.Contains(args, "-flags") ||
			slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-V") })
	}
	if o.sarif || o.explain != "" {
		return false // a conflict, which run reports
	}
	rest := fs.Args()
	return o.handedOff() || len(rest) == 1 && isConfig(rest[0])
}

// isVersion reports whether the command line asks for the version in our
// form: -V alone (-V=full is go vet's query, which multichecker answers).
func isVersion(args []string) bool {
	return len(args) == 1 && (args[0] == "-V" || args[0] == "--V" || args[0] == "-V=true" || args[0] == "--V=true")
}

// versionLine is what -V prints: the module's version, the Go that built
// the binary and, in a build from a clone, its commit.
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "asynclint version unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	line := fmt.Sprintf("asynclint version %s %s", v, bi.GoVersion)
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		line += " commit " + rev[:min(len(rev), 12)]
		if modified == "true" {
			line += "+modified"
		}
	}
	return line
}

// withFix adds -fix to a command line with -diff and without -fix:
// multichecker's -diff only acts with -fix, and asynclint's -diff alone
// means "show me the fixes".
func withFix(args []string) []string {
	var diff, fix bool
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		on := value == "" || value == "true" || value == "1" || value == "t" || value == "T" || value == "TRUE" || value == "True"
		switch name {
		case "diff":
			diff = on
		case "fix":
			fix = true // set either way: -fix=false is the user's
		}
	}
	if diff && !fix {
		return append([]string{"-fix"}, args...)
	}
	return args
}

func isConfig(arg string) bool {
	return strings.HasSuffix(arg, ".cfg") && !strings.HasPrefix(arg, "-")
}

// run is the standalone command; it returns the exit code.
func run(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer) int {
	fs, o := newFlags(all)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr, fs, all) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs, all)
			return exitClean
		}
		return exitUsage
	}
	rest := fs.Args()
	switch {
	case o.sarif && o.handedOff():
		fmt.Fprintln(stderr, "asynclint: -sarif cannot be combined with -json, -fix, -diff or the debugging flags")
		return exitUsage
	case o.explain != "":
		return explain(stdout, stderr, all, append([]string{o.explain}, rest...))
	case len(rest) > 0 && rest[0] == "help":
		if len(rest) == 1 {
			usage(stdout, fs, all)
			return exitClean
		}
		return explain(stdout, stderr, all, rest[1:])
	case len(rest) == 0:
		fmt.Fprintln(stderr, "usage: asynclint [flags] packages\nRun 'asynclint help' for the checks and flags.")
		return exitUsage
	}
	// What go vet passes on to each run of asynclint as its vet tool.
	var toolFlags []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Value.(type) {
		case *triState, *vetFlag:
			toolFlags = append(toolFlags, "-"+f.Name+"="+f.Value.String())
		}
	})
	return check(rest, toolFlags, selected(all, o), o, stdout, stderr)
}

// selected applies the -CHECK switches as multichecker does: if any is
// true, only those run; otherwise all but those set false.
func selected(all []*analysis.Analyzer, o *options) []*analysis.Analyzer {
	var anyTrue bool
	for _, ts := range o.enabled {
		anyTrue = anyTrue || *ts == setTrue
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		if ts := *o.enabled[a]; ts == setTrue || !anyTrue && ts != setFalse {
			keep = append(keep, a)
		}
	}
	return keep
}

func usage(w io.Writer, fs *flag.FlagSet, all []*analysis.Analyzer) {
	fmt.Fprint(w, `asynclint reports concurrency mistakes in Go code: in tasks on the
asynclint runtime, goroutines, sync, channels and context.

Usage:
  asynclint [flags] packages    check packages (./..., std, import paths)
  asynclint -explain CHECK      print a check's documentation
  go vet -vettool=$(command -v asynclint) [flags] packages
  go fix -fixtool=$(command -v asynclint) [-diff] packages

The checks run under go vet, asynclint being its vet tool: one process
per package, and go vet's result cache (unchanged packages are not
analysed again). Findings print as "file:line:col: message (check)" on
standard output, errors on standard error.
Exit status: 0 no findings, 3 findings, 1 errors (they win over findings),
2 bad command line; with -json, -fix or a debugging flag, multichecker's
(it checks all packages in one process).

Suppress a finding with a reason:
  //lint:ignore CHECK[,CHECK...] reason        this line or the next
  //lint:file-ignore CHECK[,CHECK...] reason   the whole file

Checks:
`)
	for _, a := range all {
		fmt.Fprintf(w, "  %-14s %s\n", a.Name, summary(a))
	}
	fmt.Fprint(w, `
By default every check runs; -CHECK runs only the checks so named,
-CHECK=false all but those.

Flags:
`)
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// explain prints the documentation of the named checks.
func explain(stdout, stderr io.Writer, all []*analysis.Analyzer, names []string) int {
	for n, name := range names {
		i := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			var known []string
			for _, a := range all {
				known = append(known, a.Name)
			}
			fmt.Fprintf(stderr, "asynclint: no check named %q (checks: %s)\n", name, strings.Join(known, ", "))
			return exitUsage
		}
		a := all[i]
		if n > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintf(stdout, "\nFlags:\n")
				first = false
			}
			fmt.Fprintf(stdout, "  -%s.%s\n    \t%s (default %q)\n", a.Name, f.Name, f.Usage, f.DefValue)
		})
		fmt.Fprintf(stdout, "\nOnline: %s\n", docURL(a))
	}
	return exitClean
}

// summary is the first line of a check's Doc.
func summary(a *analysis.Analyzer) string {
	s, _, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n")
	return s
}

// docURL is the check's documentation in the asynclint repository.
func docURL(a *analysis.Analyzer) string {
	return repoURL + "/blob/main/analyzers/" + a.Name + "/doc.go"
}

// triState is a boolean flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (*triState) IsBoolFlag() bool { return true }

// vetFlag is a flag passed on to the vet tool as it was given.
type vetFlag struct {
	value  string
	isBool bool
}

func (f *vetFlag) Set(s string) error { f.value = s; return nil }
func (f *vetFlag) String() string     { return f.value }
func (f *vetFlag) IsBoolFlag() bool   { return f.isBool }

// handOffFlag is a flag of multichecker's; set, it hands the command line
// to multichecker.
type handOffFlag struct {
	value  string
	isBool bool
}

func (f *handOffFlag) Set(s string) error { f.value = s; return nil }
func (f *handOffFlag) String() string     { return f.value }
func (f *handOffFlag) IsBoolFlag() bool   { return f.isBool }
func (f *handOffFlag) set() bool          { return f.value != "" && f.value != "false" }

func isBoolFlag(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
