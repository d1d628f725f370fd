package doublelock_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/doublelock"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, doublelock.Analyzer, "./doublelock/...")
}
