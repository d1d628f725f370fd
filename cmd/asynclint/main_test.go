package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers"
)

// The tests build the command once and run it, standalone and under
// go vet and go fix, over the fixture module in testdata/src (module
// fixtures, which replaces asynclint with this repository).
//
// Most runs select only the directive check (-directive): it has no facts,
// so go vet's runs of asynclint over the dependencies only type-check them,
// which keeps the tests fast. The fact tests run blockingcall, whose facts
// cross packages.

var (
	bin      string // the built command
	fixtures string // the fixture module's root
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "asynclint-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "asynclint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building asynclint: %v\n%s", err, out)
		return 1
	}
	fixtures, err = filepath.Abs("../../testdata/src")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

type output struct {
	stdout, stderr string
	code           int
}

// runCmd runs name with args in the fixture module.
func runCmd(t *testing.T, name string, args ...string) output {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = fixtures
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := output{stdout.String(), stderr.String(), 0}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		out.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	// A crash prints "panic: ..." and the goroutines' stacks; help text
	// may name panics (-lockleak.panics).
	if strings.Contains(out.stderr, "panic: ") || crashStack.MatchString(out.stderr) ||
		crashStack.MatchString(out.stdout) {
		t.Errorf("%s %s panicked:\n%s%s", name, strings.Join(args, " "), out.stdout, out.stderr)
	}
	return out
}

// crashStack matches the header of a goroutine's stack in a crash report.
var crashStack = regexp.MustCompile(`goroutine \d+ \[`)

// asynclint runs the binary. A run that checks packages gets a cache key
// of its own test: the go command stores a vet action's facts before its
// output, so a parallel run of the same action (same packages and flags)
// can find the facts cached and the output not yet, and replays none.
func asynclint(t *testing.T, args ...string) output {
	t.Helper()
	pkgs := slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "./") })
	keyed := slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-cachekey") })
	if pkgs && !keyed {
		args = append([]string{"-cachekey=" + strings.ReplaceAll(t.Name(), "/", ".")}, args...)
	}
	return runCmd(t, bin, args...)
}

func (o output) want(t *testing.T, code int) {
	t.Helper()
	if o.code != code {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", o.code, code, o.stdout, o.stderr)
	}
}

func lines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
}

var textLine = regexp.MustCompile(`^[^\s:]+\.go:\d+:\d+: .+ \((\w+)\)$`)

func TestText(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "./cli/findings")
	out.want(t, exitFindings)
	got := lines(out.stdout)
	want := []string{
		`cli/findings/findings.go:6:1: unknown directive //asynclint:blok (known: //asynclint:blocking, //asynclint:notconcurrent, //asynclint:suspends) (directive)`,
		`cli/findings/findings.go:11:1: //lint:ignore names unknown check "nosuchcheck" (known: `,
		`cli/findings/findings_test.go:7:1: unknown directive //asynclint:intest`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d (the file of the package and of its test variant once):\n%s", len(got), len(want), out.stdout)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) || !textLine.MatchString(got[i]) {
			t.Errorf("line %d = %q, want %q... in the form file:line:col: message (check)", i, got[i], want[i])
		}
	}
	if out.stderr != "" {
		t.Errorf("stderr: %s", out.stderr)
	}
}

func TestTestFlagAndContext(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "-test=false", "-c", "1", "./cli/findings")
	out.want(t, exitFindings)
	if strings.Contains(out.stdout, "findings_test.go") {
		t.Errorf("-test=false reported a test file:\n%s", out.stdout)
	}
	if !strings.Contains(out.stdout, "\n6\t//asynclint:blok\n7\tfunc A() {}\n") {
		t.Errorf("-c 1 did not print the context:\n%s", out.stdout)
	}
}

