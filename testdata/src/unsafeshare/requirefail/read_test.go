package requirefail

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func read() error { return errors.New("closed") }

// The test gives up through require.FailNow, which ends the test's
// goroutine: the read of readErr runs only after done. Silent.
func TestReadUnblocks(t *testing.T) {
	done := make(chan struct{})
	var readErr error
	go func() {
		readErr = read()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		require.FailNow(t, "read did not return")
	}
	require.Error(t, readErr)
}

// The same test with a timeout that only logs: the read may run while
// the goroutine writes.
func TestReadUnblocksLogged(t *testing.T) {
	done := make(chan struct{})
	var readErr error
	go func() {
		readErr = read() // want `readErr is written by the goroutine started at read_test.go:\d+ and read at read_test.go:\d+ by its starter`
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Log("read did not return")
	}
	require.Error(t, readErr)
}
