package lockleak_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/lockleak"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, lockleak.Analyzer, "./lockleak/a")
}

// With -lockleak.panics, a panic that leaves a lock held is reported.
func TestPanics(t *testing.T) {
	if err := lockleak.Analyzer.Flags.Set("panics", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lockleak.Analyzer.Flags.Set("panics", "false") })
	fixtures.Run(t, lockleak.Analyzer, "./lockleak/panics")
}
