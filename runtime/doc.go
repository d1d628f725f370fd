// Package runtime is an asynchronous task runtime in the manner of tokio:
// tasks run on a bounded number of worker slots and give their slot back
// whenever they wait.
//
// # SYNOPSIS
//
//	rt := runtime.New(runtime.WithWorkers(4))
//	defer rt.Close()
//	err := rt.Run(ctx, func(ctx context.Context) error {
//		t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
//			return 42, nil
//		})
//		v, err := t.Await(ctx)
//		...
//	})
//
// # DESCRIPTION
//
// A Runtime runs tasks on a bounded number of worker slots (WithWorkers,
// default GOMAXPROCS). Each task runs on a goroutine of its own and must
// hold a slot to run. It holds its slot while it runs and gives it back at
// every suspension point, taking one again before it goes on. Tasks
// waiting for a slot, new or resuming, are served in FIFO order. The
// suspension points are:
//
//	Task.Await, JoinSet.Next, JoinSet.Wait, JoinSet.Shutdown,
//	Sleep, Yield, Timeout,
//	Mutex.Lock, RWMutex.Lock, RWMutex.RLock, Semaphore.Acquire,
//	Chan.Send, Chan.Recv (when they have to wait),
//	Runtime.Run called from a task, and BlockInPlace (for its duration).
//
// Anything that blocks without suspending — time.Sleep, a contended
// sync.Mutex, a raw channel operation, I/O, a long computation — keeps its
// slot and starves every other task. Such work belongs in SpawnBlocking,
// which runs it on a separate pool (WithBlockingPool, default 512) holding
// no slot, or inside BlockInPlace, which gives the slot back while it runs.
// WithBlockingDetector reports the tasks that hold a slot too long, and
// Stats.LongestRun the longest time one did.
//
// A suspension point finds the calling task through the context it is
// given: it must be called from that task's own goroutine, with the task's
// context or one derived from it. Called with a context that carries no
// task, from any goroutine, it just waits.
//
// # TASKS AND CONTEXTS
//
// Run starts a root task. Every task gets a context.Context that carries
// the runtime and the task. Spawn starts the new task in the runtime its
// context argument carries (FromContext reports it), and the new task's
// context derives from that argument: it has its values and deadline, and
// is cancelled when it is, when Task.Cancel is called, or when the runtime
// is closed. Unlike a context.WithCancel context it is not cancelled when
// its task returns, so a task may outlive the task that spawned it, and
// cancelling a task still reaches the tasks it spawned after it returned.
// Cancellation is the context's: a cancelled task still has to notice and
// return. A wait at a suspension point ends when the context given to it
// ends.
//
// A task is joined by awaiting its handle (Task.Await) or through the
// JoinSet it was spawned in, or explicitly detached (Task.Detach). Run
// returns only when its function and every task spawned under it,
// transitively, that was not detached have finished. Tasks that a detached
// task spawns are not waited for by Run either. Completion of a task
// happens-before the return of whoever awaits it.
//
// A panic in a task is caught and returned, as a *PanicError holding the
// value and the stack, to whoever joins the task; the panic of a detached
// task goes to the panic handler (WithPanicHandler; by default it is
// logged). A task whose function calls runtime.Goexit ends with an error.
//
// # EDGE CASES
//
//   - A nil function given to Spawn, SpawnBlocking, JoinSet.Spawn, Timeout,
//     BlockInPlace or Run panics at the call, as a go statement does; so
//     does a nil context.
//   - Spawn with a context that carries no runtime returns a task already
//     finished with ErrNoRuntime. After Close, Spawn returns a task already
//     finished with ErrClosed, and Run returns ErrClosed.
//   - WithWorkers(n) and WithBlockingPool(n) with n < 1, NewChan with a
//     negative capacity, NewSemaphore with a negative size, a negative
//     semaphore weight and Semaphore.Acquire of more than the semaphore's
//     size (it could never succeed) panic.
//   - Unlocking an unlocked Mutex or RWMutex, releasing more of a Semaphore
//     than is held and closing a closed Chan panic, like their std
//     counterparts. Send on a closed Chan returns ErrClosedChan; Recv on a
//     closed, drained Chan returns the zero value and ErrClosedChan.
//   - Task.Await returns ctx.Err() if its context ends first; the task
//     keeps running. A task awaiting its own handle, or Await on a Task not
//     made by Spawn, returns an error at once.
//   - JoinSet.Wait, on the first task error, cancels the other tasks,
//     waits for them, discards their results and returns that error with
//     the results collected before it (errgroup.WithContext style).
//   - JoinSet.Shutdown cancels all the set's tasks, and any spawned into it
//     meanwhile, and returns only once all have finished, whatever its
//     context does.
//   - Timeout returns context.DeadlineExceeded when the deadline passes
//     first; the task, cancelled, is left to finish on its own (Run still
//     waits for it) and its result is discarded.
//   - Close cancels everything left, detached tasks too, lets the tasks
//     still queued for a slot run with their context cancelled, waits for
//     all of them, and leaves no goroutine of the runtime behind. It is
//     idempotent. It must not be called from one of the runtime's tasks.
//
// # FIGURES
//
// Runtime.Stats reports the slots and the tasks (live, running, suspended,
// runnable), the blocking pool in use, the number of tasks spawned and
// completed, and LongestRun, the longest time a task held its slot between
// two suspension points (runs in progress included).
//
// Runs are timed with a coarse clock, so that switching tasks reads no
// clock: while any slot is held, a goroutine of the runtime advances it
// every millisecond (and stops when no slot has been held for a few
// milliseconds). On Linux that goroutine waits for an OS timer (a timerfd)
// through the poller, not for a Go timer: a pending Go timer would make
// every goroutine switch on its P read the clock. The poller wakes it at
// once when a P is idle, and within about 10 ms when every P is busy; so
// every 64th run that ends on a slot also reads the clock, and moves the
// coarse clock on if it lags a tick or more. A run's start is the clock's
// value when it began, at most a tick (1 ms; more if the machine is so
// loaded that neither the clock goroutine nor the tasks get to advance
// it) before the true start, and a run that lasts past a tick reads the
// exact time at its end. So LongestRun is never below the true
// figure and at most about a millisecond above it, and a run that ends in
// the tick it began in, shorter than a millisecond, counts as 0. The
// blocking detector's Held is never below the true figure either, and at
// most a tick or one of its own periods above it, whichever is less: a
// run also began after the last check that did not see it.
//
// # COST
//
// A task parked at a suspension point costs its goroutine (a 2 KB stack
// at least) and about 1.1 KB of heap: some 3.3 KB in all. A new task that
// finds no free slot gets no goroutine until it gets a slot, and a task
// that finishes runs the next such task on its own goroutine.
package runtime
