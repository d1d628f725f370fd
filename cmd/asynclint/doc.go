// Command asynclint runs asynclint's checks: concurrency mistakes of async
// Go code (tasks on the asynclint runtime, goroutines, sync, channels,
// context).
//
// # Usage
//
//	asynclint [flags] packages     check packages: ./..., std, import paths
//	asynclint -explain CHECK       print a check's documentation (also: asynclint help CHECK)
//	asynclint help                 list the checks and flags
//
//	go vet -vettool=$(command -v asynclint) [flags] packages
//	go fix -fixtool=$(command -v asynclint) [-diff] packages
//
// Standalone, asynclint runs the checks under go vet, with itself as the
// vet tool:
//
//	go vet -vettool=<this asynclint> -json <check flags> -- packages
//
// go vet runs one asynclint process per package, dependencies first (they
// carry facts to their importers), as many at a time as there are CPUs; a
// process holds one package's syntax and types, so memory stays bounded
// whatever the number of packages. It caches each package's result: a second run over
// unchanged code, with the same flags and the same asynclint binary, only
// replays them and is near-instant. asynclint reads the JSON diagnostics
// and prints one line per finding on standard output:
//
//	file:line:col: message (check)
//
// File names are relative to the current directory when the file is below
// it. Findings are sorted by position and printed once each.
//
// Errors go to standard error, and the other packages are still checked:
//   - A package that does not load (a missing import, an import cycle):
//     asynclint lists the packages with go list first, reports those
//     errors and leaves such packages out, since go vet would stop at them
//     before checking anything.
//   - A package that does not parse, type-check or compile: go vet's
//     errors, each after a "# package" line. No check runs on such a
//     package (only its first type error is reported), nor on the packages
//     that import it.
//   - A check that fails on a package: "package: check: error".
//
// Under go vet and go fix, asynclint speaks the vet-tool protocol (via
// golang.org/x/tools/go/analysis/unitchecker): go vet runs it once per
// package, dependencies included, carries facts between packages, caches
// results and formats the findings itself.
//
// # Flags
//
//	-CHECK            run only the checks so named (e.g. -blockingcall)
//	-CHECK=false      run every check but those (e.g. -directive=false)
//	-CHECK.FLAG=v     set a check's own flag
//	-sarif            write SARIF 2.1.0 on standard output instead of text
//	-explain CHECK    print the check's documentation and exit
//	-c N              after each finding, print its line and N lines around it
//	-test=false       do not report findings in test files (go vet analyses
//	                  each package with its tests all the same: errors in
//	                  test files are still reported)
//	-cachekey S       nothing but a part of go vet's cache key: a new S makes
//	                  go vet analyse every package again (scripts/bench.sh
//	                  uses it to time cold runs); also accepted under go vet
//	-V                print the version: "asynclint version (devel) go1.26.8"
//	                  (-V=full is go vet's query, answered in its form)
//
// -CHECK, -CHECK.FLAG and -cachekey are passed on to go vet. The following
// are golang.org/x/tools/go/analysis/multichecker's and behave exactly as
// there: asynclint hands the whole command line to it, and it checks all
// the packages in one process, from source (memory grows with the size of
// the program):
//
//	-json             JSON on standard output: {package: {check: [diagnostic]}}
//	-fix              apply the suggested fixes (the first of each finding)
//	-diff             print the fixes as a unified diff instead of writing files
//	                  (-diff implies -fix)
//	-debug fpstv      debugging: f print facts, p run sequentially, s sanity-check
//	                  facts, t print timings, v verbose
//	-cpuprofile F, -memprofile F, -trace F
//	                  write a profile or execution trace of the run to F
//	-flags, -V=full   the vet-tool protocol's queries
//
// # Exit status
//
//	0  no findings
//	3  findings (also with -sarif)
//	1  errors: a package that does not load, parse or type-check, a check
//	   that failed; errors win over findings
//	2  bad command line
//
// With -json, -fix or a debugging flag, the exit status is multichecker's:
// with -json or -fix 0 even with findings, 1 on errors. Under go vet, go
// vet's own: 1 if it printed anything.
//
// # Suppressing a finding
//
// Every check honours staticcheck-style directives, in every driver:
//
//	//lint:ignore CHECK[,CHECK...] reason       this line, or the next line
//	//lint:file-ignore CHECK[,CHECK...] reason  the whole file
//
// The reason is required; the directive check reports malformed directives,
// and stale ones: a directive that suppresses nothing. No check reports
// anything in a file with the standard "// Code generated ... DO NOT EDIT."
// header, and every suggested fix's text is gofmt'd, in every driver.
//
// # SARIF
//
// With -sarif the output is one SARIF 2.1.0 log with one run: a rule per
// selected check (id: the check name; descriptions: its documentation;
// helpUri: its doc.go in the asynclint repository), and a result per
// finding with its location, related locations and suggested fixes. File
// URIs are relative to the %SRCROOT% base, which is the current directory:
// run asynclint from the root of the repository for GitHub code scanning.
// Errors are toolExecutionNotifications of the invocation. Columns are
// counted in UTF-16 code units, SARIF's default. The output is
// deterministic.
package main
