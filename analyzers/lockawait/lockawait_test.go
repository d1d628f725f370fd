package lockawait_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/lockawait"
	"github.com/asynclint/asynclint/internal/fixtures"
)

// The engine's fixtures run with the default flags: a channel wait is
// reported with the proof that the other side needs the lock.
func Test(t *testing.T) {
	setChans(t, "false")
	fixtures.RunWithSuggestedFixes(t, lockawait.Analyzer,
		"./lockawait/rt/...", "./lockawait/plain/...", "./lockawait/fix/...", "./lockawait/lib/...", "./lockawait/remote/...", "./lockawait/listener/...")
}

// By default, channel operations under a lock are not reported.
func TestChansOff(t *testing.T) {
	setChans(t, "false")
	fixtures.Run(t, lockawait.Analyzer, "./lockawait/chansoff")
}

// With -lockawait.chans, they are, proof or not.
func TestChansOn(t *testing.T) {
	setChans(t, "true")
	fixtures.Run(t, lockawait.Analyzer, "./lockawait/chanson")
}

func setChans(t *testing.T, v string) {
	t.Helper()
	if err := lockawait.Analyzer.Flags.Set("chans", v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lockawait.Analyzer.Flags.Set("chans", "false") })
}
