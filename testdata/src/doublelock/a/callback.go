package a

import "sync"

// Roster runs callbacks under its lock through two helpers: locked
// holds r.mu while its callback runs, and forEach runs its callback for
// each name, under whatever the caller holds.
type Roster struct {
	mu    sync.Mutex
	names []string
	seen  map[string]int
}

func (r *Roster) locked(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *Roster) forEach(f func(string)) {
	for _, n := range r.names {
		f(n)
	}
}

func (r *Roster) Seen(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[name]
}

// Mark's callback runs under r.mu, held by locked, and calls Seen.
func (r *Roster) Mark(name string) {
	r.locked(func() { // want `r.mu is locked by r.locked at callback.go:15 and locked again at callback.go:\d+ by calling r.locked\(func literal\), which calls r.Seen at callback.go:35, which locks r.mu at callback.go:27`
		if r.Seen(name) == 0 {
			r.seen[name] = 1
		}
	})
}

// Popular holds r.mu and runs a callback that calls Seen.
func (r *Roster) Popular() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	r.forEach(func(n string) { // want `r.mu is locked at callback.go:43 and locked again at callback.go:\d+ by calling r.forEach\(func literal\), which calls r.Seen at callback.go:47, which locks r.mu at callback.go:27`
		if r.Seen(n) > 10 {
			out = append(out, n)
		}
	})
	return out
}

// The callbacks read the map the lock guards directly: silent.
func (r *Roster) MarkDirect(name string) {
	r.locked(func() {
		if r.seen[name] == 0 {
			r.seen[name] = 1
		}
	})
}

func (r *Roster) PopularDirect() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	r.forEach(func(n string) {
		if r.seen[n] > 10 {
			out = append(out, n)
		}
	})
	return out
}

// after releases the lock before it runs its callback: silent.
func (r *Roster) after(f func()) {
	r.mu.Lock()
	r.names = append(r.names, "x")
	r.mu.Unlock()
	f()
}

func (r *Roster) MarkAfter(name string) {
	r.after(func() {
		if r.Seen(name) == 0 {
			r.mu.Lock()
			r.seen[name] = 1
			r.mu.Unlock()
		}
	})
}

// async runs its callback on another goroutine: the lock the caller
// holds is not held there. Silent.
func (r *Roster) async(f func()) {
	go f()
}

func (r *Roster) Refresh() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.async(func() { r.Seen("x") })
}

// Close's deferred report runs before the deferred unlock, with r.mu
// still held, and calls Seen.
func (r *Roster) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() { // want `r.mu is locked at callback.go:\d+ and locked again at callback.go:\d+ by calling the func literal, which calls r.Seen at callback.go:\d+, which locks r.mu at callback.go:27`
		_ = r.Seen("closed")
	}()
	r.names = nil
}

// CloseAfter registers the report before the unlock: it runs after it.
// Silent.
func (r *Roster) CloseAfter() {
	defer func() {
		_ = r.Seen("closed")
	}()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = nil
}

// Flush's deferred callback releases r.mu around the call and takes it
// back: it does not lock twice. Silent.
func (r *Roster) Flush(notify func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		if notify != nil {
			r.mu.Unlock()
			notify()
			r.mu.Lock()
		}
	}()
	r.names = nil
}
