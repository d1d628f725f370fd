package lockacq_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/lockacq"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, lockacq.Analyzer, "./lockacq/...")
}
