package plain

import (
	"testing"
	"time"
)

// Tests that drive the janitor (stopflag.go) and the expiring cache
// (lendrain.go) into a state through their unexported fields: a store
// of false into stopped outside Start's section, a send on timerCh
// without mu. The waits of the package's own code rest on what its
// methods keep; a test's poke does not make them reported.
func TestJanitorStopTwice(t *testing.T) {
	j := &janitor{stopCh: make(chan struct{}, 1), stopped: true}
	j.Stop()
	j.stopped = false
	j.Stop()
	if len(j.stopCh) != 1 {
		t.Fatal("no stop sent")
	}
}

func TestExpCacheWake(t *testing.T) {
	c := newExpCache()
	c.timerCh <- time.Millisecond
	c.Set("k", time.Second)
	close(c.stopCh)
}
