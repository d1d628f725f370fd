package plain

import (
	"testing"
	"time"
)

// The test drives notify itself, without the lock its callers in the
// package hold: it steps outside the invariant on purpose, and proves
// nothing of the package's sends.
func TestExpiryNotify(t *testing.T) {
	c := newExpiryCache()
	c.notify(time.Second)
	c.notify(2 * time.Second)
	close(c.stop)
}
