package awaiterr_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/awaiterr"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, awaiterr.Analyzer, "./awaiterr/...")
}
