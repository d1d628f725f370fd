package a

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

var errGone = errors.New("gone")

// Segments garbage-collects segment files that are no longer live.
type Segments struct {
	mu      sync.Mutex
	dir     string
	live    map[string]bool
	removed int
}

// The unlocking return hands back what os.Remove returns, nil when it
// succeeds: it is no failure, so this is no conditional lock helper, and
// the early return leaks s.mu.
func (s *Segments) remove(path string) error {
	s.mu.Lock()
	if s.live[path] {
		return nil // want `s.mu locked at condreturn.go:26 is still held at the return at condreturn.go:28; it is unlocked at condreturn.go:31 on other paths`
	}
	s.removed++
	s.mu.Unlock()
	return os.Remove(path)
}

// The same leak in a callback.
func (s *Segments) GC() error {
	return filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		s.mu.Lock()
		if s.live[path] {
			return nil // want `s.mu locked at condreturn.go:41 is still held at the return`
		}
		s.removed++
		s.mu.Unlock()
		return os.Remove(path)
	})
}

// Conditional lock helpers whose failures are errors that are never nil:
// a sentinel, a wrapped error, an error checked for nil, a done
// context's error. Silent.
func (s *Segments) lockLive(path string) error {
	s.mu.Lock()
	if !s.live[path] {
		s.mu.Unlock()
		return errGone
	}
	return nil
}

func (s *Segments) lockStat(path string) error {
	s.mu.Lock()
	if _, err := os.Stat(path); err != nil {
		s.mu.Unlock()
		return err
	}
	if s.live == nil {
		s.mu.Unlock()
		return &fs.PathError{Op: "lock", Path: path, Err: fs.ErrClosed}
	}
	return nil
}

func (s *Segments) lockCtx(ctx context.Context) error {
	s.mu.Lock()
	if ctx.Err() != nil {
		s.mu.Unlock()
		return ctx.Err()
	}
	return nil
}

// An error variable returned without a check may be nil too.
func (s *Segments) stat(path string) error {
	s.mu.Lock()
	if s.live[path] {
		return nil // want `s.mu locked at condreturn.go:87 is still held at the return`
	}
	_, err := os.Stat(path)
	s.mu.Unlock()
	return err
}

// Checked in a conjunction, it is not nil.
func (s *Segments) lockExisting(path string) error {
	s.mu.Lock()
	if _, err := os.Stat(path); err != nil && !os.IsPermission(err) {
		s.mu.Unlock()
		return err
	}
	return nil
}

// A sticky error checked in a field: a failure too.
type stickyConn struct {
	mu  sync.Mutex
	err error
}

func (c *stickyConn) lockWrite() error {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	return nil
}
