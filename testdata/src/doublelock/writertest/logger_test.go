package writertest

import (
	"strings"
	"testing"
	"time"
)

type bufWriter struct{ strings.Builder }

func (b *bufWriter) Write(s string) { b.WriteString(s) }

// The rotating goroutine may take the write lock between the test's
// read lock and Info's. Reported.
func TestInfo(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	Rotate(time.Millisecond, func() Writer { return new(bufWriter) }, stop)

	writer.lock.RLock()
	defer writer.lock.RUnlock()
	Info("hello %d", 1) // want `writer.lock is read-locked at logger_test.go:\d+ and read-locked again at logger_test.go:\d+ by calling Info`
}
