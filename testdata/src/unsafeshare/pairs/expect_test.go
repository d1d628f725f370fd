package pairs

import (
	"context"
	"testing"
	"time"
)

type lookupServer struct{ requests chan struct{} }

func (s *lookupServer) lookup(ctx context.Context) error {
	s.requests <- struct{}{}
	<-ctx.Done()
	return ctx.Err()
}

// expectRequest fails the test unless a request arrives in time.
func expectRequest(t *testing.T, ch chan struct{}) {
	t.Helper()
	select {
	case <-time.After(time.Second):
		t.Fatalf("no request")
	case <-ch:
	}
}

// The goroutine's call, which reads ctx, causes the request the helper
// waits for; the test replaces ctx only after it. Silent.
func TestPendingLookup(t *testing.T) {
	srv := &lookupServer{requests: make(chan struct{}, 1)}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() {
		srv.lookup(ctx)
	}()
	expectRequest(t, srv.requests)
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
}

// WRONG: nothing waits before ctx is replaced.
func TestPendingLookupEarly(t *testing.T) {
	srv := &lookupServer{requests: make(chan struct{}, 1)}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() {
		srv.lookup(ctx) // want `ctx is read by the goroutine started at expect_test.go:\d+ and written at expect_test.go:\d+ by its starter`
	}()
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
}

// The test waits in a select for the goroutine to close done; its other
// case fails the test, so the read after the select runs only once the
// goroutine has written err. Silent.
func TestCompactWithDeadline(t *testing.T) {
	var err error
	done := make(chan struct{})
	go func() {
		err = compactRange(1, 9)
		if err == nil {
			err = compactRange(1, 9)
		}
		close(done)
	}()
	select {
	case <-time.After(time.Minute):
		t.Fatalf("compaction timed out")
	case <-done:
	}
	if err != nil {
		t.Fatal(err)
	}
}

func compactRange(lo, hi int) error {
	if lo > hi {
		return context.Canceled
	}
	return nil
}
