package taskleak_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/taskleak"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.RunWithSuggestedFixes(t, taskleak.Analyzer, "./taskleak/...")
}

// Background loops are reported only with -taskleak.background.
func TestBackground(t *testing.T) {
	if err := taskleak.Analyzer.Flags.Set("background", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { taskleak.Analyzer.Flags.Set("background", "false") })
	fixtures.Run(t, taskleak.Analyzer, "./taskleakbg/loops")
}

// By default they are not.
func TestBackgroundOff(t *testing.T) {
	fixtures.Run(t, taskleak.Analyzer, "./taskleakbg/off")
}
