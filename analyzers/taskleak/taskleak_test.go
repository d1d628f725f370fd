package taskleak_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/taskleak"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.RunWithSuggestedFixes(t, taskleak.Analyzer, "./taskleak/...")
}
