package plain

import (
	"fmt"
	"sync"
)

// A generic queue whose Put holds mu while it hands the value to the
// loop, which takes mu for each value it gets: reported.
type genQueue[T any] struct {
	mu    sync.Mutex
	n     int
	items chan T
}

func newGenQueue[T any]() *genQueue[T] {
	q := &genQueue[T]{items: make(chan T)}
	go q.run()
	return q
}

func (q *genQueue[T]) put(v T) { q.items <- v } // want `sync lock q.mu \(locked at generic.go:\d+\) is held while waiting for another goroutine: \(\*genQueue\).Put calls \(\*genQueue\).put \(generic.go:\d+\), which does a channel send \(generic.go:\d+\); release it before waiting \(the range at generic.go:\d+ in \(\*genQueue\[T\]\).run, run by the goroutine started at generic.go:\d+, may take q.mu first\)`

func (q *genQueue[T]) Put(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.put(v)
}

func (q *genQueue[T]) count() {
	q.mu.Lock()
	q.n++
	q.mu.Unlock()
}

func (q *genQueue[T]) run() {
	for v := range q.items {
		fmt.Println(v)
		q.count()
	}
}

// latest keeps one value: every send drops a stale one first, with mu
// held, so it finds room. The methods of a generic type call each other
// through instances of their origin (l.push in Set); printing the
// channel (dump) does not hand it to another package.
type latest[T any] struct {
	mu sync.Mutex
	ch chan T
	n  int
}

func newLatest[T any]() *latest[T] {
	l := &latest[T]{ch: make(chan T, 1)}
	go l.watch()
	return l
}

func (l *latest[T]) push(v T) {
	select {
	case <-l.ch:
	default:
	}
	l.ch <- v
}

func (l *latest[T]) Set(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.push(v)
}

func (l *latest[T]) watch() {
	for range l.ch {
		l.mu.Lock()
		l.n++
		l.mu.Unlock()
	}
}

func dump[T any](l *latest[T]) { fmt.Println(l.ch) }

// A box whose loop drains its channel through a generic helper, which
// takes the box's lock for each value: the call of the instance
// recvAll[int] is a call of recvAll's body, and its ch is b.ch.
type box struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func recvAll[T any](b *box, ch chan T) {
	for range ch {
		b.mu.Lock()
		b.n++
		b.mu.Unlock()
	}
}

func (b *box) run() { recvAll[int](b, b.ch) }

func newBox() *box {
	b := &box{ch: make(chan int)}
	go b.run()
	return b
}

func (b *box) Put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ch <- v // want `sync lock b.mu \(locked at generic.go:\d+\) is held while waiting for another goroutine: a channel send \(generic.go:\d+\); release it before waiting \(the range at generic.go:\d+ in recvAll, run by the goroutine started at generic.go:\d+, may take b.mu first\)`
}
