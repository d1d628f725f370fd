package use

import (
	"sync"
	"testing"
)

// The hook counts without a lock, fired from goroutines: they race.
func TestHookCounts(t *testing.T) {
	calls := 0
	h := &Hooked{hook: func(int) {
		calls++ // want `calls is written here by every goroutine started in the loop`
	}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.Fire(i)
		}()
	}
	wg.Wait()
}

// This test's hook runs on its own goroutine only: TestHookCounts's
// goroutines fire the hooks of that test's objects, not of this one's.
// Silent.
func TestHookSync(t *testing.T) {
	n := 0
	h := &Hooked{hook: func(int) { n++ }}
	h.Fire(1)
	if n != 1 {
		t.Fatal(n)
	}
}
