//go:build linux

package runtime

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// fdTicks is a tickSource on a Linux timerfd read through the poller.
//
// A pending timer of the Go scheduler costs every goroutine switch on the
// P that holds it a read of the clock (the scheduler checks its timers
// first); with a time.Ticker that P is often the one the runtime's tasks
// switch on. A goroutine blocked reading a timerfd holds no timer: the
// poller wakes it, promptly when a P is idle, and within about 10 ms (the
// Go scheduler's own polling) when every P is busy.
type fdTicks struct {
	f *os.File
}

// osTicks returns a timerfd tick source, or nil if the system does not
// give one.
func osTicks(d time.Duration) tickSource {
	const (
		clockMonotonic = 1
		tfdNonblock    = syscall.O_NONBLOCK
		tfdCloexec     = syscall.O_CLOEXEC
	)
	fd, _, errno := syscall.Syscall(syscall.SYS_TIMERFD_CREATE, clockMonotonic, tfdNonblock|tfdCloexec, 0)
	if errno != 0 {
		return nil
	}
	spec := [2]syscall.Timespec{syscall.NsecToTimespec(int64(d)), syscall.NsecToTimespec(int64(d))}
	if _, _, errno := syscall.Syscall6(syscall.SYS_TIMERFD_SETTIME, fd, 0, uintptr(unsafe.Pointer(&spec)), 0, 0, 0); errno != 0 {
		syscall.Close(int(fd))
		return nil
	}
	f := os.NewFile(fd, "runtime-clock")
	if err := f.SetReadDeadline(time.Time{}); err != nil {
		f.Close() // not in the poller: a read would fail or block a thread
		return nil
	}
	return &fdTicks{f: f}
}

func (s *fdTicks) wait() bool {
	var buf [8]byte // the number of expirations since the last read
	n, err := s.f.Read(buf[:])
	return err == nil && n == len(buf)
}

func (s *fdTicks) stop() { s.f.Close() }
