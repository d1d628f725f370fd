package model_test

import (
	"go/types"
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
	var patterns []string
	for p := range paths {
		patterns = append(patterns, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("load %s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p.Types
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
