package unsafeshare_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/unsafeshare"
	"github.com/asynclint/asynclint/internal/fixtures"
)

func Test(t *testing.T) {
	fixtures.Run(t, unsafeshare.Analyzer, "./unsafeshare/a/...", "./unsafeshare/guard/...", "./unsafeshare/mixed/...",
		"./unsafeshare/nc/...", "./unsafeshare/nclib/...", "./unsafeshare/synctestx/...", "./unsafeshare/pairs/...",
		"./unsafeshare/loopvar/...", "./unsafeshare/objects/...", "./unsafeshare/methods/...", "./unsafeshare/adapter/...", "./unsafeshare/counters/...", "./unsafeshare/embedmap/...", "./unsafeshare/notify/...", "./unsafeshare/queue/...", "./unsafeshare/wrapped/...", "./unsafeshare/requirefail/...", "./unsafeshare/startsignal/...")
}

// With -unsafeshare.entries, the accesses of the package's callers
// through any exported function are compared with the goroutines.
func TestEntries(t *testing.T) {
	if err := unsafeshare.Analyzer.Flags.Set("entries", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unsafeshare.Analyzer.Flags.Set("entries", "false") })
	fixtures.Run(t, unsafeshare.Analyzer, "./unsafeshare/entries/...")
}
