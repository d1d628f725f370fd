package analyzers

import (
	"reflect"
	"slices"
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
