package methods

import (
	"sync"
	"time"
)

// A slice field swapped under the lock by a helper, then ranged over by
// its caller once the helper has released the lock.

type Event struct{ Name string }

// WRONG: every flusher ranges over b.flushing after swap released the
// lock, while another flusher's swap replaces it.
type Queue struct {
	mu       sync.Mutex
	pending  []Event
	flushing []Event
	emit     func(Event)
}

func (q *Queue) Add(e Event) {
	q.mu.Lock()
	q.pending = append(q.pending, e)
	q.mu.Unlock()
}

func (q *Queue) swap() {
	q.mu.Lock()
	q.flushing = q.pending // want `q.flushing is written here by every goroutine started in the loop at swap.go:\d+ and read at swap.go:\d+ by every goroutine started in the loop at swap.go:\d+`
	q.pending = nil
	q.mu.Unlock()
}

func (q *Queue) flush() {
	q.swap()
	for _, e := range q.flushing {
		q.emit(e)
	}
}

func (q *Queue) Run(workers int, every time.Duration) {
	for range workers {
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for range t.C {
				q.flush()
			}
		}()
	}
}

// RIGHT: the caller ranges over what swap returns, its own copy.
type OwnQueue struct {
	mu       sync.Mutex
	pending  []Event
	flushing []Event
	emit     func(Event)
}

func (q *OwnQueue) swap() []Event {
	q.mu.Lock()
	q.flushing = q.pending
	q.pending = nil
	out := q.flushing
	q.mu.Unlock()
	return out
}

func (q *OwnQueue) flush() {
	for _, e := range q.swap() {
		q.emit(e)
	}
}

func (q *OwnQueue) Run(workers int, every time.Duration) {
	for range workers {
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for range t.C {
				q.flush()
			}
		}()
	}
}

// RIGHT: the range is made under the lock too.
type HeldQueue struct {
	mu       sync.Mutex
	pending  []Event
	flushing []Event
	emit     func(Event)
}

func (q *HeldQueue) swap() {
	q.mu.Lock()
	q.flushing = q.pending
	q.pending = nil
	q.mu.Unlock()
}

func (q *HeldQueue) flush() {
	q.swap()
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range q.flushing {
		q.emit(e)
	}
}

func (q *HeldQueue) Run(workers int, every time.Duration) {
	for range workers {
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for range t.C {
				q.flush()
			}
		}()
	}
}

// WRONG: Sync is called by the users while the loop that Start started
// calls it too.
type Log struct {
	mu      sync.Mutex
	pending []Event
	writing []Event
	write   func(Event)
}

func (l *Log) Append(e Event) {
	l.mu.Lock()
	l.pending = append(l.pending, e)
	l.mu.Unlock()
}

func (l *Log) take() {
	l.mu.Lock()
	l.writing, l.pending = l.pending, nil // want `l.writing is written here by the goroutine started at swap.go:\d+ and read at swap.go:\d+ by the caller of Sync, with no lock in common`
	l.mu.Unlock()
}

func (l *Log) Sync() {
	l.take()
	for _, e := range l.writing {
		l.write(e)
	}
}

func (l *Log) Start(every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			l.Sync()
		}
	}()
}

// RIGHT: Sync ranges over the copy take returns.
type OwnLog struct {
	mu      sync.Mutex
	pending []Event
	writing []Event
	write   func(Event)
}

func (l *OwnLog) take() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writing, l.pending = l.pending, nil
	return l.writing
}

func (l *OwnLog) Sync() {
	for _, e := range l.take() {
		l.write(e)
	}
}

func (l *OwnLog) Start(every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			l.Sync()
		}
	}()
}

// WRONG: the loop is started by the constructor.
type Journal struct {
	mu      sync.Mutex
	pending []Event
	writing []Event
	write   func(Event)
}

func NewJournal(every time.Duration, write func(Event)) *Journal {
	j := &Journal{write: write}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			j.Sync()
		}
	}()
	return j
}

func (j *Journal) take() {
	j.mu.Lock()
	j.writing, j.pending = j.pending, nil // want `j.writing is written here by the goroutine started at swap.go:\d+ and read at swap.go:\d+ by the caller of Sync, with no lock in common`
	j.mu.Unlock()
}

func (j *Journal) Sync() {
	j.take()
	for _, e := range j.writing {
		j.write(e)
	}
}
