package analyzers

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers/directive"
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
		if a == directive.Analyzer || i < len(checks) && a == checks[i] {
			t.Errorf("%s is not wrapped for suppression", a.Name)
		}
		if !slices.Contains(directive.KnownChecks, a.Name) {
			t.Errorf("directive.KnownChecks lacks %s", a.Name)
		}
	}
	if again := All(); !slices.Equal(all, again) {
		t.Error("All() returned different analyzers on a second call")
	}
}
