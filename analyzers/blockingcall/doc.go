// Package blockingcall defines an Analyzer that reports calls that block
// the executor from inside a runtime task.
//
// # Analyzer blockingcall
//
// blockingcall: report blocking calls inside tasks that run on the executor
//
// The runtime runs tasks on a bounded number of worker slots. A task gives
// its slot back at every suspension point (Await, runtime.Sleep, the
// runtime's Mutex, Semaphore and Chan, JoinSet, Yield) and takes it again
// after. A call that waits without suspending (time.Sleep, file or network
// I/O, os/exec, database/sql, a raw channel operation or select,
// sync.WaitGroup.Wait) keeps its slot for the whole wait: with as many
// such tasks as slots, every other task stops. This check reports such a
// call in a task body (a function passed to runtime.Spawn, JoinSet.Spawn,
// Runtime.Run or runtime.Timeout, named functions and method values
// included) and in everything the body calls, through any number of calls
// and packages; the message names the chain.
//
//	// WRONG
//	t := runtime.Spawn(ctx, func(ctx context.Context) (Config, error) {
//		return load("app.conf") // "blocking call inside task: load calls os.ReadFile (config.go:12); use runtime.SpawnBlocking or runtime.BlockInPlace"
//	})
//
//	// RIGHT: run blocking work on the blocking pool
//	t := runtime.SpawnBlocking(ctx, func(ctx context.Context) (Config, error) {
//		return load("app.conf")
//	})
//
//	// RIGHT: or give the slot back for the duration of the call
//	t := runtime.Spawn(ctx, func(ctx context.Context) (cfg Config, err error) {
//		runtime.BlockInPlace(ctx, func() { cfg, err = load("app.conf") })
//		return cfg, err
//	})
//
// For time.Sleep called directly in a task body whose ctx parameter is in
// scope, a suggested fix replaces it with runtime.Sleep(ctx, d).
//
// What blocks is the concurrency model's knowledge (passes/model): time,
// files, the network, os/exec, database/sql, sync.WaitGroup and
// sync.Cond waits, errgroup's Wait, and the channel operations of the
// language. A contended sync.Mutex is not reported here: short critical
// sections are the norm, and holding one across a suspension point is the
// lockawait check's business. Teach the model a function of your own with
// a directive in its doc comment:
//
//	//asynclint:blocking   it blocks in a way the analysis cannot see (cgo, syscalls)
//	//asynclint:suspends   it gives the slot back while it waits; do not report inside it
//
// A select that also waits on ctx.Done() is reported: it can be cancelled,
// but while it waits it still holds the worker slot, which is what starves
// the executor. Use the runtime's Chan, whose Send and Recv suspend.
//
// Not reported, by design: work inside SpawnBlocking and BlockInPlace
// bodies; code never run as a task (plain goroutines, main, handlers);
// calls through interfaces (except those the model names, like
// net.Conn.Read) and through function values, whose callee is not known.
// Precision comes first, so an unknown callee is assumed not to block;
// this misses blocking reached only through dynamic calls.
//
// When the report is wrong (say the channel is always ready), say why
// with a directive on the line or the line before:
//
//	//lint:ignore blockingcall the buffer always has room: one send per slot
package blockingcall
