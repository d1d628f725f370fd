package b

import (
	"os"
	"sync"
	"time"
)

func Read() ([]byte, error) { // want Read:`blocks: calls os.ReadFile \(b.go:10\)`
	return os.ReadFile("x")
}

func indirect() { // want indirect:`blocks: calls Read \(b.go:14\), which calls os.ReadFile \(b.go:10\)`
	Read()
}

// Recursive functions reach the fixpoint once.
func Ping(n int) { // want Ping:`blocks: calls Pong \(b.go:19\), which calls indirect \(b.go:26\)`
	Pong(n - 1)
}

func Pong(n int) { // want Pong:`blocks: calls indirect \(b.go:26\), which calls Read \(b.go:14\)`
	if n > 0 {
		Ping(n)
	}
	indirect()
}

type T struct {
	mu sync.Mutex
	ch chan int
}

func (t *T) Get() int { // want Get:`blocks: does a channel receive \(b.go:35\)`
	return <-t.ch
}

// Locking is not blocking, in the model.
func (t *T) Locked() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return 1
}

// A go statement does not block its caller.
func Background() {
	go time.Sleep(time.Second)
	go func() { time.Sleep(time.Second) }()
}

// A deferred call runs in the function.
func Deferred() { // want Deferred:`blocks: calls the func literal \(b.go:53\), which calls time.Sleep \(b.go:53\)`
	defer func() { time.Sleep(time.Second) }()
}

// A select with a default case does not wait.
func TrySend(ch chan int) bool {
	select {
	case ch <- 1:
		return true
	default:
		return false
	}
}

// A function value is not followed.
func Call(f func()) { f() }

// Generic functions carry facts too.
func Drain[T any](ch chan T) (n int) { // want Drain:`blocks: does a channel receive \(b.go:71\)`
	for range ch {
		n++
	}
	return n
}
