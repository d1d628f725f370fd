package a

import (
	"sync"
	"time"
)

// WRONG: the error path closes and falls through to the send.
func sendAfter(out chan int) {
	v, err := work(1)
	if err != nil {
		close(out)
	}
	out <- v // want `send on out after it is closed at send.go:12, on every path: a send on a closed channel panics`
}

// RIGHT: the error path returns.
func sendOrClose(out chan int) {
	v, err := work(1)
	if err != nil {
		close(out)
		return
	}
	out <- v
}

// RIGHT: a new channel after the close.
func reopen(out chan int) {
	close(out)
	out = make(chan int, 1)
	out <- 1
}

// WRONG: the receiver takes the first result and closes: the others
// still send.
func firstResult(xs []int) int {
	results := make(chan int)
	for _, x := range xs {
		go func() {
			v, _ := work(x)
			results <- v
		}()
	}
	v := <-results
	close(results) // want `close of results by its receiver while the goroutine started at send.go:39 may still send on it \(send.go:41\)`
	return v
}

// WRONG: the timeout arm closes the channel the sender sends on.
func withTimeout() (int, bool) {
	ch := make(chan int, 1)
	go func() {
		v, _ := work(0)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, true
	case <-time.After(time.Second):
		close(ch) // want `close of ch by its receiver while the goroutine started at send.go:52`
		return 0, false
	}
}

// RIGHT: every send is received before the close.
func counted(xs []int) {
	results := make(chan int)
	for _, x := range xs {
		go func() {
			v, _ := work(x)
			results <- v
		}()
	}
	for range xs {
		<-results
	}
	close(results)
}

// RIGHT: the receiver waits for the senders.
func joined(xs []int) {
	results := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _ := work(x)
			results <- v
		}()
	}
	wg.Wait()
	close(results)
	for v := range results {
		_ = v
	}
}

// RIGHT: one sender, one value, received before the close.
func single() int {
	ch := make(chan int)
	go func() {
		v, _ := work(0)
		ch <- v
	}()
	v := <-ch
	close(ch)
	return v
}

// WRONG: the receiving loop closes on the first error.
func firstError(xs []int) error {
	errc := make(chan error)
	for _, x := range xs {
		go func() {
			_, err := work(x)
			errc <- err
		}()
	}
	for range xs {
		if err := <-errc; err != nil {
			close(errc) // want `close of errc by its receiver while the goroutine started at send.go:115`
			return err
		}
	}
	return nil
}

// WRONG: a loop between the close and the send does not save it.
func sendAfterLoop(out chan int, xs []int) {
	if len(xs) == 0 {
		close(out)
	}
	sum := 0
	for _, x := range xs {
		sum += x
	}
	out <- sum // want `send on out after it is closed at send.go:\d+, on every path`
}

// RIGHT: the last item closes, the others are sent.
func lastCloses(in <-chan int, out chan int) {
	for x := range in {
		if x < 0 {
			close(out)
		} else {
			out <- x
		}
	}
}

// Generic code is fine too.
type box[T any] struct {
	ch chan T
}

func (b *box[T]) twice() {
	close(b.ch)
	close(b.ch) // want `b.ch is closed twice on this path`
}

// RIGHT: a waiter goroutine joins the senders and closes done; the
// timeout arm ends the test.
func waiterJoins(xs []int, fatal func()) {
	var wg sync.WaitGroup
	errs := make(chan error, len(xs))
	for _, x := range xs {
		wg.Go(func() {
			_, err := work(x)
			errs <- err
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		panic("senders stuck")
	}
	close(errs)
	for err := range errs {
		_ = err
	}
}

// WRONG: the timeout arm goes on to the close while senders may run.
func waiterTimeout(xs []int) {
	var wg sync.WaitGroup
	errs := make(chan error, len(xs))
	for _, x := range xs {
		wg.Go(func() {
			_, err := work(x)
			errs <- err
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	close(errs) // want `close of errs by its receiver while the goroutine started at send.go:\d+ may still send on it`
	for err := range errs {
		_ = err
	}
}

// hub drops a slow client: the next iteration sends to another client's
// channel. Silent.
type hubClient struct{ send chan []byte }

func broadcast(clients map[*hubClient]bool, in <-chan []byte) {
	for {
		msg := <-in
		for c := range clients {
			select {
			case c.send <- msg:
			default:
				close(c.send)
				delete(clients, c)
			}
		}
	}
}

// The same channel every time round: the next iteration sends on it
// after the close.
func resend(c *hubClient, msgs <-chan []byte) {
	for {
		m := <-msgs
		select {
		case c.send <- m: // want `send on c.send after it is closed at send.go:\d+, on every path`
		default:
			close(c.send)
		}
	}
}
