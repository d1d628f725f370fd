// Package taskleak defines an Analyzer that reports spawned tasks and join
// sets that nobody joins.
//
// # Analyzer taskleak
//
// taskleak: report tasks and join sets that are not joined on every path
//
// A task is joined when it is awaited (its result and error, or its panic,
// reach someone) or explicitly detached. A task that is neither keeps
// running after the code that started it has moved on: its failure is
// lost, its work may outlive the data it uses, and Runtime.Run waits for
// it at the very end, far from the mistake. This check reports:
//
//   - a Spawn or SpawnBlocking whose handle is discarded, as a statement
//     or assigned to _ (directly, or t := runtime.Spawn(...) with t used
//     only in _ = t, which silences the compiler and joins nothing);
//
//   - a handle stored in a local variable and not used on some path from
//     the spawn to a return (an early return counts);
//
//   - handles appended to a local slice (s = append(s, runtime.Spawn(...)))
//     that nothing reads: no use of the slice but the appends and len;
//
//   - a JoinSet that tasks are spawned into and that is neither waited
//     (Wait, Next) nor shut down on some path to a return.
//
// For example:
//
//	// WRONG
//	t := runtime.Spawn(ctx, fetch) // "task t is not joined on every path: the return at a.go:14 leaves it running (await it, or Detach it)"
//	if cached {
//		return cache, nil
//	}
//	return t.Await(ctx)
//
//	// RIGHT
//	t := runtime.Spawn(ctx, fetch)
//	if cached {
//		t.Cancel()
//		_, _ = t.Await(ctx) // or t.Detach(), to say it may run on
//		return cache, nil
//	}
//	return t.Await(ctx)
//
// Any use of the handle other than Cancel and ID counts as joining it:
// Await, Detach, Done, and every way the handle escapes (returned, passed
// to a function, stored in a field or a slice, sent on a channel, captured
// by a closure). Precision comes first: a handle that escapes may well be
// joined elsewhere, so it is not reported, even if nobody does. Likewise
// for a join set: any use but Spawn counts (Len too: a loop of Next while
// Len() > 0 joins every task), and a deferred Wait or Shutdown covers
// every path.
//
// In plain Go it reports the goroutine leak the Go bug studies count most,
// an abandoned sender: a goroutine sends its result on an unbuffered
// channel, and the function that started it waits in a select that can
// leave by another case (ctx.Done(), a timeout) without receiving. The
// goroutine then blocks on its send forever. It is reported at the go
// statement, with the send, the select and the case that leaves; the
// suggested fix gives the channel room for the value.
//
//	// WRONG
//	ch := make(chan int)
//	go func() { ch <- compute() }() // "goroutine may block forever sending on ch (line 2): the select at line 3 can leave by its case at line 5 without receiving; make ch buffered with room for the value"
//	select {
//	case v := <-ch:
//		return v, nil
//	case <-ctx.Done():
//		return 0, ctx.Err()
//	}
//
//	// RIGHT
//	ch := make(chan int, 1)
//
// The shape is matched narrowly, for precision: the channel is made
// unbuffered in the function and used only by that go statement's
// literal (which sends outside any select) and by the one select (not
// closed, passed, stored or received from elsewhere). A case that ends
// in a call that never returns (t.Fatal, log.Fatal, panic) is not
// reported: the test or the program is over. Nor is, in a _test.go file,
// a case that fails the test (t.Error, tb.Errorf, itself or through a
// function of the package, or by returning an error for its caller to
// fail on): the test fails, and the goroutine goes with it. A test helper
// that times out and goes on without failing is reported.
//
// It also reports a goroutine that waits on a channel nobody will ever
// send to or close: the channel is made in the function, a go
// statement's literal receives from it or ranges over it (outside a
// select), and no code that can see the channel sends on it, closes it
// or lets it escape.
//
// A range over a channel ends only when the channel is closed. On a
// channel the function makes and keeps in view (used only by it and its
// go statements' literals), it reports:
//
//   - a goroutine that ranges over the channel, when the function closes
//     it on some paths but can return on another without closing it (the
//     goroutine leaks), or nothing closes it at all;
//
//   - a range in the function itself, when the one goroutine that closes
//     the channel can return early without closing it (the function
//     hangs), or nothing closes it at all;
//
//   - a reply that may never come: the function receives once from the
//     channel (a bare receive, not in a loop or a select), the one
//     goroutine that sends on it (started once, not in a loop) closes it
//     nowhere, and it can return without sending (an error path that
//     returns in silence): the function waits forever. A path that
//     panics or ends the program is not silent;
//
//   - a reply nobody takes: the one goroutine that sends on an
//     unbuffered channel the function makes sends once, outside a select,
//     and the function, the only receiver, can return after starting it
//     without receiving (an early error return before <-errc): the send
//     blocks forever. Give the channel room for the value (make(chan
//     error, 1)) or receive on every path;
//
//   - a signal that may never come: a goroutine waits in a bare receive
//     for the one send or close the function makes, and the function can
//     return after starting it without making it (a start signal skipped
//     by an early error return).
//
// For example:
//
//	// WRONG
//	go func() { // "the range over ch at line 9 never ends if this goroutine returns at line 4 without closing ch; close it on every path (defer close(ch))"
//		for _, x := range xs {
//			if x < 0 {
//				return
//			}
//			ch <- x
//		}
//		close(ch)
//	}()
//	for v := range ch { ... }
//
//	// RIGHT
//	go func() {
//		defer close(ch)
//		...
//
//	// WRONG
//	go func() { // "the receive from res at line 8 waits forever if this goroutine returns at line 5 without sending on res or closing it; send on every path, or close res"
//		b, err := load(path)
//		if err != nil {
//			return
//		}
//		res <- b
//	}()
//	return <-res
//
// A range whose body can leave the loop (a return, a break) is not
// waiting for the close, and a main function's goroutines end with the
// program: neither is reported.
//
// On the channel flow (passes/chanflow: a channel followed through
// fields, parameters, go statements' arguments and helpers' results, with
// every operation on it, when no code outside the package can use it),
// it reports the goroutine leaks the Go bug studies count most:
//
//   - an abandoned partner: a bare send on an unbuffered channel (or, in
//     a loop, on a buffered one) whose every receive is a case of a
//     select that can leave for good by another case (a stop channel,
//     ctx.Done(), a timeout) — the server loop that returns on stop while
//     a client sends its request (a sender that itself watches a stop
//     signal is nocancel's to report). Not when the function of that
//     select closes the channel whenever it leaves by that case (defer
//     close(ch) before the select, or close(ch) in the case before it
//     returns): the close wakes the sender, which panics, and may
//     recover (chanclose's business). A close on some exits only, a
//     close by the sender, or a close of another channel does not
//     count. A leaving case on a channel the sender itself sends on
//     (its error on errc, its value on res) leaves nobody behind when
//     one goroutine sends; when goroutines started in a loop do, the
//     first error leaves the others blocked on res;
//
//   - a receiver that stops early: several goroutines send once each (a
//     go statement in a loop, two go statements) and the receiver takes
//     one value, or receives in a loop that a return or break can leave
//     before it has taken them all (the first error returned); or one
//     goroutine sends in a loop and closes the channel after it, and the
//     range over it can return or break before the close; a generator
//     that makes the channel, starts its producer and returns the
//     channel counts as its caller's (for v := range lines(n) { if ...
//     { return v } }). A drain after
//     the loop, room for every value, an exit that is the comma-ok close
//     test, or an exit after t.Fatal is not reported, nor are receivers
//     started in a loop (another may take the rest), nor a channel its
//     receiving side closes (the senders panic: chanclose reports it):
//
//     // WRONG
//     for range jobs { if err := <-errc; err != nil { return err } } // "send on errc blocks forever once its receiver stops: ..."
//
//     // RIGHT
//     errc := make(chan error, len(jobs))
//
//     // WRONG
//     func (s *Server) Incr(k string) { s.reqs <- k } // "send on Server.reqs blocks forever once its receiver leaves: the select at s.go:30 stops receiving by its case <-s.stop (line 33); ..."
//
//     // RIGHT
//     select {
//     case s.reqs <- k:
//     case <-s.done:
//     }
//
//     A select in a _test.go file that stops waiting is a test failing
//     or over: it is not reported.
//
//   - a wait nothing can end: a bare receive or range on a channel that
//     nothing in the package sends on or closes (a done channel a worker
//     forgets, a status channel nobody closes), or such a receive as the
//     only way out of a goroutine's endless select loop (Stop closes
//     another channel than the one the loop watches): the goroutine never
//     stops. Likewise a goroutine's range over a channel field that the
//     package sends on but never closes, when it closes another channel
//     field of the same type (a pool's Close that closes done and
//     forgets the work channel the workers range over), and the range's
//     body cannot leave it. A select case on such a channel is no way out for the
//     abandoned-partner proof either; a channel sent over
//     another channel, by a bare send or in a select's case, is fed
//     wherever it goes and is not reported;
//
//   - a dropped helper channel: a call, as a statement, of a function that
//     returns a channel it makes and that a goroutine it starts sends on;
//     or such a call whose result is received from once (return
//     <-watch(keys)) when the goroutine sends in a loop: after the one
//     value, its next send waits forever;
//
//   - a send before any receiver: a send on a channel just made, before
//     it is handed to anyone, beyond its capacity; and sends on a field's
//     channel that fill its buffer before the function starts the only
//     goroutine that drains it.
//
//   - a drain that receives again: a bare receive in a loop over every
//     channel of a slice (a field's, or one the function holds) when each
//     channel carries one value (made for one goroutine that sends on it
//     once, and never closed) and another receive from the same slice can
//     run first: the cleanup, started when ctx ends, that drains every
//     channel, the ones already received from too, waits on those for a
//     second value that never comes;
//
//     // WRONG
//     for _, ch := range m.waiting {
//     <-ch // "receive from Mirrors.waiting[] blocks forever on a channel already received from at m.go:33: ..."
//     }
//
//     // RIGHT: drain only the channels not yet received
//     for _, ch := range m.waiting[next:] {
//     <-ch
//     }
//
//     A loop that skips some channels (a flag per channel), a reslice,
//     and channels their senders close are not reported. Channels reach
//     a slice by index (s[i] = ch), by append, and by storing or
//     reslicing a slice that holds them.
//
// A worker that sends on the channel it ranges over for its work is
// reported at the send: when every worker sends at once, or the buffer is
// full, none is left to receive. Only a range counts as taking work: a
// receive then a send on the same channel is a token handed on, a send
// then a receive a semaphore, and both are fine.
//
// With -taskleak.background, it also reports a background loop with no
// way to stop: a for {} or a range over a Ticker's channel, in a
// goroutine or task body that has no ctx, with nothing in it that leaves
// the loop and nothing that could stop it (a receive, a select, a call
// given a context). It is off by default: over std, x/tools and x/net,
// its six reports were all deliberate daemons that live as long as the
// program (five of the Go runtime's own collector and finalizer workers,
// and a config refresher in an example), none a bug. Bodies with a ctx
// are nocancel's business; goroutines started by main or init are never
// reported.
//
// The search is lostcancel's: a path, in the function's control-flow
// graph, from the spawn to a return that does not use the variable. Paths
// that end in a call that never returns (log.Fatal, os.Exit, panic) are
// not returns.
//
// Fire-and-forget is fine when said: call Detach. Or, when the report is
// wrong for a reason the check cannot see:
//
//	//lint:ignore taskleak the handle is joined by the cleanup hook registered above
package taskleak
