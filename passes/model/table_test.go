package model_test

import (
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/passes/model"
)

// Every key of the table names a function or method that exists, with
// the key model.Key gives it: a misspelt key would be an entry no call
// ever meets.
func TestTableKeysExist(t *testing.T) {
	keys := model.TableKeys()
	slices.Sort(keys)
	paths := map[string]bool{}
	for _, k := range keys {
		paths[model.KeyPath(k)] = true
	}
	var patterns, external []string
	for p := range paths {
		if externalModule(p) != "" {
			external = append(external, p)
		} else {
			patterns = append(patterns, p)
		}
	}
	byPath := map[string]*types.Package{}
	load(t, &packages.Config{Mode: packages.NeedTypes | packages.NeedName}, patterns, byPath)
	if len(external) > 0 {
		load(t, scratchModule(t, external), external, byPath)
	}
	for _, k := range keys {
		fn := resolve(byPath, k)
		if fn == nil {
			t.Errorf("table key %q names no function or method", k)
			continue
		}
		if got := model.Key(fn); got != k {
			t.Errorf("table key %q: the function's key is %q", k, got)
		}
	}
}

func load(t *testing.T, cfg *packages.Config, patterns []string, byPath map[string]*types.Package) {
	t.Helper()
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("load %s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p.Types
	}
}

// The table knows libraries the project does not depend on (testify's
// require): their keys are checked in a scratch module that requires
// them, at these versions, from the module proxy.
var externalModules = map[string]string{
	"github.com/stretchr/testify": "v1.11.1",
}

func externalModule(path string) string {
	for m := range externalModules {
		if path == m || strings.HasPrefix(path, m+"/") {
			return m
		}
	}
	return ""
}

// scratchModule writes a module that imports the packages and requires
// their modules, completes its go.sum, and returns a config to load
// them in it.
func scratchModule(t *testing.T, pkgs []string) *packages.Config {
	t.Helper()
	dir := t.TempDir()
	var mod, src strings.Builder
	mod.WriteString("module scratch\n\ngo 1.26\n")
	src.WriteString("package scratch\n\nimport (\n")
	seen := map[string]bool{}
	for _, p := range pkgs {
		m := externalModule(p)
		if !seen[m] {
			seen[m] = true
			fmt.Fprintf(&mod, "require %s %s\n", m, externalModules[m])
		}
		fmt.Fprintf(&src, "\t_ %q\n", p)
	}
	src.WriteString(")\n")
	for name, data := range map[string]string{"go.mod": mod.String(), "scratch.go": src.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in a scratch module requiring %v: %v\n%s", pkgs, err, out)
	}
	return &packages.Config{Mode: packages.NeedTypes | packages.NeedName, Dir: dir}
}

func resolve(byPath map[string]*types.Package, k string) *types.Func {
	pkg := byPath[model.KeyPath(k)]
	if pkg == nil {
		return nil
	}
	if !strings.HasPrefix(k, "(") {
		fn, _ := pkg.Scope().Lookup(k[strings.LastIndex(k, ".")+1:]).(*types.Func)
		return fn
	}
	end := strings.Index(k, ")")
	recv, method := k[1:end], k[end+2:]
	ptr := strings.HasPrefix(recv, "*")
	recv = strings.TrimPrefix(recv, "*")
	tn, _ := pkg.Scope().Lookup(recv[strings.LastIndex(recv, ".")+1:]).(*types.TypeName)
	if tn == nil {
		return nil
	}
	var typ types.Type = tn.Type()
	if ptr {
		typ = types.NewPointer(typ)
	}
	obj, _, _ := types.LookupFieldOrMethod(typ, true, pkg, method)
	fn, _ := obj.(*types.Func)
	return fn
}

func TestImports(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "bufio", "net/http")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	// bufio imports io, errors, bytes, strings, unicode/utf8: nothing that
	// locks or counts.
	if model.Imports(byPath["bufio"], model.Locks|model.Counts) {
		t.Error("bufio: Imports(Locks|Counts) = true")
	}
	// net/http imports sync and context.
	for _, eff := range []model.Effect{model.Locks, model.Counts, model.NewRoot} {
		if !model.Imports(byPath["net/http"], eff) {
			t.Errorf("net/http: Imports(%b) = false", eff)
		}
	}
}
