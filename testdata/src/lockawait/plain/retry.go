package plain

import (
	"os"
	"sync"
	"time"
)

// A store deletes its directory with mu held, and retries for a second
// when the removal fails: the pause waits for the file system, as the
// removal itself does, not for another goroutine. Not reported, though
// the flusher takes mu.
type dirStore struct {
	mu    sync.Mutex
	dir   string
	dirty bool
}

func newDirStore(dir string) *dirStore {
	s := &dirStore{dir: dir}
	go s.flusher()
	return s
}

func (s *dirStore) flusher() {
	for {
		time.Sleep(time.Second)
		s.mu.Lock()
		s.dirty = false
		s.mu.Unlock()
	}
}

func (s *dirStore) Delete() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return removeWithRetry(s.dir)
}

func removeWithRetry(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		return nil
	}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
	}
	return err
}

// The same store whose Compact pauses on every call, with mu held: the
// flusher waits as long as the pause.
func (s *dirStore) Compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	time.Sleep(50 * time.Millisecond) // want `sync lock s.mu \(locked at retry.go:\d+\) is held while waiting for another goroutine: time.Sleep`
	s.dirty = true
}
