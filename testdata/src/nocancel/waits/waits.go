package waits

import (
	"context"
	"time"
)

func produce(ctx context.Context, out chan<- int) {
	for i := 0; ; i++ {
		out <- i // want `send on out, a channel the function was given, ignores ctx \(waits.go:8\): if the receiver stops when ctx is done, the send blocks forever; select on ctx.Done\(\) too`
	}
}

func backoff(ctx context.Context) {
	<-time.After(time.Second) // want `receiving from time.After alone is a sleep that ignores ctx \(waits.go:14\)`
}

// Silent look-alikes.

func produceRight(ctx context.Context, out chan<- int) error {
	for i := 0; ; i++ {
		select {
		case out <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func backoffRight(ctx context.Context) error {
	select {
	case <-time.After(time.Second):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// No ctx: nothing to observe.
func produceNoCtx(out chan<- int) { out <- 1 }

// A channel it made: paired with a goroutine in view.
func local(ctx context.Context) int {
	ch := make(chan int, 1)
	ch <- 1
	return <-ch
}

// A receive from a channel it was given ends when the producer closes it.
func consume(ctx context.Context, in <-chan int) (n int) {
	for v := range in {
		n += v
	}
	return n + <-in
}
