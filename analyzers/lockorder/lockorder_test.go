package lockorder_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/lockorder"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, lockorder.Analyzer, "./lockorder/...")
}

// Cycles of three and four locks are reported only with -lockorder.long.
func TestLong(t *testing.T) {
	if err := lockorder.Analyzer.Flags.Set("long", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lockorder.Analyzer.Flags.Set("long", "false") })
	fixtures.Run(t, lockorder.Analyzer, "./lockorderlong/three")
}

func TestLongOff(t *testing.T) {
	fixtures.Run(t, lockorder.Analyzer, "./lockorderlong/off")
}
