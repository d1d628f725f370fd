package a

import "sync"

type table struct {
	mu   sync.RWMutex
	rows map[string]int
}

// WRONG: a read lock released by Unlock.
func (t *table) Get(k string) int {
	t.mu.RLock()
	defer t.mu.Unlock() // want `t.mu is read-locked at mismatch.go:12 and released here by Unlock: Unlock on a read-locked RWMutex is a fatal error \(sync: Unlock of unlocked RWMutex\), and the lock stays held; call t.mu.RUnlock`
	return t.rows[k]
}

// WRONG: a write lock released by RUnlock, later in the block.
func (t *table) Put(k string, v int) {
	t.mu.Lock()
	t.rows[k] = v
	t.mu.RUnlock() // want `t.mu is locked at mismatch.go:19 and released here by RUnlock: RUnlock on a locked RWMutex is a fatal error \(sync: RUnlock of unlocked RWMutex\), and the lock stays held; call t.mu.Unlock`
}

// RIGHT
func (t *table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

// RIGHT: both modes, each released in its own.
func (t *table) Upgrade(k string) {
	t.mu.RLock()
	_, ok := t.rows[k]
	t.mu.RUnlock()
	if !ok {
		t.mu.Lock()
		t.rows[k] = 0
		t.mu.Unlock()
	}
}

// RIGHT: the write lock is released through a func made of its Unlock,
// then the function read-locks it again and releases that in its mode.
func (t *table) Swap(k string, v int, wait func()) int {
	t.mu.Lock()
	unlock := sync.OnceFunc(t.mu.Unlock)
	defer unlock()
	t.rows[k] = v
	unlock()
	wait()
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rows[k]
}
