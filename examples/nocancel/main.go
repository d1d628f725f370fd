// Command nocancel shows the mistake the nocancel check finds: a call
// given context.Background() while a ctx is at hand. The caller's
// deadline passes, but the work never hears of it and runs to the end.
//
//	go run ./examples/nocancel
//	go run ./examples/nocancel/fixed
//	go run ./cmd/asynclint ./examples/nocancel/...
package main

import (
	"context"
	"fmt"
	"time"
)

// report builds a report for a request; ctx is the request's.
func report(ctx context.Context) (string, error) {
	return build(context.Background()) // the mistake: ctx is dropped
}

// build takes a second, in steps that observe cancellation.
func build(ctx context.Context) (string, error) {
	for i := 0; i < 10; i++ {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "report", nil
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := report(ctx)
	fmt.Printf("request with a 100ms deadline returned after %v: %q, %v\n", time.Since(start).Round(100*time.Millisecond), r, err)
	fmt.Println("=> build never saw the deadline: it ran its full second for a caller that had given up.")
}
