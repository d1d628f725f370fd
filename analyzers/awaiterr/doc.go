// Package awaiterr defines an Analyzer that reports joins whose error is
// thrown away.
//
// # Analyzer awaiterr
//
// awaiterr: report discarded errors of Await, JoinSet.Wait and Next, and errgroup's Wait
//
// Joining a task is how its failure reaches anyone: the runtime hands a
// task's error, and the panic it recovered from it, to whoever awaits it.
// Discarding that error loses the failure without a trace. It is Go's form
// of the `if let Ok(v) = handle.await` mistake of async Rust. This check
// reports a call to a join that returns an error (Task.Await,
// JoinSet.Next, JoinSet.Wait, Runtime.Run, runtime.Timeout,
// errgroup.Group.Wait; whatever the concurrency model marks as a join)
// when the error is dropped: the call used as a statement (or deferred),
// or its error assigned to the blank identifier.
//
//	// WRONG
//	v, _ := t.Await(ctx) // "error of t.Await is discarded: the task's failure or panic is lost"
//	g.Wait()             // "error of g.Wait is discarded: ..."
//
//	// RIGHT
//	v, err := t.Await(ctx)
//	if err != nil {
//		return err
//	}
//
// An errgroup.Group whose every goroutine, spawned in the same package, is
// a function literal returning nil on every path is a WaitGroup with a
// limit: its Wait cannot fail, and dropping its error is not reported.
// Nor when a return sends the error on a channel right before it
// (errc <- err; return err): the errors are read from the channel. A
// runtime join is reported even then: its error also carries the task's
// panic. One exception: a join of a handle cancelled earlier in the same
// function (t.Cancel(), then _, _ = t.Await(ctx) to be sure the task is
// gone) expects the cancellation's error, and dropping it is the point. A
// deferred Cancel runs after the join and does not count. Nor is a join
// reported when another join of the same receiver in the same function
// checks the error (g.Wait() in the goroutine that closes the results
// channel, then if err := g.Wait() after ranging over it, as in
// errgroup's own example): the error is seen there.
//
// This is a check of its own, not part of taskleak: a joined task whose
// error is dropped is not leaked, and the two are fixed differently.
// errcheck reports these calls too, among every other dropped error; this
// check is the part of it that concurrency code cannot do without.
//
// When dropping the error is right (the task cannot fail, or the error was
// already seen through another path), say why:
//
//	//lint:ignore awaiterr the task only closes a channel and returns nil
package awaiterr
