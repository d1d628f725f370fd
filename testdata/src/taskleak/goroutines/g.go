package goroutines

import (
	"context"
	"errors"
	"time"
)

func compute() int { return 42 }

// The abandoned sender: the select can leave by ctx.Done() and nobody
// will receive the result.
func withCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine may block forever sending on ch \(line 16\): the select at line 18 can leave by its case at line 21 without receiving; make ch buffered with room for the value`
		ch <- compute()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The same with a timeout.
func withTimeout() (int, error) {
	done := make(chan int, 0)
	go func() { // want `goroutine may block forever sending on done`
		done <- compute()
	}()
	select {
	case v := <-done:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// Buffered with room: the send never waits. Silent.
func buffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The sender gives up on ctx too. Silent.
func senderObservesCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The receiver always receives. Silent.
func plainReceive() int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return <-ch
}

// A receiver that drains after the select: not our narrow shape. Silent.
func drainsAfter(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		<-ch
		return 0, ctx.Err()
	}
}

// The channel escapes: someone else may receive. Silent.
func escapes(ctx context.Context, sink func(chan int)) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	sink(ch)
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// The other case ends the test or the program: not worth a report. Silent.
func fatal(ctx context.Context, fail func()) int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		panic("timed out")
	}
}

// A select in a loop comes back for the value. Silent.
func selectInLoop(tick <-chan int) {
	done := make(chan bool)
	go func() { done <- true }()
	for {
		select {
		case <-done:
			return
		case <-tick:
		}
	}
}

// Senders started in a loop, one receive that can also leave by ctx:
// every sender but one (or all, once ctx is done) is stuck on its send.
func sendersInLoop(ctx context.Context, n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- nil }() // want `send on errc blocks forever once its receiver leaves: the select at g.go:132 stops receiving by its case <-ctx.Done\(\) \(line 135\)`
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The other case is the sender's own signal: when it is taken, the
// sender has closed done and returned, and sends nothing more.
func senderSignals(fetch func() (int, error)) (int, error) {
	errs := make(chan error)
	done := make(chan struct{})
	n := 0
	go func() {
		v, err := fetch()
		if err != nil {
			errs <- err
			return
		}
		n = v
		close(done)
	}()
	select {
	case err := <-errs:
		return 0, err
	case <-done:
		return n, nil
	}
}

// The sender never blocks: its select has a default, and drops the value
// when nobody is there to take it. Silent.
func senderDefault(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		default:
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
