package mayblock_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/mayblock"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, mayblock.Analyzer, "./mayblock/...")
}
