package fields

import (
	"testing"
	"time"
)

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
