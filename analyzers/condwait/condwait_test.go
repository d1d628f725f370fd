package condwait_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/condwait"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, condwait.Analyzer, "./condwait/...")
}