func TestCleanAndSuppressed(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "./cli/clean", "./cli/suppressed")
	out.want(t, exitClean)
	if out.stdout != "" || out.stderr != "" {
		t.Errorf("output on clean packages:\n%s%s", out.stdout, out.stderr)
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive=false", "-blockingcall=false", "./cli/findings")
	out.want(t, exitClean)
	if out.stdout != "" {
		t.Errorf("-directive=false reported:\n%s", out.stdout)
	}
	out = asynclint(t, "-blockingcall", "./cli/findings")
	out.want(t, exitClean)
	// -cachekey changes nothing but go vet's cache key.
	out = asynclint(t, "-directive", "-cachekey=test", "./cli/findings")
	out.want(t, exitFindings)
	if len(lines(out.stdout)) != 3 {
		t.Errorf("-cachekey changed the findings:\n%s", out.stdout)
	}
}

// A package that does not parse, one that does not type-check, one with
// a missing import and one that embeds missing files: each gets a clear
// error, and the good package next to them is still checked. Errors win
// over findings in the exit code.
func TestBadInput(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "./cli/syntax", "./cli/broken", "./cli/missingimport", "./cli/badembed", "./cli/findings")
	out.want(t, exitError)
	for _, want := range []string{
		`cli/syntax/syntax.go:4:9: expected ')', found '{'`,
		`cli/broken/broken.go:4:13: cannot use "not an int"`,
		`cli/missingimport/missingimport.go:4:8: package fixtures/cli/nowhere is not in std`,
		`cli/badembed/badembed.go:7:12: pattern dist: no matching files found`,
	} {
		if !strings.Contains(out.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
		}
	}
	if want := "cli/findings/findings.go:6:1: unknown directive //asynclint:blok"; !strings.Contains(out.stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, out.stdout)
	}
	// Under go vet, no check runs on a package that does not type-check.
	if strings.Contains(out.stdout, "cli/broken") {
		t.Errorf("findings in a package that does not type-check:\n%s", out.stdout)
	}
}

func TestCgo(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "./cli/cgo")
	if cgo, _ := exec.Command("go", "env", "CGO_ENABLED").Output(); strings.TrimSpace(string(cgo)) != "1" {
		return // cgo.go is not part of the package; no panic is all we ask
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		// Without a C compiler, a clear error and no panic is all we ask.
		if out.code != exitError {
			t.Errorf("exit code %d without a C compiler, want %d", out.code, exitError)
		}
		return
	}
	out.want(t, exitFindings)
	// The position is in the cgo source file, not in cgo's output.
	if want := "cli/cgo/cgo.go:10:1: unknown directive //asynclint:incgo"; !strings.HasPrefix(out.stdout, want) {
		t.Errorf("stdout = %q, want %q...", out.stdout, want)
	}
}

// -V prints the version; -V=full is go vet's query, answered in its form.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-V", "--V", "-V=true"} {
		out := asynclint(t, arg)
		out.want(t, exitClean)
		if !regexp.MustCompile(`^asynclint version \S+ go\S+( commit [0-9a-f]+(\+modified)?)?\n$`).MatchString(out.stdout) {
			t.Errorf("asynclint %s printed %q", arg, out.stdout)
		}
	}
	out := asynclint(t, "-V=full")
	out.want(t, exitClean)
	if !strings.Contains(out.stdout, " version devel ") || !strings.Contains(out.stdout, "buildID=") {
		t.Errorf("asynclint -V=full printed %q, want go vet's form", out.stdout)
	}
}

