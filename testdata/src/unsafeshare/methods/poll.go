package methods

import (
	"sync"
	"sync/atomic"
	"time"
)

// A Pacer's loop polls stopped to end; Stop sets it plainly while the
// loop runs.
type Pacer struct {
	stopped bool
	ticks   int64
}

func (t *Pacer) Start() { go t.loop() }

func (t *Pacer) loop() {
	for !t.stopped {
		atomic.AddInt64(&t.ticks, 1)
		time.Sleep(time.Millisecond)
	}
}

func (t *Pacer) Stop() {
	t.stopped = true // want `t.stopped is written here by the caller of Stop and read at poll.go:19 by the goroutine started at poll.go:16`
}

// An AtomicPacer's flag is atomic: no race.
type AtomicPacer struct {
	stopped atomic.Bool
	ticks   int64
}

func (t *AtomicPacer) Start() { go t.loop() }

func (t *AtomicPacer) loop() {
	for !t.stopped.Load() {
		atomic.AddInt64(&t.ticks, 1)
		time.Sleep(time.Millisecond)
	}
}

func (t *AtomicPacer) Stop() { t.stopped.Store(true) }

// A LockedPacer reads and sets its flag under mu: no race.
type LockedPacer struct {
	mu      sync.Mutex
	stopped bool
}

func (t *LockedPacer) Start() { go t.loop() }

func (t *LockedPacer) done() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stopped
}

func (t *LockedPacer) loop() {
	for !t.done() {
		time.Sleep(time.Millisecond)
	}
}

func (t *LockedPacer) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}

// A Job's run reads its limit in the loop condition, and Configure writes the
// limit, which only bounds the loop: no proof that Configure runs while
// the loop does (its users may configure before Start).
type Job struct {
	limit int
	done  int
}

func (j *Job) Start() { go j.run() }

func (j *Job) run() {
	for i := 0; i < j.limit; i++ {
		j.done++
		time.Sleep(time.Millisecond)
	}
}

func (j *Job) Configure(n int) { j.limit = n }
