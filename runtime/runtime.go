package runtime

import (
	"context"
	"errors"
	"fmt"
	"log"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Errors returned by the package.
var (
	// ErrNoRuntime is the error of a task spawned with a context that
	// carries no runtime (one not derived from a context given by Run).
	ErrNoRuntime = errors.New("runtime: context carries no runtime")
	// ErrClosed is returned by Run, and is the error of tasks spawned,
	// after Close.
	ErrClosed = errors.New("runtime: runtime closed")
	// ErrNoTasks is returned by JoinSet.Next on an empty set.
	ErrNoTasks = errors.New("runtime: join set has no tasks")
	// ErrClosedChan is returned by Chan.Send on a closed Chan, and by
	// Chan.Recv on a closed and drained Chan.
	ErrClosedChan = errors.New("runtime: send or receive on closed Chan")
)

// errGoexit is the error of a task whose function called runtime.Goexit.
var errGoexit = errors.New("runtime: task called runtime.Goexit")

// An Option configures a Runtime built by New.
type Option func(*config)

type config struct {
	workers         int
	blocking        int
	panicHandler    func(*PanicError)
	detectThreshold time.Duration
	detectReport    func(BlockingReport)
}

// WithWorkers sets the number of worker slots, the most tasks that run at
// once. The default is GOMAXPROCS. It panics if n < 1.
func WithWorkers(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("runtime: WithWorkers(%d): need at least one worker slot", n))
	}
	return func(c *config) { c.workers = n }
}

// WithBlockingPool sets the most SpawnBlocking tasks that run at once; the
// others wait for a place. The default is 512. It panics if n < 1.
func WithBlockingPool(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("runtime: WithBlockingPool(%d): need a pool of at least one", n))
	}
	return func(c *config) { c.blocking = n }
}

// WithPanicHandler sets the function that receives the panics of detached
// tasks. The default logs them to the standard logger. A nil h restores
// the default.
func WithPanicHandler(h func(*PanicError)) Option {
	return func(c *config) { c.panicHandler = h }
}

// WithBlockingDetector makes the runtime call report, from a monitor
// goroutine that runs until Close, once for each run of a task that holds
// its worker slot longer than threshold without reaching a suspension
// point. The slots are checked every threshold/4 (at least every 0.5 ms,
// at most every 100 ms); a run's start is known to about a millisecond
// (see FIGURES in the package doc). It panics if threshold <= 0 or report
// is nil.
func WithBlockingDetector(threshold time.Duration, report func(BlockingReport)) Option {
	if threshold <= 0 {
		panic(fmt.Sprintf("runtime: WithBlockingDetector(%v): threshold must be positive", threshold))
	}
	if report == nil {
		panic("runtime: WithBlockingDetector: nil report function")
	}
	return func(c *config) {
		c.detectThreshold = threshold
		c.detectReport = report
	}
}

// A BlockingReport describes a task that held its worker slot longer than
// the threshold set by WithBlockingDetector.
type BlockingReport struct {
	TaskID uint64        // the task's ID
	Held   time.Duration // how long it had held its slot when seen
	Name   string        // name of the task's function
}

