// want package:`lock order \(lockfor\.Files\)\.paths\[\] -> \(lockfor\.Files\)\.mu, \(lockfor\.Files\)\.mu -> \(lockfor\.Files\)\.paths\[\], \(lockfor\.Blobs\)\.mu -> \(lockfor\.Blobs\)\.locks\[\], \(lockfor\.Scratch\)\.mu -> \(lockfor\.Scratch\)\.keep\[\]`

// Package lockfor keeps one lock per path, handed out held by a helper:
// the caller holds the lock the helper returns until it releases it.
package lockfor

import "sync"

// Files locks the path's lock through pathLock, then the index lock, in
// Truncate; Rename takes the index lock, then the path's lock straight
// from the map. A Truncate holding the path's lock waits for the index,
// whose holder, in Rename, waits for the path's lock.
type Files struct {
	mu    sync.Mutex
	paths map[string]*sync.Mutex
	size  map[string]int64
}

func (f *Files) pathLock(path string) *sync.Mutex {
	f.mu.Lock()
	l, ok := f.paths[path]
	if !ok {
		l = &sync.Mutex{}
		f.paths[path] = l
	}
	f.mu.Unlock()
	l.Lock()
	return l
}

func (f *Files) Truncate(path string) {
	l := f.pathLock(path)
	defer l.Unlock()
	f.mu.Lock() // want `lock order inversion: \(\*lockfor.Files\).Truncate takes \(lockfor.Files\).paths\[\] then \(lockfor.Files\).mu \(l \(by \(\*Files\).pathLock\) locked at lockfor.go:32, then f.mu at lockfor.go:34\), but \(\*lockfor.Files\).Rename takes \(lockfor.Files\).mu then \(lockfor.Files\).paths\[\] \(f.mu locked at lockfor.go:\d+, then l at lockfor.go:\d+\): goroutines taking them in these orders deadlock`
	f.size[path] = 0
	f.mu.Unlock()
}

func (f *Files) Rename(from, to string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.paths[from]
	l.Lock()
	f.paths[to] = l
	delete(f.paths, from)
	l.Unlock()
}

// Blobs is the same helper loading the lock after it stores a new one;
// Put releases the blob's lock before it takes the index lock: no order
// between them.
type Blobs struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
	refs  map[string]int
}

func (b *Blobs) lockFor(key string) *sync.Mutex {
	b.mu.Lock()
	if _, ok := b.locks[key]; !ok {
		b.locks[key] = &sync.Mutex{}
	}
	l := b.locks[key]
	b.mu.Unlock()
	l.Lock()
	return l
}

func (b *Blobs) Put(key string) {
	l := b.lockFor(key)
	l.Unlock()
	b.mu.Lock()
	b.refs[key]++
	b.mu.Unlock()
}

func (b *Blobs) Drop(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.locks[key]
	l.Lock()
	delete(b.refs, key)
	l.Unlock()
}

// Scratch hands out a new lock it keeps nowhere: no other goroutine can
// hold it, so it orders nothing.
type Scratch struct {
	mu   sync.Mutex
	n    int
	keep map[string]*sync.Mutex
}

func (s *Scratch) fresh() *sync.Mutex {
	l := &sync.Mutex{}
	l.Lock()
	return l
}

func (s *Scratch) Use() {
	l := s.fresh()
	defer l.Unlock()
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func (s *Scratch) Other(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.keep[key]
	l.Lock()
	s.n--
	l.Unlock()
}
