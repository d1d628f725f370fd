// Package chanson is run with -lockawait.chans: a lock held across a
// channel operation is reported without the proof that a goroutine that
// could end the wait needs the lock.
package chanson

import "sync"

type queue struct {
	mu   sync.Mutex
	n    int
	jobs chan int
}

func newQueue() *queue {
	q := &queue{jobs: make(chan int)}
	go func() {
		for range q.jobs { // the worker never locks q.mu
		}
	}()
	return q
}

func (q *queue) push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.jobs <- v // want `sync lock q.mu \(locked at chanson.go:\d+\) is held while waiting for another goroutine: a channel send`
}

// A counting semaphore: reported with the flag too.
type pool struct {
	mu    sync.Mutex
	slots chan struct{}
}

func newPool(n int) *pool {
	p := &pool{slots: make(chan struct{}, n)}
	for range n {
		p.slots <- struct{}{}
	}
	return p
}

func (p *pool) get() {
	p.mu.Lock()
	defer p.mu.Unlock()
	<-p.slots // want `sync lock p.mu \(locked at chanson.go:\d+\) is held while waiting for another goroutine: a channel receive`
}
