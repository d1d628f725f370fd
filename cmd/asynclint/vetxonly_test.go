package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers"
)

// producersOf returns the analyzers reachable from a (a included) that
// declare fact types.
func producersOf(a *analysis.Analyzer) map[*analysis.Analyzer]bool {
	out := make(map[*analysis.Analyzer]bool)
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			out[a] = true
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	visit(a)
	return out
}

// TestFactsOnly checks that a facts-only run computes every fact the full
// run does, check by check (so that -CHECK switches keep their meaning),
// and keeps the names and flags go vet passes.
func TestFactsOnly(t *testing.T) {
	all := analyzers.All()
	stubs := factsOnly(all)
	if err := analysis.Validate(stubs); err != nil {
		t.Fatal(err)
	}
	if len(stubs) != len(all) {
		t.Fatalf("factsOnly returned %d analyzers, want %d", len(stubs), len(all))
	}
	for i, a := range all {
		s := stubs[i]
		if s.Name != a.Name || !sameFlags(&s.Flags, &a.Flags) {
			t.Errorf("%s: stub has name %s and other flags", a.Name, s.Name)
		}
		if len(a.FactTypes) > 0 {
			if s != a {
				t.Errorf("%s declares facts and was replaced", a.Name)
			}
			continue
		}
		want, got := producersOf(a), producersOf(s)
		for p := range want {
			if !got[p] {
				t.Errorf("%s: facts-only run does not run %s", a.Name, p.Name)
			}
		}
		for p := range got {
			if !want[p] {
				t.Errorf("%s: facts-only run runs %s, which the check does not", a.Name, p.Name)
			}
		}
		if slices.ContainsFunc(s.Requires, func(r *analysis.Analyzer) bool { return len(r.FactTypes) == 0 }) {
			t.Errorf("%s: stub requires an analyzer without facts", a.Name)
		}
	}
}

// sameFlags reports whether x and y have the same flags, with the same
// values (so that what go vet passes sets the check's own variables).
func sameFlags(x, y *flag.FlagSet) bool {
	values := func(fs *flag.FlagSet) map[string]flag.Value {
		m := make(map[string]flag.Value)
		fs.VisitAll(func(f *flag.Flag) { m[f.Name] = f.Value })
		return m
	}
	vx, vy := values(x), values(y)
	if len(vx) != len(vy) {
		return false
	}
	for name, v := range vx {
		if vy[name] != v {
			return false
		}
	}
	return true
}

func TestFactsOnlyRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	vo := write("vo.cfg", `{"ID":"p","VetxOnly":true}`)
	full := write("full.cfg", `{"ID":"p","VetxOnly":false}`)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-json", vo}, true},
		{[]string{"-json", "-cachekey=x", vo}, true},
		{[]string{"-json", full}, false},
		{[]string{"-flags"}, false},
		{[]string{filepath.Join(dir, "missing.cfg")}, false},
		{nil, false},
	} {
		if got := factsOnlyRun(tc.args); got != tc.want {
			t.Errorf("factsOnlyRun(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
