// Package a holds channel closes, wrong and right.
package a

import (
	"errors"
	"sync"
	"time"
)

func work(int) (int, error) { return 0, nil }

// WRONG: every goroutine closes done.
func closeInGoroutines(xs []int) {
	done := make(chan struct{})
	for _, x := range xs {
		go func() {
			work(x)
			close(done) // want `close of done in a goroutine started in a loop \(at twice.go:16\): every goroutine closes the same channel, and the second close panics`
		}()
	}
	<-done
}

// WRONG: deferred, in a named worker.
func worker(in <-chan int, out chan<- int) {
	defer close(out) // want `deferred close of out in a goroutine started in a loop \(at twice.go:34\)`
	for x := range in {
		out <- x
	}
}

func startWorkers(in <-chan int, out chan int) {
	for range 4 {
		go worker(in, out)
	}
}

// RIGHT: guarded by sync.Once.
func closeOnce(xs []int) {
	done := make(chan struct{})
	var once sync.Once
	for _, x := range xs {
		go func() {
			work(x)
			once.Do(func() { close(done) })
		}()
	}
	<-done
}

// RIGHT: each goroutine closes its own channel.
func ownChannels(xs []int) []chan int {
	var chans []chan int
	for _, x := range xs {
		ch := make(chan int, 1)
		chans = append(chans, ch)
		go func() {
			v, _ := work(x)
			ch <- v
			close(ch)
		}()
	}
	return chans
}

// RIGHT: the single sender closes after its loop.
func singleSender(xs []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	return out
}

// RIGHT: the closer runs after the senders are done.
func closeAfterWait(xs []int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _ := work(x)
			out <- v
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// WRONG: defer close and an explicit close on the error path.
func deferAndClose(out chan int) error {
	defer close(out)
	v, err := work(1)
	if err != nil {
		close(out) // want `out is closed twice on this path: here, and by the deferred close at twice.go:99; the second close panics`
		return err
	}
	out <- v
	return nil
}

// WRONG: close, then close again.
func closeClose(out chan int, fail bool) {
	if fail {
		close(out)
	}
	work(0)
	close(out) // want `out is closed twice on this path: at twice.go:112, and again here`
}

// RIGHT: close on two exclusive paths.
func closeEither(out chan int, fail bool) error {
	if fail {
		close(out)
		return errors.New("fail")
	}
	out <- 1
	close(out)
	return nil
}

// RIGHT: a flag proves once (the analysis does not follow flags: the
// second close is not on every path).
func closeFlag(out chan int, a, b bool) {
	closed := false
	if a {
		close(out)
		closed = true
	}
	if b && !closed {
		close(out)
	}
}

// WRONG: a close in a loop.
func closeInLoop(xs []int, done chan struct{}) {
	for _, x := range xs {
		work(x)
		close(done) // want `close of done in a loop: the next iteration closes it again`
	}
}

// RIGHT: a close of each channel of a slice.
func closeAll(chans []chan int) {
	for _, ch := range chans {
		close(ch)
	}
}

// RIGHT: closed once, then the loop ends.
func closeAndLeave(xs []int, done chan struct{}) {
	for _, x := range xs {
		if x > 0 {
			continue
		}
		close(done)
		return
	}
}

// RIGHT: a select proves once.
func closeSelect(xs []int, done chan struct{}) {
	for range xs {
		select {
		case <-done:
		default:
			close(done)
		}
	}
}

var _ = time.Second

type conn struct {
	done chan struct{}
}

// RIGHT: two channels of two values of one type.
func closeBoth(a, b *conn) {
	close(a.done)
	close(b.done)
}

// RIGHT: the field gets a new channel in each iteration.
func restart(c *conn, n int) {
	for range n {
		c.done = make(chan struct{})
		work(0)
		close(c.done)
	}
}

// RIGHT: the value gets replaced in each iteration.
func next(c *conn, conns []*conn) {
	for i := range conns {
		c = conns[i]
		close(c.done)
	}
}

// RIGHT: the variable gets a new channel between the two closes.
func closeRemade(out chan int) {
	close(out)
	out = make(chan int)
	close(out)
}
