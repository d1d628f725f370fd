package runtime

import (
	"context"
	goruntime "runtime"
	"strings"
	"testing"
	"time"
)

// newRT returns a runtime closed at the end of the test, after which the
// test fails if goroutines were left behind.
func newRT(t testing.TB, opts ...Option) *Runtime {
	t.Helper()
	before := goruntime.NumGoroutine()
	t.Cleanup(func() { checkNoLeak(t, before) })
	rt := New(opts...)
	t.Cleanup(rt.Close)
	return rt
}

func checkNoLeak(t testing.TB, before int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		n := goruntime.NumGoroutine()
		if n <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:goruntime.Stack(buf, true)]
			t.Fatalf("%d goroutines left (had %d):\n%s", n, before, buf)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// run runs f as a root task of rt and fails the test on error or if it
// does not return within d.
func run(t testing.TB, rt *Runtime, d time.Duration, f func(ctx context.Context) error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- rt.Run(context.Background(), f) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:goruntime.Stack(buf, true)]
		t.Fatalf("Run did not return within %v:\n%s", d, buf)
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want %q", want)
		}
		if s, _ := r.(string); !strings.Contains(s, want) {
			if e, ok := r.(error); !ok || !strings.Contains(e.Error(), want) {
				t.Fatalf("panic %v, want %q", r, want)
			}
		}
	}()
	f()
}
