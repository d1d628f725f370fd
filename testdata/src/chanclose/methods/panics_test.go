package methods

import "testing"

// A test of the panic itself: silent.
func TestClosePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("want a panic")
		}
	}()
	ch := make(chan int)
	close(ch)
	close(ch)
}
