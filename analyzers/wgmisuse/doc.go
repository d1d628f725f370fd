// Package wgmisuse defines an Analyzer that reports misuse of
// sync.WaitGroup (and, where the same mistake applies, errgroup.Group).
//
// # Analyzer wgmisuse
//
// wgmisuse: report WaitGroup misuse: Add in the goroutine, Done missed or doubled, a count ahead that a loop skips, Wait in the spawning loop or in a counted goroutine
//
// A WaitGroup counts goroutines: Add before starting each, Done when
// each ends, Wait for the count to reach zero. The check reports eight
// ways to break that count.
//
// Add inside the goroutine it counts. Wait may run before the goroutine
// has started and see the count at zero: it returns while work is still
// running (and a later Add may even panic on a reused group).
//
//	// WRONG
//	for _, x := range xs {
//		go func() {
//			if x < 0 {
//				return
//			}
//			wg.Add(1) // "wg.Add inside the goroutine it counts (started at a.go:12; wg.Done at a.go:19): wg.Wait may return before the goroutine runs; call wg.Add before the go statement"
//			work(x)
//			wg.Done()
//		}()
//	}
//	wg.Wait()
//
//	// RIGHT
//	for _, x := range xs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			work(x)
//		}()
//	}
//	wg.Wait()
//
// go vet's waitgroup pass reports an Add that is the first statement of
// a go statement's function literal; this check reports an Add anywhere
// in a goroutine (a literal or a function of the package started by go,
// WaitGroup.Go, errgroup's Go) before the goroutine's own Done, the first
// statement included: run as go vet's tool, asynclint replaces vet's own
// passes, and dropping that case would lose it. Under golangci-lint with
// govet enabled, the first-statement case is reported by both.
//
// Done missed on a path. A goroutine that calls Done explicitly, not
// deferred, and can return without it (an early return on an error, the
// ctx arm of a select) leaves the count above zero: Wait never returns.
//
//	// WRONG
//	go func() {
//		if err := work(x); err != nil {
//			errs <- err
//			return // "the goroutine started at a.go:13 returns here without calling wg.Done (called at a.go:18 on other paths): wg.Wait never returns; defer wg.Done() at its start"
//		}
//		wg.Done()
//	}()
//
//	// RIGHT
//	go func() {
//		defer wg.Done()
//		if err := work(x); err != nil {
//			errs <- err
//			return
//		}
//	}()
//
// No Done at all. A group the function declares, counts with Add and
// waits for, that nothing counts down: no Done anywhere in the function
// or its literals, and the group never handed on (passed, its address or
// a method value taken):
//
//	// WRONG
//	wg.Add(1)
//	go func() { s(msg) }()
//	...
//	wg.Wait() // "wg.Wait never returns: wg.Add at a.go:9 counts goroutines, but nothing calls wg.Done; defer wg.Done() in each goroutine it counts"
//
// Done twice on one path: a deferred Done and an explicit one after it,
// or two explicit Dones where every path from the first reaches the
// second, with no Add of the same group between them. The count goes
// negative: a panic ("sync: negative WaitGroup counter"). A range over a
// Ticker's channel never ends, so the end of such a loop is not a path
// that skips Done. An explicit Done made once a channel is seen closed
// (in the !ok branch of v, ok := <-ch, or after a range over ch), in a
// package that has an Add of the group no go statement follows (Add,
// then ch := startDispatch(in), whose close ends the counted work), is
// the Done of that work, not a second one of the goroutine's own.
//
//	// WRONG
//	defer wg.Done()
//	if err != nil {
//		wg.Done() // "wg.Done is called twice on this path: here, and by the deferred call at a.go:114; the counter goes negative (a panic); remove one"
//		return
//	}
//
// Wait inside the loop that starts the goroutines, when a goroutine
// sends on an unbuffered channel that the function receives from only
// after the loop: the first send blocks until the loop ends, and the
// loop waits for the send. A deadlock.
//
//	// WRONG
//	for _, x := range xs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			results <- x * x
//		}()
//		wg.Wait() // "wg.Wait inside the loop that starts the goroutines it waits for: the goroutine started at a.go:16 sends on results (a.go:18), which is received only after the loop (a.go:23); the send blocks and wg.Wait never returns; call wg.Wait after the loop"
//	}
//	for range xs {
//		sum += <-results
//	}
//
//	// RIGHT: Wait after the loop, in a goroutine that then closes
//	// results, or receive inside the loop.
//
// The same when the goroutine receives (a bare receive or a range, on
// every path, before its Done) from a channel that only the function
// sends on or closes, after the loop: a worker pool waited for in the
// loop that starts it, whose queue is filled and closed after the loop.
//
// The same Wait after an Add before the loop of a count that is not the
// constant 1 (wg.Add(len(xs))), with no Add in the loop: the count is
// for every iteration, and the first Wait waits for goroutines that are
// not started yet. With two or more items it never returns.
//
//	// WRONG
//	wg.Add(len(xs))
//	for _, x := range xs {
//		go func() { defer wg.Done(); work(x) }()
//		wg.Wait() // "wg.Wait inside the loop that starts the goroutines it waits for: wg.Add(len(xs)) at a.go:1 counts every iteration's goroutine before the loop, ..."
//	}
//
// A count for every iteration, before the loop (wg.Add(len(xs)); for _,
// x := range xs), with a continue or a break that skips the go
// statement for some: the skipped ones are counted and never started,
// so nothing counts them down, and Wait never returns.
//
//	// WRONG
//	wg.Add(len(plugins))
//	for _, p := range plugins {
//		if p.disabled {
//			continue // "wg.Add(len(plugins)) at a.go:1 counts a goroutine for every element of plugins, but this continue skips the go statement at a.go:6: nothing counts the skipped ones down and wg.Wait at a.go:11 never returns; call wg.Add(1) just before the go statement"
//		}
//		go func() { defer wg.Done(); p.load() }()
//	}
//	wg.Wait()
//
//	// RIGHT: wg.Add(1) just before the go statement, or wg.Done() where
//	// the element is skipped.
//
// Wait in a goroutine that the same group counts, before its own Done (a
// deferred Done, an explicit Done after the Wait, or a body started by
// the group's Go): the group cannot reach zero while the goroutine
// waits, and the goroutine waits for it. A deadlock.
//
//	// WRONG
//	wg.Add(1)
//	go func() {
//		defer wg.Done()
//		for _, x := range xs {
//			wg.Add(1)
//			go func() { defer wg.Done(); work(x) }()
//		}
//		wg.Wait() // "wg.Wait in a goroutine that wg counts: its deferred wg.Done (a.go:80) runs only after Wait returns; it waits for itself and never returns"
//	}()
//
//	// RIGHT: a group of its own for the children
//
// Done in a callback that a loop calls again and again, while the group
// counts it once: a function value or a value with a method is stored in
// a field or package variable (a Handler, a TickFunc adapter, an on
// func), a loop of the package (a ticker's goroutine, an event loop)
// calls it through that field on every iteration, and the callback calls
// Done on every path. Every Add of the group is a constant 1, outside
// any loop, in the function that registers the callback: one count per
// registration. The first call counts the pending work down; the second
// makes the counter negative: a panic.
//
//	// WRONG
//	t.h = TickFunc(func(now time.Time) {
//		refresh()
//		w.wg.Done() // "w.wg.Done runs each time the loop at ticker.go:30 calls it, but its w.wg.Add(1) at warm.go:21 counts once: the second call makes the counter negative (a panic); guard the Done with a sync.Once, or Add in the loop"
//	})
//	go t.run() // for { select { case now := <-tk.C: t.h.OnTick(now); ... } }
//	w.wg.Add(1)
//
//	// RIGHT
//	t.h = TickFunc(func(now time.Time) {
//		refresh()
//		w.once.Do(w.wg.Done)
//	})
//
// sync.WaitGroup.Go (Go 1.25) does the Add and the deferred Done
// itself: it is the modern form, and right.
//
// # What is not reported
//
//   - An Add in a goroutine that starts goroutines of its own calling
//     Done on the same group (an Add for its children), or that calls
//     Done before the Add.
//   - A missed Done when the goroutine defers a Done on the group, calls
//     Add on it itself, or calls Done in a loop (it counts items, not
//     itself). Anything on the path that may call Done is taken to: a
//     Done on any group (w := &wg; w.Done()), a call given the group or
//     a variable it is reached from (finish(&wg), stop(s)), a call of a
//     function of the package that calls Done on some group itself or
//     through its callees, a method of another package called on such a
//     variable, a function literal that calls Done. Paths that end in
//     panic, os.Exit, log.Fatal or t.Fatal are dead.
//   - Two explicit Dones that are not on every path one after the other
//     (if a { wg.Done() }; if b { wg.Done() } is not judged), and Done
//     twice on a group some Add of which adds a constant above 1 (one
//     goroutine counted twice).
//   - A Wait in a loop that starts goroutines but whose goroutines do not
//     send on such a channel: the goroutines run one at a time, which
//     tests and benchmarks do on purpose. A Wait under an if (every n
//     items), a Wait in an outer loop (batches), a group declared inside
//     the loop, and a buffered channel (or any channel made otherwise,
//     or received from inside the loop) are not reported either.
//   - A continue or break that skips the go statement of a loop counted
//     ahead, when the body before the go statement may call Done (a Done
//     for the skipped element, a call given the group), when the loop
//     holds another Add of the group, or when no Wait of the group
//     follows (after the loop in the function, or for a group in a
//     field, anywhere in the package). A return out of the loop leaves
//     before the Wait.
//   - A Done in a callback that may stop being called: the Done is not
//     on every path of the callback (a flag checked first, a sync.Once);
//     the callback, or a package function it calls or a closure it
//     makes, stores into the field the loop loads it from (unregisters
//     itself), sets a bool outside its own variables, closes a channel,
//     deletes from a map, or calls a method of another package that the
//     model does not know as a lock or group operation (a Ticker's Stop,
//     a cancel); the loop stores into that field or sets such a bool;
//     the loop leaves after the call (a return, a select's other arm
//     only); the callback is one of a list (for _, h := range hs), called
//     once per element; the loop uses a result the callback returns.
//     An adapter (a method of a func type, as http.HandlerFunc) counts
//     when it calls its receiver on every path.
//   - A group with an Add in a loop, an Add of a count other than the
//     constant 1, an Add outside the function that registers the
//     callback (a Submit that counts each job the loop hands to the
//     callback, an Add in the callback itself), or no Add the check can
//     tie to the Done (same variable, or the same field of the same
//     type).
//
// # Trade-offs
//
// Precision comes first. A group is identified by its path from a
// variable (wg, s.wg, s.inner.wg): n.wg and child.wg are two groups,
// even of one type. A group reached through an alias, an index or a call
// is not tracked. A goroutine's body must be a
// function literal or a function of the package; the Done a callee in
// another package calls is not seen (it counts as a Done only when given
// the group). The Wait-in-loop case needs the goroutine to be a literal.
// The repeated-Done case needs the callback stored into the field (or
// package variable) the loop calls through by the package itself, as a
// literal, a function, a value of the type whose method the loop
// invokes, or a function converted to an adapter type: a callback passed
// in through a parameter (Register(h Handler)) is not followed. The
// store and the loop are tied by the field, of any value of its type:
// a callback stored into one value whose loop never runs, while another
// value's loop does, would be reported too.
//
// # Suppressing
//
//	//lint:ignore wgmisuse the error path is followed by os.Exit in the caller
//
// In a _test.go file a Done called twice on one path is not reported:
// it panics the moment the test runs, and a test that does so is
// testing the panic. An Add inside the goroutine is not reported when
// the starter first waits on a handshake the goroutine makes after its
// Add (another group's Done, a channel send): the later Wait sees it.
package wgmisuse
