package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The standalone command runs the checks under go vet, with this very
// binary as the vet tool:
//
//	go vet -vettool=<asynclint> -json <check flags> -- <packages>
//
// go vet runs one asynclint process per package, dependencies first
// (for facts), in parallel, and caches the results; each prints its
// diagnostics as JSON on its standard output, which go vet passes through.
// asynclint collects them and prints them in its own formats.

// A finding is one diagnostic of one check, after suppression.
type finding struct {
	check string
	diag  jsonDiagnostic
	posn  posn // of diag.Posn
}

// result is what a standalone run found.
type result struct {
	findings []finding
	errors   []string // load, parse, type and check errors
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

// check runs the checks over the packages and prints the results.
func check(patterns, toolFlags []string, checks []*analysis.Analyzer, o *options, stdout, stderr io.Writer) int {
	res := vet(patterns, toolFlags, stderr)
	if !o.tests {
		res.findings = slices.DeleteFunc(res.findings, func(f finding) bool {
			return strings.HasSuffix(f.posn.file, "_test.go")
		})
	}
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

// vet runs go vet with asynclint as its tool and collects what it reports.
// Other output of go vet (such as "go: downloading") goes to stderr.
func vet(patterns, toolFlags []string, stderr io.Writer) *result {
	res := new(result)
	tool, err := os.Executable()
	if err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}

	// go vet stops before checking anything if a package does not load
	// (a missing import, say): find those first, report them and vet
	// the others.
	good, loadErrs, err := list(patterns, stderr)
	res.errors = loadErrs
	if err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}
	if len(loadErrs) > 0 {
		if len(good) == 0 {
			return res
		}
		patterns = good
	}

	args := append([]string{"vet", "-vettool=" + tool, "-json"}, toolFlags...)
	cmd := exec.Command("go", append(append(args, "--"), patterns...)...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.StdoutPipe()
	if err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}
	if err := cmd.Start(); err != nil {
		res.errors = append(res.errors, "asynclint: "+err.Error())
		return res
	}
	diagErrs, err := res.read(out)
	if err != nil {
		io.Copy(io.Discard, out)
		diagErrs = append(diagErrs, "asynclint: reading go vet's output: "+err.Error())
	}
	if err := cmd.Wait(); err != nil {
		// A package that does not parse, type-check or compile, or a
		// failed check: go vet prints the errors, each after a
		// "# package" line, and exits 1.
		vetErrs := messages(errBuf.String())
		if len(vetErrs) == 0 {
			vetErrs = []string{"asynclint: go vet: " + err.Error()}
		}
		slices.Sort(vetErrs)
		res.errors = append(res.errors, vetErrs...)
	} else {
		stderr.Write(errBuf.Bytes())
	}
	slices.Sort(diagErrs)
	res.errors = append(res.errors, diagErrs...)

	slices.SortFunc(res.findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.file, b.posn.file),
			cmp.Compare(a.posn.line, b.posn.line),
			cmp.Compare(a.posn.col, b.posn.col),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.diag.Message, b.diag.Message))
	})
	return res
}

// list lists the packages and returns the import paths of those that
// load, and the errors of those that do not, once each.
func list(patterns []string, stderr io.Writer) (good, errs []string, err error) {
	// EmbedFiles: go list resolves //go:embed patterns only when asked,
	// and go vet stops at one that matches no file.
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Incomplete,Error,DepsErrors,EmbedFiles", "--"}, patterns...)...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %v\n%s", err, bytes.TrimSpace(errBuf.Bytes()))
	}
	stderr.Write(errBuf.Bytes())
	type pkgError struct{ Pos, Err string }
	seen := make(map[string]bool)
	n := 0
	for dec := json.NewDecoder(bytes.NewReader(out)); ; n++ {
		var p struct {
			ImportPath string
			Incomplete bool
			Error      *pkgError
			DepsErrors []*pkgError
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("reading go list's output: %v", err)
		}
		if !p.Incomplete {
			good = append(good, p.ImportPath)
			continue
		}
		for _, e := range append([]*pkgError{p.Error}, p.DepsErrors...) {
			if e == nil {
				continue
			}
			msg := e.Err
			if e.Pos != "" {
				msg = e.Pos + ": " + msg
			} else if !strings.Contains(msg, p.ImportPath) {
				msg = p.ImportPath + ": " + msg
			}
			if !seen[msg] {
				seen[msg] = true
				errs = append(errs, msg)
			}
		}
	}
	if n == 0 {
		return nil, nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return good, errs, nil
}

