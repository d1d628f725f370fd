package lockleak_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/lockleak"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, lockleak.Analyzer, "./lockleak/...")
}