// A //lint:ignore that suppresses nothing is reported, standalone and
// under go vet; selecting other checks does not change the judgement.
func TestStale(t *testing.T) {
	t.Parallel()
	const want = "cli/stale/stale.go:11:9: stale //lint:ignore: blockingcall reports nothing on this line or the next; remove the directive"
	for _, args := range [][]string{{"./cli/stale"}, {"-directive", "./cli/stale"}, {"-blockingcall=false", "./cli/stale"}} {
		out := asynclint(t, args...)
		out.want(t, exitFindings)
		if got := lines(out.stdout); len(got) != 1 || got[0] != want+" (directive)" {
			t.Errorf("asynclint %q:\n%s\nwant: %s (directive)", args, out.stdout, want)
		}
	}
	out := runCmd(t, "go", "vet", "-vettool="+bin, "./cli/stale")
	if out.code == 0 || !strings.Contains(out.stderr, want) {
		t.Errorf("go vet (exit %d):\n%s\nwant: %s", out.code, out.stderr, want)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"-nosuchflag", "./cli/clean"},
		{"-sarif", "-json", "./cli/clean"},
		{"-explain", "nosuchcheck"},
	} {
		out := asynclint(t, args...)
		if out.code != exitUsage || out.stderr == "" {
			t.Errorf("asynclint %q: exit %d, stderr %q; want %d and a message", args, out.code, out.stderr, exitUsage)
		}
	}
	out := asynclint(t, "help")
	out.want(t, exitClean)
	for _, want := range []string{"-sarif", "-explain", "directive ", "blockingcall ", "Exit status"} {
		if !strings.Contains(out.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, out.stdout)
		}
	}
	asynclint(t, "-h").want(t, exitClean)
}

func TestExplain(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-explain", "directive"}, {"help", "directive"}} {
		out := asynclint(t, args...)
		out.want(t, exitClean)
		for _, want := range []string{
			"directive: report malformed, unknown and stale //lint:ignore directives",
			"# False positives",
			"Online: https://github.com/asynclint/asynclint/blob/main/analyzers/directive/doc.go",
		} {
			if !strings.Contains(out.stdout, want) {
				t.Errorf("asynclint %q lacks %q:\n%s", args, want, out.stdout)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	out := asynclint(t, "-directive", "-json", "./cli/findings")
	out.want(t, exitClean) // multichecker's -json: 0 with findings
	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &tree); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out.stdout)
	}
	diags := tree["fixtures/cli/findings"]["directive"]
	if len(diags) != 2 || !strings.Contains(diags[0].Message, "//asynclint:blok") {
		t.Errorf("JSON diagnostics = %+v", diags)
	}
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	args := []string{"-directive", "-sarif", "./cli/fixable", "./cli/findings", "./cli/suppressed"}
	out := asynclint(t, args...)
	out.want(t, exitFindings)
	var log sarifLog
	if err := json.Unmarshal([]byte(out.stdout), &log); err != nil {
		t.Fatalf("bad SARIF: %v\n%s", err, out.stdout)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("bad SARIF header: %+v", log)
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "asynclint" || len(r.Tool.Driver.Rules) != 1 {
		t.Fatalf("bad driver: %+v", r.Tool.Driver)
	}
	rule := r.Tool.Driver.Rules[0]
	if rule.ID != "directive" || rule.HelpURI != "https://github.com/asynclint/asynclint/blob/main/analyzers/directive/doc.go" ||
		!strings.HasPrefix(rule.ShortDescription.Text, "report malformed, unknown and stale") || strings.Contains(rule.ShortDescription.Text, "\n") ||
		!strings.Contains(rule.FullDescription.Text, "False positives") {
		t.Errorf("bad rule: %+v", rule)
	}
	if base := r.OriginalURIBaseIDs[srcRoot].URI; base != "file://"+filepath.ToSlash(fixtures)+"/" {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	if len(r.Invocations) != 1 || !r.Invocations[0].ExecutionSuccessful || r.Invocations[0].ExitCode != exitFindings {
		t.Errorf("bad invocation: %+v", r.Invocations)
	}
	var got []string
	for _, res := range r.Results {
		if res.RuleID != "directive" || res.RuleIndex != 0 || res.Level != "warning" || len(res.Locations) != 1 {
			t.Errorf("bad result: %+v", res)
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != srcRoot || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("bad location: %+v", loc)
		}
		got = append(got, fmt.Sprintf("%s:%d", loc.ArtifactLocation.URI, loc.Region.StartLine))
		if strings.Contains(res.Message.Text, "remove the space") {
			if len(res.Fixes) != 1 || len(res.Fixes[0].ArtifactChanges) != 1 {
				t.Errorf("no fix in %+v", res)
				continue
			}
			rep := res.Fixes[0].ArtifactChanges[0].Replacements[0]
			if d := rep.DeletedRegion; d.StartLine != 6 || d.StartColumn != 3 || d.EndColumn != 4 || d.ByteLength == nil || *d.ByteLength != 1 || rep.InsertedContent.Text != "" {
				t.Errorf("bad fix: %+v", rep)
			}
		}
	}
	want := []string{"cli/findings/findings.go:6", "cli/findings/findings.go:11", "cli/findings/findings_test.go:7", "cli/fixable/fixable.go:6"}
	if !slices.Equal(got, want) {
		t.Errorf("results at %q, want %q", got, want)
	}

	// Deterministic.
	if again := asynclint(t, args...); again.stdout != out.stdout {
		t.Error("two runs gave different SARIF")
	}

	// Errors are notifications, and the exit code is the same as in text mode.
	out = asynclint(t, "-directive", "-sarif", "./cli/broken")
	out.want(t, exitError)
	if err := json.Unmarshal([]byte(out.stdout), &log); err != nil {
		t.Fatalf("bad SARIF: %v\n%s", err, out.stdout)
	}
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) == 0 || !strings.Contains(inv.Notifications[0].Message.Text, "cannot use") {
		t.Errorf("bad invocation for a broken package: %+v", inv)
	}
}

