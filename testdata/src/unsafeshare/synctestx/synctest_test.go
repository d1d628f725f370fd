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
