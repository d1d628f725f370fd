package b

import (
	"sync"
	"time"
)

type Q struct {
	mu   sync.Mutex
	cond *sync.Cond
	ch   chan int
	wg   sync.WaitGroup
}

func (q *Q) Send(v int) { // want Send:`waits: does a channel send \(b.go:16\)`
	q.ch <- v
}

func (q *Q) Join() { // want Join:`waits: calls \(\*sync.WaitGroup\).Wait \(b.go:20\)`
	q.wg.Wait()
}

func Nap() { // want Nap:`waits: calls time.Sleep \(b.go:24\)`
	time.Sleep(time.Millisecond)
}

// Cond.Wait releases c.L: callers cannot tell; no fact.
func (q *Q) WaitCond() {
	q.cond.Wait()
}

// A select with a default never waits.
func (q *Q) TrySend(v int) bool {
	select {
	case q.ch <- v:
		return true
	default:
		return false
	}
}

// A channel no other goroutine sees.
func Hidden() int {
	ch := make(chan int, 1)
	ch <- 1
	return <-ch
}

// Sends that always find room: at most cap sends, none in a loop.
func Spare() <-chan error {
	errc := make(chan error, 2)
	go func() { errc <- nil }()
	errc <- nil
	return errc
}

// A select with an always-ready case.
func SpareSelect(stop chan int) {
	done := make(chan struct{}, 1)
	go func() { <-done }()
	select {
	case done <- struct{}{}:
	case <-stop:
	}
}

// Look-alikes that wait.

func Full() <-chan int { // want Full:`waits: does a channel send \(b.go:73\)`
	ch := make(chan int, 1)
	go func() { <-ch }()
	ch <- 1
	ch <- 2
	return ch
}

func Looped(n int) chan int { // want Looped:`waits: does a channel send \(b.go:80\)`
	ch := make(chan int, 1)
	for range n {
		ch <- 1
	}
	return ch
}

func Shared(out chan int) { // want Shared:`waits: does a channel send \(b.go:86\)`
	out <- 1
}

func Captured() int { // want Captured:`waits: does a channel receive \(b.go:92\)`
	ch := make(chan int)
	go func() { ch <- 1 }()
	return <-ch
}

func Unbuffered() chan int { // want Unbuffered:`waits: does a channel send \(b.go:97\)`
	ch := make(chan int)
	ch <- 1
	return ch
}
