// Package stale has suppression directives that suppress something, and
// stale ones that no longer do. The test's blockingcall reports every
// time.Sleep; its lockawait reports nothing.
package stale

import "time"

// want +1 `stale //lint:file-ignore: lockawait reports nothing in this file; remove the directive`
//lint:file-ignore lockawait nothing of lockawait's in this file

func f(d time.Duration) {
	//lint:ignore blockingcall used: the next line has a finding
	time.Sleep(d)

	time.Sleep(d) //lint:ignore blockingcall used: a finding on its own line

	// want +1 `stale //lint:ignore: blockingcall reports nothing on this line or the next; remove the directive`
	//lint:ignore blockingcall nothing to suppress below
	_ = d

	// want +1 `stale //lint:ignore: blockingcall reports nothing on this line or the next; remove the directive`
	_ = d //lint:ignore blockingcall a trailing stale one

	// want +1 `stale //lint:ignore: lockawait reports nothing on this line or the next; remove lockawait from the directive`
	//lint:ignore blockingcall,lockawait one of the two is used
	time.Sleep(d)

	//lint:ignore SA1019,blockingcall staticcheck's names are staticcheck's business
	time.Sleep(d)

	// want +1 `stale //lint:ignore: blockingcall reports nothing on this line or the next; remove blockingcall from the directive`
	//lint:ignore SA1019,blockingcall the finding of ours is gone
	_ = d

	//lint:ignore directive the directive check does not judge its own
	_ = d

	// want +1 `//lint:ignore names unknown check "nosuchcheck"`
	//lint:ignore nosuchcheck an unknown name is not stale, only unknown
	_ = d
}
