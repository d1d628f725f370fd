package maysuspend_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/fixtures"
	"github.com/asynclint/asynclint/passes/maysuspend"
)

func TestFacts(t *testing.T) {
	fixtures.Run(t, maysuspend.Analyzer, "./maysuspend/...")
}
