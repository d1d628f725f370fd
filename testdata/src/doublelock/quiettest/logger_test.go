package quiettest

import (
	"strings"
	"testing"
)

type bufWriter struct{ strings.Builder }

func (b *bufWriter) Write(s string) { b.WriteString(s) }

// The test read-locks the writer and logs, which read-locks it again.
// Nothing in the package write-locks it on another goroutine, and the
// test is not parallel: no writer can come between the two read locks.
// Not reported.
func TestInfo(t *testing.T) {
	w := new(bufWriter)
	old := writer.Swap(w)
	writer.lock.RLock()
	defer func() {
		writer.lock.RUnlock()
		writer.Swap(old)
	}()

	Info("hello %d", 1)
	if w.String() != "hello 1" {
		t.Fatal(w.String())
	}
}

// A parallel test runs beside the other parallel tests, which swap the
// writer: one of them can take the write lock between the two read
// locks. Reported.
func TestInfoParallel(t *testing.T) {
	t.Parallel()
	w := new(bufWriter)
	old := writer.Swap(w)
	writer.lock.RLock()
	defer func() {
		writer.lock.RUnlock()
		writer.Swap(old)
	}()

	Info("hello %d", 2) // want `writer.lock is read-locked at logger_test.go:\d+ and read-locked again at logger_test.go:\d+ by calling Info`
}
