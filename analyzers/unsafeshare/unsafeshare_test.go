package unsafeshare_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/unsafeshare"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, unsafeshare.Analyzer, "./unsafeshare/...")
}
