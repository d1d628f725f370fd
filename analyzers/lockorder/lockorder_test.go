package lockorder_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/lockorder"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, lockorder.Analyzer, "./lockorder/...")
}
