package synctestx

import (
	"testing"
	"testing/synctest"
)

// RIGHT: synctest.Wait returns once the goroutine is done.
func TestWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		done := false
		go func() {
			done = true
		}()
		synctest.Wait()
		t.Log(done)
	})
}

// RIGHT: synctest.Test returns once every goroutine of its bubble has
// exited; the flag is read after it.
func TestBubbleExit(t *testing.T) {
	stopped := false
	synctest.Test(t, func(t *testing.T) {
		stop := make(chan struct{})
		t.Cleanup(func() { close(stop) })
		go func() {
			<-stop
			stopped = true
		}()
	})
	if !stopped {
		t.Fatal("worker still running")
	}
}
