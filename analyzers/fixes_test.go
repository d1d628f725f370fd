package analyzers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestFixesCompile applies every suggested fix of the fixtures (the
// .golden files hold each fixture file with its fixes applied) and
// type-checks the result: a fix the user accepts must leave code that
// builds.
func TestFixesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the fixtures with go/packages")
	}
	src, err := filepath.Abs("../testdata/src")
	if err != nil {
		t.Fatal(err)
	}
	overlay := make(map[string][]byte)
	dirs := make(map[string]bool)
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go.golden") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		overlay[strings.TrimSuffix(path, ".golden")] = b
		dirs[filepath.Dir(path)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for dir := range dirs {
		rel, _ := filepath.Rel(src, dir)
		patterns = append(patterns, "./"+filepath.ToSlash(rel))
	}
	if len(patterns) == 0 {
		t.Skip("no golden files")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: src, Overlay: overlay, Tests: true}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.GoFiles) == 0 || !dirs[filepath.Dir(p.GoFiles[0])] {
			return
		}
		for _, e := range p.Errors {
			t.Errorf("%s: with its fixes applied: %v", p.PkgPath, e)
		}
	})
}
