package listener

import "testing"

// expect reads one notification from whichever channel a test has.
func expect(t *testing.T, ch <-chan *Notification) *Notification {
	t.Helper()
	return <-ch
}

func TestConn(t *testing.T) {
	ch := make(chan *Notification, 1)
	NewConn(ch)
	if n := expect(t, ch); n.Channel != "hello" {
		t.Fatal(n)
	}
}

func TestListener(t *testing.T) {
	l := NewListener()
	expect(t, l.Notify)
}

// next reads the pump's queue: every channel it is given is one.
func next(t *testing.T, q <-chan int) int {
	t.Helper()
	return <-q
}

func TestPump(t *testing.T) {
	p := NewPump()
	next(t, p.queue)
	next(t, p.queue)
}
