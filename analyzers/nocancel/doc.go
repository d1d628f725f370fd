// Package nocancel defines an Analyzer that reports work that cannot be
// cancelled although a context is at hand.
//
// # Analyzer nocancel
//
// nocancel: report waits and calls that ignore the ctx in scope
//
// Every long-running operation should respond to cancellation promptly:
// that is what the context.Context a function receives is for. This check
// reports, in a function that has a ctx parameter (or inside a function
// literal that sees one):
//
//   - a broken chain: context.Background() or context.TODO() passed where
//     a callee takes a context. The callee, and whatever it starts, can no
//     longer be cancelled by the caller's ctx. Spawning a runtime task so
//     is worse: the runtime travels in the context, so the task gets
//     neither it nor the cancellation, and fails with ErrNoRuntime. The
//     suggested fix passes the ctx in scope. A task meant to outlive its
//     parent says so with context.WithoutCancel(ctx), which is not reported.
//
//   - a chain broken one call away, or further: a call, with ctx in
//     scope, of a function that takes no ctx but runs work under
//     context.Background() or TODO() (it hands a root context straight
//     to a callee that may block, suspend or spawn, directly or through
//     calls, in any package: passes/ctxroot carries it as a fact). The
//     chain breaks here, where the ctx stops being handed on, so that is
//     where it is reported, once per such callee in the package (the
//     message counts the other calls), and not at every function along
//     the chain; the package's own functions that take no ctx and reach
//     the same root are one mistake (hand a ctx down to the root) and
//     are reported once, at the first call. A chain that ends in
//     context.TODO() is not reported below: in a function with no ctx to
//     pass, TODO is the marker the context package defines for "not yet
//     extended to take a Context", and the author has written the gap
//     down already (a TODO passed with a ctx in scope is still
//     reported, at the TODO). The fix names the callee's ctx variant (FooContext, FooCtx,
//     FooWithContext) when it has one. A function that derives its own
//     context from the root first (context.WithTimeout(context.Background(),
//     d): a Close that gives itself five seconds) has chosen its own
//     lifetime and does not count; neither does a root given to a quick
//     call that waits for nothing (slog's Logger.Enabled).
//
//   - an endless loop in a task or goroutine body that has a ctx (its own
//     parameter, or its starter's for a literal) and never observes it:
//     for {} or for range ticker.C, with nothing in the body that leaves
//     the loop (return, break, goto, panic, a call that never returns)
//     and nothing that may observe cancellation (a call given a context,
//     ctx.Err() or ctx.Done(), any select or channel receive, since a
//     done or stop channel plays ctx.Done()'s part). Reported once per
//     loop.
//
//   - time.Sleep, which waits whatever ctx says, when the wait is worth
//     cancelling: not a constant sleep of a second or less in a loop
//     that observes ctx every time round (ctx.Err(), ctx.Done(): a poll,
//     which notices cancellation within one interval), nor in a loop
//     that, every time round before the sleep, makes a call given ctx
//     (or a context derived from it, WithTimeout or WithValue, not
//     WithoutCancel) and leaves the loop on its error (st, err :=
//     c.StatusWithContext(ctx, id); if err != nil { return err }: once
//     ctx is done the call fails, and the poll ends), and not a
//     constant sleep in a _test.go file (fixed test timing), nor a
//     constant sleep of a second or less in a program (package main: its
//     ctx is its own, a signal or a timeout, with no caller whose
//     cancellation the sleep ignores, and it reacts within the second;
//     an example's pacing), nor a sleep that runs only when ctx cannot
//     be cancelled (under if ctx.Done() == nil, or after an if
//     ctx.Done() != nil whose body selects on it and always leaves);
//     the same for
//     a receive from time.After alone (for ; ctx.Err() == nil;
//     <-time.After(time.Millisecond) is such a poll). A longer or
//     computed sleep (a backoff), or one in a loop that never looks at
//     ctx, is reported; so is a poll that drops the call's error, goes
//     round again on it (log and continue), leaves only on some errors
//     (if err != nil && !retryable(err)), or checks it only on some
//     paths to the sleep. The suggested fix waits in a select on
//     ctx.Done() and time.After, and leaves when ctx is done: return
//     ctx.Err() in a function that returns just an error, return in one
//     that returns nothing; elsewhere there is no fix. (Inside a runtime
//     task body blockingcall reports it already, with its fix
//     runtime.Sleep.) A context.WithTimeout(context.Background(), d)
//     written with a ctx in scope is a lifetime of its own, as one call
//     away, and is not a broken chain.
//
//   - a receive from time.After alone (<-time.After(d)), the same sleep.
//
//   - a send on a channel the function was given, outside a select: its
//     receiver is typically a caller that stops receiving once ctx is
//     done, and the send then blocks forever. Select on ctx.Done() too.
//     Not when the package's channel flow shows that no receiver can
//     stop early (every receive of the channel is a bare receive or a
//     range, none a select case: a fan-in that collects one result per
//     goroutine it started), or that the send has room.
//
//   - http.NewRequest, which builds a request that ignores ctx; the fix
//     is http.NewRequestWithContext(ctx, ...). A request that meets ctx
//     later in one call (req.WithContext(ctx), or a helper given both)
//     runs under it after all, and is not reported.
//
//   - stop and done channels play the role of ctx.Done(): a goroutine
//     that watches one in a select (case <-s.stop: return) and then
//     blocks in a bare send, in the select's default arm or after it,
//     on a channel whose receiver leaves by its own stop case (every
//     receive of the channel is a case of such a select: the channel
//     flow proves it), and does not close the channel as it leaves.
//     Put the send in the select with the stop case. A sender that
//     watches nothing is taskleak's abandoned partner.
//     A buffered send in a loop that waits for the reply to each value
//     before sending again (the value is made in the loop and carries
//     the channel the reply comes back on) always finds room, and is
//     not reported.
//
//   - a cancel func stored in an unexported field that nothing in the
//     package reads (vet's lostcancel across a field), reported at the
//     call that made it (a func also called, deferred or captured where
//     it was made is not lost: the field holds a copy); and a return that
//     drops a value owning one (a package function started work and
//     returned a value whose unexported field holds the cancel func of
//     the work's context) without using it. Not a return under if err
//     != nil for a constructor that gives a nil value with every error:
//     there is nothing to stop.
//
//   - the timer stop-and-drain idiom, if !t.Stop() { <-t.C }, in a loop
//     that also receives from t.C before it: when that receive took the
//     value, Stop reports false and the drain blocks forever. Remember
//     that the timer fired, and drain only if it did not. Only a path
//     from the receive to the Stop counts: a receive whose every path
//     re-arms the timer (t.Reset) before the Stop, or ends (a return,
//     t.Fatal), leaves a Stop that reports false with the new value in
//     t.C, and is not reported. (These three need no ctx in scope.)
//
//   - the context errgroup.WithContext derives, thrown away with _: the
//     group's goroutines then cannot see that one of them failed. vet's
//     lostcancel reports a cancel func that is dropped; this is the case
//     it does not see, since errgroup keeps the cancel func itself.
//
// For example:
//
//	// WRONG
//	func refresh(ctx context.Context, c *Cache) error {
//		t := runtime.Spawn(context.Background(), c.reload) // "task spawned with context.Background() gets neither the runtime nor the cancellation of ctx (cache.go:12) (it fails with ErrNoRuntime); pass ctx, ..."
//		...
//	}
//
//	// RIGHT
//	func refresh(ctx context.Context, c *Cache) error {
//		t := runtime.Spawn(ctx, c.reload)
//		...
//	}
//
// and, for a chain broken further down:
//
//	// WRONG
//	func (c *Client) Get(key string) (string, error) { return c.GetContext(context.Background(), key) }
//
//	func handle(ctx context.Context, c *Client) {
//		v, err := c.Get("k") // "ctx (h.go:3) cannot cancel the work under this call: (*Client).Get calls (*Client).GetContext with context.Background() (c.go:1); call (*Client).GetContext(ctx, ...) instead"
//		...
//	}
//
//	// RIGHT
//	func handle(ctx context.Context, c *Client) {
//		v, err := c.GetContext(ctx, "k")
//		...
//	}
//
// "A ctx in scope" means a parameter of type context.Context of the
// function, still visible under its name at the call, or of an enclosing
// function when the literal runs in place (called on the spot or
// deferred; not a go statement). A callback stored for later (a handler,
// a hook) or a goroutine may run after the encloser's ctx is done, so its
// own Background is not reported. Neither kind of broken chain is
// reported in a _test.go file: a test that decouples from its ctx does
// so on purpose (a hook that must outlive a cancellation), and a chain
// broken in the code under test is that code's to fix, reported at its
// own callers. A context made locally (t.Context()
// in a test, Background in main) is not one: main, init and tests are therefore only checked where they
// take a ctx parameter. Only the direct argument is checked: a Background
// stored in a variable first is not followed.
//
// Other raw channel operations are not reported: a receive from a
// channel the function was given usually ends when its producer closes
// it, a channel the function made is paired with a goroutine in view
// (taskleak's business), and a select with a stop channel but no
// ctx.Done() case is as cancellable. Neither are loops with a condition
// that ctx never affects (for i := 0; i < n; i++ that does work): they
// end, and whether they end soon enough is not a static question.
//
// When ignoring the ctx is right, say why:
//
//	//lint:ignore nocancel the flush must finish even when the request is cancelled
package nocancel
