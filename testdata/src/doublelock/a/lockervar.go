package a

import "sync"

// A snapshot table hands its read side around as a sync.Locker. Taking
// the write lock while the read side, held through that Locker, is
// still held blocks the goroutine on its own read lock.
type snapshotTable struct {
	mu   sync.RWMutex
	rows map[string]int
	gen  int
}

func (t *snapshotTable) Compact() {
	rl := t.mu.RLocker()
	rl.Lock()
	defer rl.Unlock()
	if len(t.rows) > 100 {
		t.mu.Lock() // want `t.mu is read-locked by rl \(t.mu.RLocker\(\)\) at lockervar.go:\d+ and locked at lockervar.go:\d+; a goroutine holding the read lock cannot take the write lock`
		t.gen++
		t.mu.Unlock()
	}
}

// The same with the read side let go first. Silent.
func (t *snapshotTable) CompactReleased() {
	var rl sync.Locker = t.mu.RLocker()
	rl.Lock()
	n := len(t.rows)
	rl.Unlock()
	if n > 100 {
		t.mu.Lock()
		t.gen++
		t.mu.Unlock()
	}
}

// A Locker that is assigned twice may be either lock: not followed.
func (t *snapshotTable) CompactEither(exclusive bool) {
	var l sync.Locker = t.mu.RLocker()
	if exclusive {
		l = &t.mu
	}
	l.Lock()
	t.gen++
	l.Unlock()
}