// A PanicError is the error of a task that panicked.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the stack of the panicking goroutine
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("runtime: task panicked: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Stats is a snapshot of a runtime's figures. The figures are read one by
// one while tasks run, so they are only approximately consistent.
type Stats struct {
	Workers        int           // worker slots
	TasksLive      int           // tasks spawned and not yet finished
	TasksRunning   int           // tasks running: holding a slot, in the blocking pool or in BlockInPlace
	TasksSuspended int           // tasks waiting at a suspension point
	TasksRunnable  int           // tasks waiting for a worker slot or a blocking-pool place
	SlotsBusy      int           // worker slots held
	BlockingInUse  int           // SpawnBlocking tasks running
	LongestRun     time.Duration // longest time a task held its slot without a suspension point
	Spawned        uint64        // tasks ever spawned (Run's root tasks included)
	Completed      uint64        // tasks ever finished
}

// slotRec records the task holding a worker slot and its run (see
// Runtime.holder). It is padded to a cache line so slots do not share one.
type slotRec struct {
	start atomic.Int64         // coarse start of the latest run
	task  atomic.Pointer[task] // its task, the holder while its word says so
	ends  uint32               // runs ended on the slot; only its holder touches it
	_     [44]byte
}

// A Runtime runs tasks on a bounded number of worker slots.
type Runtime struct {
	cfg  config
	recs []slotRec
	pool chan struct{} // blocking pool places

	// The slot scheduler: free slots, and the FIFO queue of tasks waiting
	// for one, fresh (not started) or suspended.
	freeBits  []atomic.Uint64 // bit s%64 of word s/64: slot s is free
	smu       sync.Mutex      // guards the queue
	qbuf      []*task         // the queue: a ring of qn tasks from qhead
	qhead, qn int
	qlen      atomic.Int64
	leases    atomic.Bool // slots may be on lease; see stealLease

	// Tasks started, plus closedBit once closed; a task's ID is the count
	// it made. Tasks finished. Their difference is the live tasks.
	started  atomic.Uint64
	finished atomic.Uint64
	drained  chan struct{}
	drainMu  sync.Once

	now          atomic.Int64 // the coarse clock: nanotime as of the last tick
	clockOn      atomic.Bool  // the clock goroutine runs
	clockWG      sync.WaitGroup
	clockMu      sync.Mutex
	clockSrc     tickSource // the clock goroutine's; guarded by clockMu
	clockStopped bool       // by Close once drained; guarded by clockMu

	poolWait   atomic.Int64 // SpawnBlocking tasks waiting for a place
	inPlace    atomic.Int64
	blockingIn atomic.Int64
	longest    atomic.Int64

	reg [regShards]regShard // tasks not linked to a parent task

	closeOnce   sync.Once
	monitorStop chan struct{}
	monitorDone chan struct{}
}

const closedBit = 1 << 62

const regShards = 16

type regShard struct {
	mu sync.Mutex
	m  map[*task]func() bool // the task, and the stop of its AfterFunc on a foreign parent
	_  [48]byte
}

var epoch = time.Now()

// nanotime is a monotonic clock that never reads 0.
func nanotime() int64 { return int64(time.Since(epoch)) + 1 }

// New returns a runtime configured by opts.
func New(opts ...Option) *Runtime {
	cfg := config{workers: goruntime.GOMAXPROCS(0), blocking: 512}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.panicHandler == nil {
		cfg.panicHandler = defaultPanicHandler
	}
	rt := &Runtime{
		cfg:      cfg,
		freeBits: make([]atomic.Uint64, (cfg.workers+63)/64),
		recs:     make([]slotRec, cfg.workers),
		pool:     make(chan struct{}, cfg.blocking),
		drained:  make(chan struct{}),
	}
	for s := int32(0); s < int32(cfg.workers); s++ {
		rt.putFree(s)
	}
	if cfg.detectReport != nil {
		rt.monitorStop = make(chan struct{})
		rt.monitorDone = make(chan struct{})
		go rt.monitor()
	}
	return rt
}

func defaultPanicHandler(p *PanicError) {
	log.Printf("runtime: detached task panicked: %v\n%s", p.Value, p.Stack)
}

// FromContext returns the runtime carried by ctx, if any.
func FromContext(ctx context.Context) (*Runtime, bool) {
	if t := taskOf(ctx); t != nil {
		return t.rt, true
	}
	return nil, false
}

// addLive counts a new task and returns its ID; it fails, returning 0,
// once the runtime is closed.
func (rt *Runtime) addLive() uint64 {
	id := rt.started.Add(1)
	if id&closedBit != 0 {
		rt.doneLive() // counted as started and finished
		return 0
	}
	return id
}

// doneLive counts a finished task. Whoever finds, after Close, as many
// tasks finished as started, the closing or the finishing, closes drained.
func (rt *Runtime) doneLive() {
	n := rt.finished.Add(1)
	if s := rt.started.Load(); s&closedBit != 0 && s&^closedBit == n {
		rt.drainMu.Do(func() { close(rt.drained) })
	}
}

func (rt *Runtime) closed() bool { return rt.started.Load()&closedBit != 0 }

// Run runs f as a root task, on the calling goroutine once it holds a
// slot, and returns when f and every task spawned under it, transitively,
// that was not detached have finished. It returns f's error, or a
// *PanicError if f panicked, or ErrClosed if the runtime is closed. The
// root task's context derives from ctx. Called from a task, Run suspends
// that task while it waits. If f calls runtime.Goexit, the root task ends
// and the calling goroutine exits without waiting. It panics if f is nil.
func (rt *Runtime) Run(ctx context.Context, f func(ctx context.Context) error) error {
	if f == nil {
		panic("runtime: Run of nil function")
	}
	if ctx == nil {
		panic("runtime: Run with nil Context")
	}
	id := rt.addLive()
	if id == 0 {
		return ErrClosed
	}
	caller := suspend(ctx)
	defer caller.resume()

	sc := &scope{done: make(chan struct{})}
	sc.pending.Store(1)
	t := &task{}
	rt.initTask(t, ctx, nil, sc, funcPC(f), id)
	rt.acquireSlot(t)
	var err error
	normal := false
	func() {
		defer func() {
			if !normal {
				err = recoverError(recover())
			}
			// Also runs if f calls runtime.Goexit, which then goes on
			// to end the calling goroutine.
			t.release(false)
			pe, _ := err.(*PanicError)
			t.finish(pe).release()
		}()
		err = f(t)
		normal = true
	}()
	<-sc.done
	return err
}

// Close cancels every task left, detached ones too, and waits for all of
// them to finish; tasks still queued for a slot run, with their context
// cancelled. Spawn and Run fail with ErrClosed afterwards. Close is
// idempotent; every call waits. It must not be called from a task of rt,
// which would wait for itself.
func (rt *Runtime) Close() {
	rt.closeOnce.Do(func() {
		if rt.started.Or(closedBit) == rt.finished.Load() {
			rt.drainMu.Do(func() { close(rt.drained) })
		}
		for i := range rt.reg {
			sh := &rt.reg[i]
			sh.mu.Lock()
			ts := make([]*task, 0, len(sh.m))
			for t := range sh.m {
				ts = append(ts, t)
			}
			sh.mu.Unlock()
			for _, t := range ts {
				t.cancel(context.Canceled)
			}
		}
		<-rt.drained
		rt.stopClock()
		if rt.monitorStop != nil {
			close(rt.monitorStop)
			<-rt.monitorDone
		}
	})
	<-rt.drained
	rt.clockWG.Wait()
	if rt.monitorDone != nil {
		<-rt.monitorDone
	}
}

// Stats returns a snapshot of the runtime's figures.
func (rt *Runtime) Stats() Stats {
	now := nanotime()
	longest := rt.longest.Load()
	busy := 0
	for i := range rt.recs {
		if t, _, start := rt.holder(i); t != nil {
			busy++
			if d := now - start; d > longest {
				longest = d
			}
		}
	}
	completed := rt.finished.Load()
	spawned := rt.started.Load() &^ closedBit // after: not below completed
	live := int(spawned - completed)
	runnable := int(rt.qlen.Load() + rt.poolWait.Load())
	blocking := int(rt.blockingIn.Load())
	running := busy + blocking + int(rt.inPlace.Load())
	susp := live - running - runnable
	if susp < 0 {
		susp = 0
	}
	return Stats{
		Workers:        rt.cfg.workers,
		TasksLive:      live,
		TasksRunning:   running,
		TasksSuspended: susp,
		TasksRunnable:  runnable,
		SlotsBusy:      busy,
		BlockingInUse:  blocking,
		LongestRun:     time.Duration(longest),
		Spawned:        spawned,
		Completed:      completed,
	}
}

// monitor is the blocking detector's goroutine.
func (rt *Runtime) monitor() {
	defer close(rt.monitorDone)
	th := rt.cfg.detectThreshold
	period := th / 4
	if period < 500*time.Microsecond {
		period = 500 * time.Microsecond
	}
	if period > 100*time.Millisecond {
		period = 100 * time.Millisecond
	}
	type run struct {
		t     *task
		w     uint64
		start int64
	}
	// A run's start is the coarse clock's, which is late if the clock
	// goroutine is; the run also began after the last tick at which the
	// monitor did not see it, which bounds how long it has been held.
	type seen struct {
		r      run
		before int64 // the last tick the slot did not show r
	}
	reported := make([]run, len(rt.recs))
	slots := make([]seen, len(rt.recs))
	tick := time.NewTicker(period)
	defer tick.Stop()
	last := nanotime()
	for {
		select {
		case <-rt.monitorStop:
			return
		case <-tick.C:
		}
		now := nanotime()
		for i := range rt.recs {
			t, w, start := rt.holder(i)
			r := run{t, w, start}
			if slots[i].r != r {
				slots[i] = seen{r, last}
			}
			if t == nil || reported[i] == r {
				continue
			}
			held := time.Duration(now - start)
			if b := time.Duration(now - slots[i].before); b < held {
				held = b
			}
			if held > th {
				reported[i] = r
				rt.cfg.detectReport(BlockingReport{TaskID: t.id, Held: held, Name: funcName(t.pc)})
			}
		}
		last = now
	}
}

func funcName(pc uintptr) string {
	if f := goruntime.FuncForPC(pc); f != nil {
		return f.Name()
	}
	return ""
}
