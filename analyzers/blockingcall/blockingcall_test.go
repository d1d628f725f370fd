package blockingcall_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/blockingcall"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.RunWithSuggestedFixes(t, blockingcall.Analyzer, "./blockingcall/...")
}
