package a

import (
	"container/heap"
	"sort"
	"sync"
	"time"
)

type delayed struct {
	key string
	at  time.Time
}

// A delay queue that is its own heap.Interface, with a Len for metrics
// that takes the queue's lock: heap.Push, called under the lock, calls
// Len, which locks it again.
type delayQueue struct {
	mu    sync.Mutex
	items []delayed
}

func (q *delayQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func (q *delayQueue) Less(i, j int) bool { return q.items[i].at.Before(q.items[j].at) }
func (q *delayQueue) Swap(i, j int)      { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *delayQueue) Push(x any)         { q.items = append(q.items, x.(delayed)) }
func (q *delayQueue) Pop() any {
	n := len(q.items)
	x := q.items[n-1]
	q.items = q.items[:n-1]
	return x
}

func (q *delayQueue) AddAfter(key string, d time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(q, delayed{key, time.Now().Add(d)}) // want `q.mu is locked at heapq.go:40 and locked again at heapq.go:42 by calling heap.Push, which calls \(\*delayQueue\).Len on q, which locks q.mu at heapq.go:24`
}

// The same queue keeping its heap in a type of its own, without a lock:
// not reported.
type delayHeap []delayed

func (h delayHeap) Len() int           { return len(h) }
func (h delayHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h delayHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *delayHeap) Push(x any)        { *h = append(*h, x.(delayed)) }
func (h *delayHeap) Pop() any          { old := *h; x := old[len(old)-1]; *h = old[:len(old)-1]; return x }

type heapQueue struct {
	mu   sync.Mutex
	heap delayHeap
}

func (q *heapQueue) AddAfter(key string, d time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(&q.heap, delayed{key, time.Now().Add(d)})
}

// A sorted view whose Less reads the scores under the board's lock,
// sorted while the lock is held.
type board struct {
	mu     sync.Mutex
	scores map[string]int
	names  []string
}

func (b *board) Len() int      { return len(b.names) }
func (b *board) Swap(i, j int) { b.names[i], b.names[j] = b.names[j], b.names[i] }
func (b *board) Less(i, j int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scores[b.names[i]] > b.scores[b.names[j]]
}

func (b *board) Rank() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	sort.Sort(b) // want `b.mu is locked at heapq.go:83 and locked again at heapq.go:85 by calling sort.Sort, which calls \(\*board\).Less on b, which locks b.mu at heapq.go:77`
	return b.names
}
