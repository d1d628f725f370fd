package nocancel_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/nocancel"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.RunWithSuggestedFixes(t, nocancel.Analyzer, "./nocancel/a", "./nocancel/sleeps", "./nocancel/sleeps/cmd")
}

func TestLoops(t *testing.T) {
	fixtures.Run(t, nocancel.Analyzer, "./nocancel/loops")
}

func TestChain(t *testing.T) {
	fixtures.Run(t, nocancel.Analyzer, "./nocancel/chain/...")
}

func TestWaits(t *testing.T) {
	fixtures.Run(t, nocancel.Analyzer, "./nocancel/waits")
}

func TestStops(t *testing.T) {
	fixtures.Run(t, nocancel.Analyzer, "./nocancel/stops")
}

func TestPolls(t *testing.T) {
	fixtures.Run(t, nocancel.Analyzer, "./nocancel/polls")
}
