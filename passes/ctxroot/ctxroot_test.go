package ctxroot_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/ctxroot"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, ctxroot.Analyzer, "./ctxroot/...")
}
