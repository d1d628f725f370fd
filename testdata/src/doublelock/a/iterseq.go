package a

import (
	"iter"
	"sync"
	"time"
)

type session struct {
	id      string
	expires time.Time
}

// A session table whose iterator read-locks the table while it yields:
// a loop over it that removes a session takes the write lock inside the
// iterator's read lock.
type sessionTable struct {
	mu       sync.RWMutex
	sessions map[string]*session
}

func (t *sessionTable) All() iter.Seq[*session] {
	return func(yield func(*session) bool) {
		t.mu.RLock()
		defer t.mu.RUnlock()
		for _, s := range t.sessions {
			if !yield(s) {
				return
			}
		}
	}
}

func (t *sessionTable) remove(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.sessions, id)
}

func (t *sessionTable) Expire(now time.Time) {
	for s := range t.All() {
		if now.After(s.expires) {
			t.remove(s.id) // want `t.mu is read-locked by the iterator t.All at iterseq.go:24 and locked at iterseq.go:43 by calling t.remove, which locks t.mu at iterseq.go:35`
		}
	}
}

// The same expiry that collects first and removes after the loop: not
// reported.
func (t *sessionTable) ExpireAfter(now time.Time) {
	var old []string
	for s := range t.All() {
		if now.After(s.expires) {
			old = append(old, s.id)
		}
	}
	for _, id := range old {
		t.remove(id)
	}
}

// A snapshot iterator that copies under the lock and yields after: not
// reported.
func (t *sessionTable) Snapshot() iter.Seq[*session] {
	return func(yield func(*session) bool) {
		t.mu.RLock()
		all := make([]*session, 0, len(t.sessions))
		for _, s := range t.sessions {
			all = append(all, s)
		}
		t.mu.RUnlock()
		for _, s := range all {
			if !yield(s) {
				return
			}
		}
	}
}

func (t *sessionTable) ExpireSnapshot(now time.Time) {
	for s := range t.Snapshot() {
		if now.After(s.expires) {
			t.remove(s.id)
		}
	}
}
