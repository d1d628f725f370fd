package pairs

import (
	"errors"
	"io"
	"time"
)

// A read with a deadline: the goroutine fills n and err and closes done;
// the caller's select either receives from done or returns on the timer,
// so the reads after the select come after the goroutine's writes.
// Silent.
type Prober struct {
	r       io.Reader
	timeout time.Duration
}

func (p *Prober) Probe(size int) (int, error) {
	for i := 0; i < 3; i++ {
		var n int
		var err error
		buf := make([]byte, size)
		done := make(chan struct{})
		go func() {
			for n < len(buf) && err == nil {
				var x int
				x, err = p.r.Read(buf[n:])
				n += x
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(p.timeout):
			return 0, errors.New("probe timed out")
		}
		if n != size || err != nil {
			return n, err
		}
	}
	return size, nil
}

// WRONG: on the timer's branch the caller reads n while the goroutine
// may still write it.
func (p *Prober) ProbeLate(size int) int {
	var n int
	done := make(chan struct{})
	go func() {
		buf := make([]byte, size)
		n, _ = p.r.Read(buf) // want `n is written by the goroutine started at timeout.go:\d+ and read at timeout.go:\d+ by its starter`
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(p.timeout):
	}
	if n == 0 {
		return -1
	}
	return size
}
