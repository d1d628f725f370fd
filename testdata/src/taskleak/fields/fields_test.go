package fields

import (
	"context"
	"errors"
	"testing"
	"time"
)

var errTimeout = errors.New("timeout")

// A test's timeout leaves the sender behind only when the test fails:
// silent.
func TestAnswer(t *testing.T) {
	got := make(chan int)
	go func() {
		got <- compute()
	}()
	select {
	case v := <-got:
		_ = v
	case <-time.After(time.Second):
		t.Error("no answer")
		return
	}
}

// A helper of the tests that gives up after a timeout and goes on: the
// test does not fail, and the sender stays blocked for the rest of the
// run.
func answerOrZero(tb testing.TB) int {
	got := make(chan int)
	go func() { // want `goroutine may block forever sending on got`
		got <- compute()
	}()
	select {
	case v := <-got:
		return v
	case <-time.After(time.Second):
		tb.Log("no answer, using 0")
		return 0
	}
}

// The same helper failing the test through the interface: silent.
func answer(tb testing.TB) int {
	got := make(chan int)
	go func() {
		got <- compute()
	}()
	select {
	case v := <-got:
		return v
	case <-time.After(time.Second):
		tb.Fatal("no answer")
		return 0
	}
}

// A helper that fails the test for its caller: silent.
func requireTrue(tb testing.TB, ok bool) {
	if !ok {
		tb.Fatal("condition failed")
	}
}

func answerRequired(tb testing.TB) int {
	got := make(chan int)
	go func() {
		got <- compute()
	}()
	select {
	case v := <-got:
		return v
	case <-time.After(time.Second):
		requireTrue(tb, false)
		return 0
	}
}

// A timeout returned as an error, for the caller to fail on: silent.
func answerErr() (int, error) {
	got := make(chan int)
	go func() {
		got <- compute()
	}()
	select {
	case v := <-got:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

// A test sends to the loop it started; the loop leaves when the test's
// context ends, after it: silent.
func TestEval(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := startEvalLoop(ctx)
	done := make(chan bool, 1)
	l.eval <- func() { done <- true }
	<-done
}