// read decodes go vet's -json output: a JSON object per package,
// {package: {check: [diagnostic] or {"error": message}}}. It adds the
// findings, once each (a file can be in more than one package), and
// returns the errors of the checks.
func (res *result) read(r io.Reader) (errs []string, err error) {
	type key struct{ check, posn, end, message string }
	dup := make(map[key]bool)
	for dec := json.NewDecoder(r); ; {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return errs, nil
		} else if err != nil {
			return errs, err
		}
		for pkg, checks := range tree {
			for check, msg := range checks {
				if !bytes.HasPrefix(msg, []byte("[")) {
					var e struct{ Error string }
					if err := json.Unmarshal(msg, &e); err != nil {
						return errs, err
					}
					// Not the failed prerequisite: its own error is reported.
					if !strings.HasPrefix(e.Error, "failed prerequisites") {
						errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, check, e.Error))
					}
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(msg, &diags); err != nil {
					return errs, err
				}
				for _, d := range diags {
					k := key{check, d.Posn, d.End, d.Message}
					if !dup[k] {
						dup[k] = true
						res.findings = append(res.findings, finding{check: check, diag: d, posn: parsePosn(d.Posn)})
					}
				}
			}
		}
	}
}

// messages splits go vet's standard error into messages: a "# package"
// line and the lines after it, or a line of its own.
func messages(s string) []string {
	var msgs []string
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		switch {
		case line == "":
		case len(msgs) > 0 && strings.HasPrefix(msgs[len(msgs)-1], "# ") && !strings.HasPrefix(line, "# "):
			msgs[len(msgs)-1] += "\n" + line
		default:
			msgs = append(msgs, line)
		}
	}
	return msgs
}

// The JSON that go vet -json prints (golang.org/x/tools/go/analysis's
// JSON tree). Positions are "file:line:col", after //line directives;
// edits are byte offsets in the file as it is.

type jsonDiagnostic struct {
	Posn           string                   `json:"posn"`
	End            string                   `json:"end"`
	Message        string                   `json:"message"`
	SuggestedFixes []jsonSuggestedFix       `json:"suggested_fixes,omitempty"`
	Related        []jsonRelatedInformation `json:"related,omitempty"`
}

type jsonSuggestedFix struct {
	Message string         `json:"message"`
	Edits   []jsonTextEdit `json:"edits"`
}

type jsonTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelatedInformation struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// posn is a parsed "file:line:col"; line and col are 0 if it does not
// parse, and file is then the whole string.
type posn struct {
	file      string
	line, col int
}

func parsePosn(s string) posn {
	rest, c, ok1 := cutLast(s)
	file, l, ok2 := cutLast(rest)
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return posn{file: s}
	}
	return posn{file, line, col}
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func (p posn) valid() bool { return p.line > 0 }

// printText prints one line per finding: file:line:col: message (check),
// followed with -c N by the source around it.
func printText(w io.Writer, findings []finding, wd string, context int) {
	for _, f := range findings {
		where := f.diag.Posn
		if f.posn.valid() {
			where = fmt.Sprintf("%s:%d:%d", relTo(wd, f.posn.file), f.posn.line, f.posn.col)
		}
		fmt.Fprintf(w, "%s: %s (%s)\n", where, f.diag.Message, f.check)
		if context >= 0 && f.posn.valid() {
			printContext(w, f.posn, context)
		}
	}
}

func printContext(w io.Writer, p posn, n int) {
	data, err := os.ReadFile(p.file)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(p.line-n, 1); i <= min(p.line+n, len(lines)); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
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
