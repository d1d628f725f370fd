package a

import "sync"

// A buffer for a pool of shipping workers that signals only when a push
// finds it empty: two quick pushes with two workers waiting wake one,
// and the other sleeps with a record queued.
type shipBuffer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	records []string
}

func newShipBuffer() *shipBuffer {
	b := &shipBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *shipBuffer) Push(r string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.records = append(b.records, r)
	if len(b.records) == 1 {
		b.cond.Signal() // want `b.cond.Signal is made only when len\(b.records\) == 1 \(edge.go:24\), after b.records is appended to at edge.go:23`
	}
}

func (b *shipBuffer) Pop() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.records) == 0 {
		b.cond.Wait()
	}
	r := b.records[0]
	b.records = b.records[1:]
	return r
}

// The same buffer signalling after every push: not reported.
type everyBuffer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	records []string
}

func newEveryBuffer() *everyBuffer {
	b := &everyBuffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *everyBuffer) Push(r string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.records = append(b.records, r)
	b.cond.Signal()
}

func (b *everyBuffer) Pop() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.records) == 0 {
		b.cond.Wait()
	}
	r := b.records[0]
	b.records = b.records[1:]
	return r
}
