package wgmisuse_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/wgmisuse"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, wgmisuse.Analyzer, "./wgmisuse/...")
}
