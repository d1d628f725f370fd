package pairs

import (
	"sync"
	"time"
)

// A timer wheel split in shards, one goroutine per shard, each handed a
// pointer to its own element of the slice.
type timedTask struct {
	at time.Time
	fn func()
}

type timerShard struct {
	mu    sync.Mutex
	tasks []timedTask
	wake  chan struct{}
	// next takes the tasks this shard has no room for.
	next *timerShard
	quit chan struct{}
}

type TimerWheel struct {
	shards []timerShard
	die    chan struct{}
}

func NewTimerWheel(n int) *TimerWheel {
	return &TimerWheel{shards: make([]timerShard, n), die: make(chan struct{})}
}

// Start makes each shard's wake channel before the go statement that
// hands the shard to its goroutine: the go statement orders it, and the
// other iterations set other shards. Silent.
func (w *TimerWheel) Start() {
	for i := range w.shards {
		w.shards[i].wake = make(chan struct{}, 1)
		go w.run(&w.shards[i])
	}
}

func (w *TimerWheel) run(sh *timerShard) {
	for {
		select {
		case <-sh.wake:
			sh.mu.Lock()
			due := sh.tasks
			sh.tasks = nil
			sh.mu.Unlock()
			for _, t := range due {
				t.fn()
			}
		case <-w.die:
			return
		}
	}
}

// Put wakes the shard's goroutine.
func (w *TimerWheel) Put(i int, t timedTask) {
	sh := &w.shards[i%len(w.shards)]
	sh.mu.Lock()
	sh.tasks = append(sh.tasks, t)
	sh.mu.Unlock()
	select {
	case sh.wake <- struct{}{}:
	default:
	}
}

// StartLate makes the wake channel after the go statement: the shard's
// goroutine may already be selecting on a nil channel, and reads the
// field while it is written.
func (w *TimerWheel) StartLate() {
	for i := range w.shards {
		go w.runLate(&w.shards[i])
		w.shards[i].quit = make(chan struct{})
	}
}

func (w *TimerWheel) runLate(sh *timerShard) {
	for {
		select {
		case <-sh.quit: // want `sh.quit is read by the goroutine started at shards.go:\d+ and written at shards.go:\d+ by its starter`
			return
		case <-w.die:
			return
		}
	}
}

// StartChained links each shard to the next one before the next one's
// goroutine starts, but on the previous shard, whose goroutine runs
// already and reads its next field.
func (w *TimerWheel) StartChained() {
	for i := range w.shards {
		if i > 0 {
			w.shards[i-1].next = &w.shards[i] // want `w.shards.next is written here by the caller of StartChained and read at shards.go:\d+ by every goroutine started in the loop at shards.go:\d+`
		}
		go w.overflow(&w.shards[i])
	}
}

func (w *TimerWheel) overflow(sh *timerShard) {
	for {
		select {
		case <-w.die:
			return
		case <-time.After(time.Second):
			if sh.next != nil { // want `sh.next is read by the goroutine started at shards.go:\d+ and written at shards.go:\d+ by its starter`
				sh.next.mu.Lock()
				sh.next.mu.Unlock()
			}
		}
	}
}

// A pool of workers started by a three-clause loop, each handed its
// own slot through a function literal's parameter, after the starter
// fills the slot. Silent.
type workerSlot struct {
	jobs chan func()
	id   int
}

type WorkerPool struct {
	slots []workerSlot
}

func (p *WorkerPool) Start(n int) {
	p.slots = make([]workerSlot, n)
	for i := 0; i < n; i++ {
		p.slots[i].jobs = make(chan func(), 16)
		p.slots[i].id = i
		go func(s *workerSlot) {
			for job := range s.jobs {
				job()
			}
		}(&p.slots[i])
	}
}
