// Package a holds sync.Cond waits, wrong and right.
package a

import "sync"

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(x int) {
	q.mu.Lock()
	q.items = append(q.items, x)
	q.mu.Unlock()
	q.cond.Signal()
}

// WRONG: checked once; another getter may take the item first.
func (q *queue) getIf() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait() // want `q.cond.Wait is not in a loop: the condition the if at loop.go:29 checks is not checked again when Wait returns`
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

// RIGHT: the for loop checks again.
func (q *queue) get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

// RIGHT: an endless loop that breaks out when the condition holds.
func (q *queue) getBreak() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			break
		}
		q.cond.Wait()
	}
	return q.items[0]
}

// RIGHT: an if inside a loop.
func (q *queue) drain(stop *bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !*stop {
		if len(q.items) == 0 {
			q.cond.Wait()
			continue
		}
		q.items = q.items[1:]
	}
}

// RIGHT: a loop made of goto.
func (q *queue) getGoto() int {
	q.mu.Lock()
	defer q.mu.Unlock()
again:
	if len(q.items) == 0 {
		q.cond.Wait()
		goto again
	}
	return q.items[0]
}

// A helper that waits once, called in its caller's loop: silent.
func (q *queue) waitIfEmpty() {
	if len(q.items) == 0 {
		q.cond.Wait()
	}
}

func (q *queue) getHelper() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waitIfEmpty()
	}
	return q.items[0]
}

// A helper that only waits: silent (no if to judge).
func (q *queue) waitOnce() { q.cond.Wait() }

// Silent: waits for a change of state, in a loop it leaves after one
// wait (sync's own test of Signal does this).
func (q *queue) waitChange(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) == n {
			q.cond.Wait()
			break
		}
		n = len(q.items)
	}
}

// WRONG: goroutines started in a loop each check once.
func (q *queue) consumers(n int, out chan<- int) {
	for range n {
		go func() {
			q.mu.Lock()
			if len(q.items) == 0 {
				q.cond.Wait() // want `q.cond.Wait is not in a loop`
			}
			out <- q.items[0]
			q.items = q.items[1:]
			q.mu.Unlock()
		}()
	}
}
