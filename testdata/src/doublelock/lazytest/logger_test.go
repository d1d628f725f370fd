package lazytest

import (
	"strings"
	"testing"
)

type bufWriter struct{ strings.Builder }

func (b *bufWriter) Write(s string) { b.WriteString(s) }

// The test sets a writer, then holds the read lock so that nothing swaps
// it while it logs: Info finds the writer set and never takes the write
// lock. Not reported.
func TestInfo(t *testing.T) {
	w := new(bufWriter)
	old := writer.Swap(w)
	writer.lock.RLock()
	defer func() {
		writer.lock.RUnlock()
		writer.Swap(old)
	}()
	Info("hello")
	if w.String() != "hello" {
		t.Fatal(w.String())
	}
}

// This one logs with no writer set: Info takes the write lock to create
// one, under the test's read lock. Reported.
func TestInfoUnset(t *testing.T) {
	writer.lock.RLock()
	defer writer.lock.RUnlock()
	Info("hello") // want `writer.lock is read-locked at logger_test.go:\d+ and locked at logger_test.go:\d+ by calling Info, which calls getWriter at logger.go:\d+, which calls writer.StoreIfNil at logger.go:\d+, which locks w.lock at logger.go:\d+; a goroutine holding the read lock cannot take the write lock`
}

// This one restores a writer that may be nil before it logs. Reported.
func TestInfoRestored(t *testing.T) {
	old := writer.Swap(new(bufWriter))
	writer.Swap(old)
	writer.lock.RLock()
	defer writer.lock.RUnlock()
	Info("hello") // want `writer.lock is read-locked at logger_test.go:\d+ and locked at logger_test.go:\d+ by calling Info`
}
