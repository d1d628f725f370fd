package waits

import (
	"context"
	"net/http"
	"time"
)

func produce(ctx context.Context, out chan<- int) {
	for i := 0; ; i++ {
		out <- i // want `send on out, a channel the function was given, ignores ctx \(waits.go:9\): if the receiver stops when ctx is done, the send blocks forever; select on ctx.Done\(\) too`
	}
}

func backoff(ctx context.Context) {
	<-time.After(time.Second) // want `receiving from time.After alone is a sleep that ignores ctx \(waits.go:15\)`
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

// A channel it returns, named as a result: not one it was given.
func made(ctx context.Context) (out chan int) {
	out = make(chan int, 1)
	out <- 1
	return out
}

// A literal's send on its encloser's channel: not one the literal was
// given.
func produceInLit(ctx context.Context, out chan<- int) {
	func() { out <- 1 }()
}

// A receive from a channel it was given ends when the producer closes it.
func consume(ctx context.Context, in <-chan int) (n int) {
	for v := range in {
		n += v
	}
	return n + <-in
}

// The request is built without ctx but runs under it: attached later.
func post(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req.WithContext(ctx))
}

func do(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) {
	return c.Do(req.WithContext(ctx))
}

func get(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	return do(ctx, c, req)
}

// Never attached: still reported.
func getLost(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest("GET", url, nil) // want `http.NewRequest ignores ctx`
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// A poll that checks ctx every time round, pausing a millisecond between
// checks: it notices cancellation within one pause. Not reported.
func pollReady(ctx context.Context, ready func() bool) bool {
	for ; ctx.Err() == nil; <-time.After(time.Millisecond) {
		if ready() {
			return true
		}
	}
	return false
}

// The same poll pausing a minute: cancellation waits for the pause.
func pollSlowly(ctx context.Context, ready func() bool) bool {
	for ; ctx.Err() == nil; <-time.After(time.Minute) { // want `receiving from time.After alone is a sleep that ignores ctx`
		if ready() {
			return true
		}
	}
	return false
}
