// Package chanclose defines an Analyzer that reports channels closed
// twice, sent on after they are closed, or closed by their receiver while
// senders still run.
//
// # Analyzer chanclose
//
// chanclose: report channels closed twice, sent on after close, closed by the receiver while senders still run, or never made
//
// A channel must be closed once, by the side that sends, after the last
// send: closing a closed channel panics, and so does a send on a closed
// channel. The check reports the shapes of the Go concurrency-bug
// studies that break that ownership.
//
// A close in a goroutine started in a loop, of a channel that is the same
// for every goroutine: the second goroutine to finish panics.
//
//	// WRONG
//	for _, x := range xs {
//		go func() {
//			work(x)
//			close(done) // "close of done in a goroutine started in a loop (at a.go:16): every goroutine closes the same channel, and the second close panics; close it once, after all of them are done"
//		}()
//	}
//
//	// RIGHT: count them, and close once
//	for _, x := range xs {
//		wg.Add(1)
//		go func() { defer wg.Done(); work(x) }()
//	}
//	go func() { wg.Wait(); close(done) }()
//
// The same holds for a named function started by go in a loop that
// closes the channel it is given (defer close(out) in a worker), in this
// package or another: an exported function that closes a parameter at
// the top of its body carries the fact ("closes out"), and the report is
// then on the go statement ("goroutine started in a loop closes out:
// lib.Worker closes its parameter out (lib.go:6), ...").
//
// A close on a path that already closed: a deferred close and an
// explicit close after it on some path, a close that every path after
// another close of the channel reaches, or a close in a loop body whose
// channel is the same in every iteration.
//
//	// WRONG
//	defer close(out)
//	v, err := work(1)
//	if err != nil {
//		close(out) // "out is closed twice on this path: here, and by the deferred close at a.go:99; the second close panics"
//		return err
//	}
//
// A send that every path after a close of the channel reaches:
//
//	// WRONG: the error path closes and goes on
//	if err != nil {
//		close(out)
//	}
//	out <- v // "send on out after it is closed at a.go:12, on every path: a send on a closed channel panics"
//
// A close by the receiving side while the goroutines it started may
// still send: the function receives from the channel and closes it, with
// no join (WaitGroup.Wait, errgroup's Wait, Await, or a receive from a
// channel the senders close or send on) between the go statement and the
// close, and either
//
//   - a path from the go statement to the close that receives nothing
//     from the channel (the timeout arm of a select), or
//   - several senders (goroutines started in a loop, a goroutine that
//     sends in a loop, or several goroutines), and the close is inside
//     the loop that receives (an early exit on the first error), or
//     follows receives none of which is in a loop (the first result).
//
// The first result, taken by the receiver that then closes:
//
//	// WRONG
//	for _, x := range xs {
//		go func() { results <- work(x) }()
//	}
//	v := <-results
//	close(results) // "close of results by its receiver while the goroutine started at a.go:39 may still send on it (a.go:41): a send on a closed channel panics; let the sender close it, or wait for the senders first"
//
//	// RIGHT: do not close (give the channel room for every send), or
//	// wait for the senders, then close
//
// A close of a channel that is never made: an unexported field of a
// struct type the package builds values of (a literal, new), that
// nothing in the package sets (no assignment, no literal naming it or
// setting the fields by position, no address taken). It is nil in every
// value, and close of a nil channel panics:
//
//	return &Server{jobs: make(chan int)} // quit is never made
//	...
//	close(s.quit) // "close of s.quit panics: nothing in the package sets the field quit, so the channel is nil in every value (close of nil channel); make it where the value is built"
//
// # What is not reported
//
//   - A close under an if, a select or a sync.Once inside the goroutine
//     started in a loop (a flag, a select on the channel or Once.Do may
//     prove it runs once); a channel declared in the goroutine or in the
//     loop body (each goroutine has its own), or assigned in the loop; a
//     loop body that returns, breaks or panics after the go statement.
//   - Two closes on paths a condition may keep apart (if a { close(ch)
//     }; if b && !closed { close(ch) }): the second close must follow the
//     first on every path. A close in a loop under an if, or followed by
//     return or break at the top of the loop body.
//   - A send reached after a close only on some paths: it must follow
//     the close on every path. A reassignment of the channel's variable
//     in between ends the path.
//   - A receiver's close after a loop that receives (it may have counted
//     every send), after a join, or in a function whose senders are not
//     function literals (a named function's sends are not followed).
//     A deferred close is not judged as the receiver's.
//
// Across functions, on the channel flow (passes/chanflow), it reports a
// close of a channel no code outside the package can use, by a function
// that does not send on it, while another function sends on it, when
// the send may come after the close: the closer is the receiving side
// (a consumer goroutine that closes its input), or the sender selects
// on a channel the closer closes too (a Notify that "reports false once
// closed": the select does not protect the send, which panics), or the
// sender is a goroutine whose loop checks a channel the closer closes
// before it sends (select { case <-p.quit: return; default: }; p.out <-
// v, while Close does close(p.quit); close(p.out): the close may come
// between the check and the send; loop and closer methods of one type),
// or the
// sender is a goroutine that never returns (an endless loop that sends:
// any close comes while it still sends). A sender
// merely told not to send after Close, a closer that waits first (a
// Wait, a receive from another channel; its own receives are the
// receiving side's, but for a token channel, whose token it then holds),
// a closer that closes only after it took the value of
// the channel's one send (a deferred close in a goroutine whose every
// return follows its receive of the stop value: the sender is done; one
// loop at a time, restarted only after its last answer was taken) and
// a close and send both under locks are not reported. And a close that runs on every path of a function called
// from two functions, one of them on a goroutine the package starts (a
// shutdown called by the read loop and by Close): both can run, and the
// second close panics; a close inside sync.Once's function is not, nor
// one followed by a new channel in the field (close(b.wakeCh); b.wakeCh
// = make(chan struct{})): each call closes its own. An
// exported method counts as called twice when a goroutine the package
// starts calls it too (a poll loop that calls Stop when a check fails,
// while its users defer Stop): outside a main package, its users may
// call it as well. The same close on every path of a function literal
// started with go and on every path of the function that starts it, on
// one value (go func() { ...; s.close() }(); ...; s.close()), runs twice
// whatever the order.
// In a _test.go file, a close twice or a send after close on one path
// is not reported: it panics the moment the test runs, and a test that
// does so is testing the panic.
//
// # Trade-offs
//
// Precision comes first. A channel is identified by its path from a
// variable (ch, s.ch, s.inner.ch), as locks are: a.done and b.done are
// two channels, even of one type. An assignment to the path or to a path
// it goes through (s.ch = ..., s = ...) makes it another channel. One
// reached through an index, a map, a call or an alias is not tracked by
// the checks within one function (and the goroutines its literals
// start); the checks across functions follow the channel flow.
//
// # Suppressing
//
//	//lint:ignore chanclose only one goroutine reaches this close: the others exit on ctx first
package chanclose
