package a

import (
	"errors"
	"sort"
	"sync"
)

var errNoDisk = errors.New("no such disk")

// Disks attached together are locked together, in name order.
type disk struct {
	mu    sync.Mutex
	name  string
	users map[string]bool
}

type diskSet struct {
	mu    sync.RWMutex
	disks map[string]*disk
}

func (s *diskSet) get(name string) (*disk, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.disks[name]
	return d, ok
}

func (s *diskSet) lockAll(names []string) ([]*disk, error) {
	sort.Strings(names)
	var locked []*disk
	for _, n := range names {
		d, ok := s.get(n)
		if !ok {
			return nil, errNoDisk // want `the d.mu locked at collected.go:38 in the earlier iterations of the loop \(each d is collected into locked\) stay held: this return neither returns locked nor releases them`
		}
		d.mu.Lock()
		locked = append(locked, d)
	}
	return locked, nil
}

func unlockAll(ds []*disk) {
	for _, d := range ds {
		d.mu.Unlock()
	}
}

func (s *diskSet) Attach(user string, names []string) error {
	ds, err := s.lockAll(names)
	if err != nil {
		return err
	}
	defer unlockAll(ds)
	for _, d := range ds {
		d.users[user] = true
	}
	return nil
}

// The same, releasing what it holds before the early return: not
// reported.
func (s *diskSet) lockAllOrNone(names []string) ([]*disk, error) {
	var locked []*disk
	for _, n := range names {
		d, ok := s.get(n)
		if !ok {
			unlockAll(locked)
			return nil, errNoDisk
		}
		d.mu.Lock()
		locked = append(locked, d)
	}
	return locked, nil
}

// Looking all up first, then locking: no return between locks. Not
// reported.
func (s *diskSet) lockFound(names []string) ([]*disk, error) {
	var found []*disk
	for _, n := range names {
		d, ok := s.get(n)
		if !ok {
			return nil, errNoDisk
		}
		found = append(found, d)
	}
	for _, d := range found {
		d.mu.Lock()
	}
	return found, nil
}

// A loop that locks and releases each in turn: not reported.
func (s *diskSet) countUsers(names []string) (int, error) {
	var seen []*disk
	n := 0
	for _, name := range names {
		d, ok := s.get(name)
		if !ok {
			return 0, errNoDisk
		}
		d.mu.Lock()
		n += len(d.users)
		d.mu.Unlock()
		seen = append(seen, d)
	}
	_ = seen
	return n, nil
}
