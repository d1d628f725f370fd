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

func startRotation(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	Rotate(time.Millisecond, func() Writer { return new(bufWriter) }, stop)
}

// The rotating goroutine is started by a helper the test calls: it is
// still this test's writer. Reported.
func TestInfoHelper(t *testing.T) {
	startRotation(t)

	writer.lock.RLock()
	defer writer.lock.RUnlock()
	Info("hello %d", 2) // want `writer.lock is read-locked at logger_test.go:\d+ and read-locked again at logger_test.go:\d+ by calling Info`
}

// This test starts no writer: the rotations of the tests above run
// beside them, and each stops its own before it returns (a goroutine
// another test left running would be that test's leak). Not reported.
func TestInfoAlone(t *testing.T) {
	old := writer.Swap(new(bufWriter))
	writer.lock.RLock()
	defer func() {
		writer.lock.RUnlock()
		writer.Swap(old)
	}()
	Info("hello %d", 3)
}
