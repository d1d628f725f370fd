package maywait_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/maywait"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, maywait.Analyzer, "./maywait/...")
}
