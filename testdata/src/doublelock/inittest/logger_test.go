package inittest

import (
	"strings"
	"testing"
)

type bufWriter struct{ strings.Builder }

func (b *bufWriter) Write(s string) { b.WriteString(s) }

// The goroutine init started may take the write lock between the
// test's read lock and Info's. Reported.
func TestInfo(t *testing.T) {
	writer.Store(new(bufWriter))
	writer.lock.RLock()
	defer writer.lock.RUnlock()
	Info("hello") // want `writer.lock is read-locked at logger_test.go:\d+ and read-locked again at logger_test.go:\d+ by calling Info`
}
