package plain

import "sync"

// A registry tells its notifier about every change while it holds its
// lock. The notifier it is built with sends on an unbuffered channel,
// and the goroutine that receives looks the registry up under its lock:
// the send waits for a goroutine that waits for the lock. The channel's
// owner is the registry through its interface field. Reported.
type changeNotifier interface{ Notify(key string) }

type chanNotifier struct{ ch chan string }

func (n chanNotifier) Notify(key string) { n.ch <- key }

type registry struct {
	mu     sync.Mutex
	values map[string]int
	notify changeNotifier
}

func newWatchedRegistry() *registry {
	ch := make(chan string)
	r := &registry{values: map[string]int{}, notify: chanNotifier{ch: ch}}
	go r.watch(ch)
	return r
}

func (r *registry) watch(ch chan string) {
	for key := range ch {
		r.mu.Lock()
		_ = r.values[key]
		r.mu.Unlock()
	}
}

func (r *registry) Set(key string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values[key] = v
	r.notify.Notify(key) // want `sync lock r.mu \(locked at notifier.go:38\) is held while waiting for another goroutine`
}

// The same registry telling its notifier once the lock is released. Not
// reported.
func (r *registry) SetThenNotify(key string, v int) {
	r.mu.Lock()
	r.values[key] = v
	r.mu.Unlock()
	r.notify.Notify(key)
}
