// Command fixed is examples/nocancel with the mistake fixed: report passes
// its ctx on, so build stops when the request's deadline passes.
package main

import (
	"context"
	"fmt"
	"time"
)

// report builds a report for a request; ctx is the request's.
func report(ctx context.Context) (string, error) {
	return build(ctx)
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
}
