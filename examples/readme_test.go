// Package examples holds one runnable program per check, each making the
// mistake the check finds, with a fixed/ variant beside it. This test keeps
// the README honest: the linter's output over examples/ must be exactly the
// block the README shows under its examples-output marker.
package examples

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestREADMEShowsLinterOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the linter")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, ok := outputBlock(string(readme))
	if !ok {
		t.Fatal("README.md has no code block after the <!-- examples-output --> marker")
	}

	bin := filepath.Join(t.TempDir(), "asynclint")
	build := exec.Command("go", "build", "-o", bin, "./cmd/asynclint")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "./examples/...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Errorf("asynclint ./examples/...: %v, want exit status 3 (findings)", err)
	}
	got := strings.ReplaceAll(stderr.String(), root+string(filepath.Separator), "")
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("README shows:\n%s\nasynclint ./examples/... prints:\n%s", want, got)
	}
}

// outputBlock returns the contents of the first fenced block after the
// examples-output marker.
func outputBlock(readme string) (string, bool) {
	_, after, ok := strings.Cut(readme, "<!-- examples-output")
	if !ok {
		return "", false
	}
	_, after, ok = strings.Cut(after, "```\n")
	if !ok {
		return "", false
	}
	block, _, ok := strings.Cut(after, "```")
	return block, ok
}
