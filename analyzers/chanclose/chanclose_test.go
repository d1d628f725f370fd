package chanclose_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/chanclose"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, chanclose.Analyzer, "./chanclose/...")
}
