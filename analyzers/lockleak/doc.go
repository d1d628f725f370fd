// Package lockleak defines an Analyzer that reports an early exit that
// leaves a sync lock held.
//
// # Analyzer lockleak
//
// lockleak: report an early exit (return, break, continue, goto) that leaves held a lock the function releases on other paths, or a lock released in the other mode
//
// A function that locks a mutex and unlocks it before it returns must do
// so on every path. An early return for an error, a continue that skips
// the Unlock at the end of a loop body, or a panic that a caller
// recovers, leaves the lock held: the next goroutine to lock it waits
// forever, and so does the same goroutine at the next iteration. The Go
// bug studies find this shape in every large code base; it hides in the
// error paths that tests seldom take.
//
//	// WRONG
//	func (c *Cache) Load(k string) (string, error) {
//		c.mu.Lock()
//		v, err := c.fetch(k)
//		if err != nil {
//			return "", err // "c.mu locked at cache.go:12 is still held at the return at cache.go:15; it is unlocked at cache.go:18 on other paths"
//		}
//		c.m[k] = v
//		c.mu.Unlock()
//		return v, nil
//	}
//
//	// RIGHT: release on every path with a defer
//	func (c *Cache) Load(k string) (string, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		...
//	}
//
// The same holds inside function literals, and for a continue or break:
// the check follows the paths from the jump, and reports it when none of
// them releases the lock before the function returns or takes the lock
// again (a continue back to a loop that locks at its top deadlocks at
// once).
//
// A lock may be taken and released under two names: a transaction that
// holds its store's lock from Write to End (tw := s.Write(), where Write
// locks s.mu and returns &Txn{s: s}; End unlocks tw.s.mu) releases s.mu,
// so a return between the two that skips tw.End() leaves it held.
//
// Locks taken one per element in a loop, each element collected into a
// slice the function hands on (returns, or releases from later): a
// return in the loop that neither hands the slice on nor releases it
// leaves the locks of the earlier iterations held:
//
//	for _, n := range names {
//		d, ok := s.get(n)
//		if !ok {
//			return nil, errNoDisk // "the d.mu locked at a.go:38 in the earlier iterations of the loop (each d is collected into locked) stay held: ..."
//		}
//		d.mu.Lock()
//		locked = append(locked, d)
//	}
//	return locked, nil
//
// A lock handed to a goroutine: a function that locks and starts a
// goroutine that releases the lock when its work is done (j.mu.Lock(); go
// j.write(buf)) leaves the release to that goroutine alone. A return of
// the goroutine's that skips it, while other paths release it, leaves
// the lock held for good:
//
//	func (j *journal) write(buf []byte) {
//		if err := j.sink.Append(buf); err != nil {
//			return // "j.mu, locked at a.go:23 and handed to the goroutine started at a.go:25, is released at a.go:34 on other paths but not before this return: ..."
//		}
//		j.written++
//		j.mu.Unlock()
//	}
//
// Only a goroutine body (a literal started by go, or an unexported
// function every use of which is a go statement) that never takes the
// lock itself, started while its starter holds it.
//
// A lock released in the other mode: RLock then Unlock (the deferred
// call right after the lock, or the first release of the lock later in
// the same block, before any new lock of it, when the function has no
// RUnlock of it, not even one handed on as a method value), or Lock then
// RUnlock; not in tests, which misuse locks on purpose to see the error. The release is a fatal error, which no recover catches, and
// the lock stays held:
//
//	t.mu.RLock()
//	defer t.mu.Unlock() // "t.mu is read-locked at a.go:11 and released here by Unlock: Unlock on a read-locked RWMutex is a fatal error (sync: Unlock of unlocked RWMutex), and the lock stays held; call t.mu.RUnlock"
//
// # What is not reported
//
//   - A function that never releases the lock: holding it at return is
//     then its contract, not a slip (a lock helper, or a function whose
//     caller unlocks). Lock helpers that return holding the lock on every
//     path (lockset's Acquires facts) are not reported either, even when
//     they release it and take it again on the way; but a function that
//     runs only as a goroutine's body (go b.loop(), the only use of an
//     unexported loop) has no caller to hand the lock to, and its exit
//     with the lock held is reported.
//   - A function called with the lock held that releases it and takes
//     it back (itself, or through a helper that does both): the lock it
//     holds at the exit is its caller's.
//   - A conditional lock helper: a function returning a bool or an error
//     that returns holding the lock with success (true, a nil error) and
//     releases it on every return of failure (false, a non-nil error), as
//     in if s.lockIfOpen() { defer s.mu.Unlock(); ... }. An error is a
//     failure when it cannot be nil: a sentinel, an err returned under
//     its if err != nil, errors.New, fmt.Errorf, a composite literal,
//     ctx.Err(). A function whose unlocking return hands back what a call
//     returns (s.mu.Unlock(); return os.Remove(path)) is no such helper:
//     that is nil when it succeeds, and its early return with the lock
//     held is reported.
//   - A lock helper whose callers release the lock: every call of the
//     function in the package is followed, in the calling function or
//     in a literal of it (a completion callback), by a release of a
//     lock of the same class and mode. Returning with it held on some
//     paths is then the helper's contract (wait for a read lock at once
//     or through a goroutine, giving up when ctx ends).
//   - A function that gives its caller the lock's address as a result
//     (return &c.rlock, or lock = &c.rlock for a named result): it hands
//     the held lock over, and the caller unlocks it.
//   - An exit covered by a deferred unlock, and a break or continue after
//     which some path releases the lock (a loop left with the lock held
//     and unlocked after it), by its own name or by a variable assigned
//     the one it was locked through (e.Lock(); ...; matched = e; break;
//     then defer matched.Unlock() after the loop).
//   - A lock held on some paths only, at the exit (the analysis is a must
//     analysis: after if c { mu.Lock() } the lock is not known to be
//     held, and neither an early return nor the matching if c {
//     mu.Unlock() } is judged).
//   - TryLock, when it is not an if, for or switch condition; locks
//     reached through an index, a call or a pointer to the lock (mu :=
//     &s.mu); a lock handed to a
//     goroutine that releases it (mu.TryLock(), then go func() { defer
//     mu.Unlock(); ... }(): the goroutine's deferred unlock is the
//     release).
//
// A panic is an exit too: a function that panics with the lock held,
// without a deferred unlock, leaves it held for whoever recovers (an HTTP
// server recovers every handler's panic). Such panics are reported only
// with the flag -lockleak.panics (in golangci-lint: options: {lockleak:
// {panics: "true"}}). Precision decided it: over the standard library and
// golang.org/x/tools, every panic under a lock was an assertion
// ("unreachable", "unknown stream id") that ends the program. Calls the
// model says never return (os.Exit, log.Fatal, t.Fatal) are not exits.
//
// # Suppressing
//
// When the lock is meant to stay held on that path (the caller releases
// it, by a contract the analysis cannot see), say so:
//
//	//lint:ignore lockleak the caller unlocks c.mu when ok is true
package lockleak
