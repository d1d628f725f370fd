package analyzers

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers/directive"
	"github.com/asynclint/asynclint/internal/suppress"
)

func TestAll(t *testing.T) {
	all := All()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	if len(all) != len(checks)+1 {
		t.Fatalf("All() has %d analyzers, want %d", len(all), len(checks)+1)
	}
	seen := map[string]bool{}
	for i, a := range all {
		if seen[a.Name] {
			t.Errorf("two checks named %s", a.Name)
		}
		seen[a.Name] = true
		if i < len(checks) && a == checks[i] || a.ResultType != reflect.TypeFor[*suppress.Result]() {
			t.Errorf("%s is not wrapped for suppression", a.Name)
		}
	}
	// The directive check comes last and requires every other check, so
	// that it sees which directives they used.
	d := all[len(all)-1]
	if d.Name != directive.Name || !slices.Equal(d.Requires, all[:len(all)-1]) {
		t.Errorf("the last check is %s, requiring %d checks; want directive requiring the %d others", d.Name, len(d.Requires), len(all)-1)
	}
	if again := All(); !slices.Equal(all, again) {
		t.Error("All() returned different analyzers on a second call")
	}
}

// TestPassesGuarded: after All, every pass of this module that a check
// requires turns a panic into an error of the package it crashed on.
func TestPassesGuarded(t *testing.T) {
	All()
	seen := map[*analysis.Analyzer]bool{}
	var walk func(a *analysis.Analyzer)
	n := 0
	walk = func(a *analysis.Analyzer) {
		for _, r := range a.Requires {
			if seen[r] {
				continue
			}
			seen[r] = true
			if name := runtime.FuncForPC(reflect.ValueOf(r.Run).Pointer()).Name(); strings.HasPrefix(name, "github.com/asynclint/asynclint/") {
				n++
				if !strings.Contains(name, "Guard") {
					t.Errorf("pass %s is not guarded: its Run is %s", r.Name, name)
				}
			}
			walk(r)
		}
	}
	for _, a := range checks {
		walk(a)
	}
	if n == 0 {
		t.Fatal("no pass of this module found")
	}

	crash := &analysis.Analyzer{Name: "crash", Doc: "crash", Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	suppress.Guard(crash)
	if _, err := crash.Run(&analysis.Pass{}); err == nil || !strings.Contains(err.Error(), "crash panicked on package ?: boom") {
		t.Errorf("a guarded panic gave %v, want an internal error", err)
	}
}