func TestFix(t *testing.T) {
	t.Parallel()
	before, err := os.ReadFile(filepath.Join(fixtures, "cli/fixable/fixable.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := asynclint(t, "-directive", "-fix", "-diff", "./cli/fixable")
	if !strings.Contains(out.stdout, "-// asynclint:blocking\n+//asynclint:blocking") {
		t.Errorf("-fix -diff printed no fix (exit %d):\n%s%s", out.code, out.stdout, out.stderr)
	}
	// -diff implies -fix.
	out = asynclint(t, "-diff", "-directive", "./cli/fixable")
	if !strings.Contains(out.stdout, "-// asynclint:blocking\n+//asynclint:blocking") {
		t.Errorf("-diff printed no fix (exit %d):\n%s%s", out.code, out.stdout, out.stderr)
	}
	out = runCmd(t, "go", "fix", "-fixtool="+bin, "-diff", "./cli/fixable")
	if !strings.Contains(out.stdout, "-// asynclint:blocking\n+//asynclint:blocking") {
		t.Errorf("go fix -fixtool -diff printed no fix (exit %d):\n%s%s", out.code, out.stdout, out.stderr)
	}
	after, err := os.ReadFile(filepath.Join(fixtures, "cli/fixable/fixable.go"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("-diff changed the file (%v)", err)
	}
}

func TestVet(t *testing.T) {
	t.Parallel()
	out := runCmd(t, "go", "vet", "-vettool="+bin, "./cli/findings", "./cli/suppressed", "./cli/clean")
	if out.code == 0 {
		t.Errorf("go vet found nothing:\n%s", out.stderr)
	}
	for _, want := range []string{
		"cli/findings/findings.go:6:1: unknown directive //asynclint:blok",
		"cli/findings/findings_test.go:7:1: unknown directive //asynclint:intest",
	} {
		if !strings.Contains(out.stderr, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out.stderr)
		}
	}
	if strings.Contains(out.stderr, "cli/suppressed") || strings.Contains(out.stderr, "cli/clean") {
		t.Errorf("go vet reported a suppressed finding:\n%s", out.stderr)
	}
	// go vet passes our flags through.
	out = runCmd(t, "go", "vet", "-vettool="+bin, "-directive=false", "-cachekey=test", "./cli/findings")
	if out.code != 0 {
		t.Errorf("go vet -directive=false: exit %d\n%s", out.code, out.stderr)
	}
}

// factWant is the finding in cli/facts/app that only a fact from
// cli/facts/lib can give; line 24 has the same call, suppressed.
const factWant = "cli/facts/app/app.go:15:11: blocking call inside task: lib.Slow calls nap (lib.go:8), which calls time.Sleep (lib.go:10)"

func needBlockingcall(t *testing.T) {
	if !slices.ContainsFunc(analyzers.All(), func(a *analysis.Analyzer) bool { return a.Name == "blockingcall" }) {
		t.Skip("blockingcall is not in analyzers.All()")
	}
}

func TestFactsStandalone(t *testing.T) {
	t.Parallel()
	needBlockingcall(t)
	out := asynclint(t, "-blockingcall", "./cli/facts/...")
	out.want(t, exitFindings)
	if got := lines(out.stdout); len(got) != 1 || !strings.HasPrefix(got[0], factWant) || !strings.HasSuffix(got[0], "(blockingcall)") {
		t.Errorf("got:\n%s\nwant one line: %s ... (blockingcall)", out.stdout, factWant)
	}
}

func TestFactsVet(t *testing.T) {
	t.Parallel()
	needBlockingcall(t)
	out := runCmd(t, "go", "vet", "-vettool="+bin, "-blockingcall", "./cli/facts/...")
	if got := lines(out.stderr); out.code == 0 || !slices.ContainsFunc(got, func(l string) bool { return strings.HasPrefix(l, factWant) }) {
		t.Errorf("go vet (exit %d):\n%s\nwant: %s", out.code, out.stderr, factWant)
	}
	if strings.Contains(out.stderr, "app.go:24") {
		t.Errorf("go vet reported a suppressed finding:\n%s", out.stderr)
	}
}

// The integrations fixture (which the golangci-lint and gopls scripts run
// too), standalone, under go vet and with -diff: the stale directive is
// reported, the generated file is silent, and the fix's text is gofmt'd.
func TestIntegrationsFixture(t *testing.T) {
	t.Parallel()
	needBlockingcall(t)
	out := asynclint(t, "./integrations/...")
	out.want(t, exitFindings)
	var got []string
	for _, l := range lines(out.stdout) {
		file, rest, _ := strings.Cut(l, ": ")
		file = file[:strings.LastIndexByte(file, ':')] // drop the column
		_, check, _ := strings.Cut(rest[strings.LastIndexByte(rest, '('):], "(")
		got = append(got, file+" "+strings.TrimSuffix(check, ")"))
	}
	want := []string{
		"integrations/a/a.go:24 blockingcall",
		"integrations/a/a.go:33 blockingcall",
		"integrations/a/a.go:43 blockingcall",
		"integrations/a/a.go:74 blockingcall",
		"integrations/a/a.go:85 directive",
	}
	if !slices.Equal(got, want) {
		t.Errorf("asynclint ./integrations/...:\n%s\nwant findings at %q", out.stdout, want)
	}
	vet := runCmd(t, "go", "vet", "-vettool="+bin, "./integrations/...")
	if !strings.Contains(vet.stderr, "a.go:85:3: stale //lint:ignore: blockingcall reports nothing") ||
		strings.Contains(vet.stderr, "generated.go") {
		t.Errorf("go vet (exit %d):\n%s\nwant the stale directive at a.go:85, nothing in generated.go", vet.code, vet.stderr)
	}
	diff := asynclint(t, "-diff", "-blockingcall", "./integrations/a")
	if !strings.Contains(diff.stdout, "+\t\truntime.Sleep(ctx, 50*time.Millisecond) // want") {
		t.Errorf("-diff did not print the gofmt'd fix:\n%s%s", diff.stdout, diff.stderr)
	}
}
