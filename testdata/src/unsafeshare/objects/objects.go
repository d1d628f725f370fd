// Package objects holds accesses of one field by goroutines that are only
// known to reach objects of the same type, not the same object; a lock
// taken by a helper that returns holding it; and a read lock upgraded to
// the write lock inside a helper.
package objects

import "sync"

type conn struct {
	err  error
	sent int
}

func (c *conn) write(n int) {
	c.sent += n
	if c.sent > 1<<20 {
		c.err = errTooMuch
	}
}

type tooMuch struct{}

func (tooMuch) Error() string { return "too much" }

var errTooMuch error = tooMuch{}

// RIGHT: each function's goroutine writes a conn of its own; the two
// goroutines share a type, not an object.
func ServeOne() error {
	c := new(conn)
	done := make(chan struct{})
	go func() {
		c.write(10)
		close(done)
	}()
	<-done
	return c.err
}

func ServeTwo() error {
	c := new(conn)
	done := make(chan struct{})
	go func() {
		c.write(20)
		close(done)
	}()
	<-done
	return c.err
}

// WRONG: one conn, written by two goroutines.
func ServeShared() {
	c := new(conn)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		c.sent = 1 // want `sent is written here by the goroutine started at objects.go:\d+ and written at objects.go:\d+ by the goroutine started at objects.go:\d+`
	}()
	go func() {
		defer wg.Done()
		c.sent = 2
	}()
	wg.Wait()
}

// A registry whose lock is taken by a helper that returns holding it.
var registry struct {
	mu sync.Mutex
	m  map[string]int
}

func lockRegistry() {
	registry.mu.Lock()
	if registry.m == nil {
		registry.m = make(map[string]int)
	}
}

func unlockRegistry() { registry.mu.Unlock() }

// RIGHT: both sides hold registry.mu, one through lockRegistry.
func Register(name string, v int) {
	lockRegistry()
	defer unlockRegistry()
	registry.m[name] = v
}

func Watch(name string, out chan<- int) {
	go func() {
		lockRegistry()
		v := registry.m[name]
		unlockRegistry()
		out <- v
	}()
}

// A config read under its read lock, upgraded to the write lock by a
// helper before it writes.
type config struct {
	mu   sync.RWMutex
	keys []string
}

// initKeysRLocked is called with c.mu read-locked.
func (c *config) initKeysRLocked() {
	if len(c.keys) > 0 {
		return
	}
	c.mu.RUnlock()
	defer c.mu.RLock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = []string{"k"} // silent: the write lock is held here
}

func (c *config) Keys() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.initKeysRLocked()
	return c.keys
}

func Serve(c *config, out chan<- []string) {
	go func() { out <- c.Keys() }()
}

// RIGHT: the starter and its goroutine both hold registry.mu, taken by
// lockRegistry.
func Track(name string, out chan<- int) {
	go func() {
		lockRegistry()
		v := registry.m[name]
		unlockRegistry()
		out <- v
	}()
	lockRegistry()
	registry.m[name]++
	unlockRegistry()
}

// Writes under a read lock: the lock's own object is shared by the
// readers; the caller's out-parameter is not what the lock guards.
type store struct {
	mu sync.RWMutex
	n  int
}

type stats struct{ n int }

// RIGHT: st belongs to the caller.
func (s *store) fill(st *stats) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st.n = s.n
}

// WRONG: every reader writes s.n at once.
func (s *store) bump() {
	s.mu.RLock()
	s.n++ // want `s.n is written here while only the read lock mu is held`
	s.mu.RUnlock()
}

func Poll(s *store, out chan<- int) {
	go func() {
		var st stats
		s.fill(&st)
		s.bump()
		out <- st.n
	}()
}

// Two stores with a field of one type, each under its own lock: the
// instances of a body that uses one or the other touch two objects.
type counts struct{ n int }

type fileStore struct {
	mu sync.Mutex
	c  counts
}

type memStore struct {
	mu sync.Mutex
	c  counts
}

func (f *fileStore) expire() {
	f.mu.Lock()
	f.c.n++
	f.mu.Unlock()
}

func (m *memStore) expire() {
	m.mu.Lock()
	m.c.n--
	m.mu.Unlock()
}

func ExpireAll(s any, done chan<- bool) {
	for range 4 {
		go func() {
			if f, ok := s.(*fileStore); ok {
				f.expire()
			} else if m, ok := s.(*memStore); ok {
				m.expire()
			}
			done <- true
		}()
	}
}

// RIGHT: the instances write the codec's buffer through an exported
// method, under the mutex their starter hands them.
type codec interface{ Write(s string) }

type bufCodec struct{ buf []string }

func (c *bufCodec) Write(s string) { c.buf = append(c.buf, s) }

func send(mu *sync.Mutex, c codec, s string) {
	mu.Lock()
	c.Write(s)
	mu.Unlock()
}

func ServeAll(c codec, reqs []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(&mu, c, r)
		}()
	}
	wg.Wait()
}

var _ codec = (*bufCodec)(nil)

// A store cloned under its read lock: the writes go to the new store,
// which no other goroutine has yet. Silent.
type kvStore struct {
	mu    sync.RWMutex
	index int
	root  map[string]int
}

func newKVStore() *kvStore { return &kvStore{root: make(map[string]int)} }

func (s *kvStore) Clone() *kvStore {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := newKVStore()
	c.index = s.index
	for k, v := range s.root {
		c.root[k] = v
	}
	return c
}

func (s *kvStore) Bump() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.index++ // want `s.index is written here while only the read lock mu is held`
}

func ServeKVStore(s *kvStore, out chan<- *kvStore) {
	go func() { out <- s.Clone() }()
	go func() { s.Bump(); out <- s }()
}

// A cursor its callers use from one goroutine: the read lock keeps a
// concurrent Close (which takes the write lock) out, not other readers.
// Nothing in the package hands a cursor to a goroutine. Silent.
type Cursor struct {
	closemu sync.RWMutex
	closed  bool
	last    []string
	rows    [][]string
}

func (c *Cursor) Next() bool {
	c.closemu.RLock()
	defer c.closemu.RUnlock()
	if c.closed || len(c.rows) == 0 {
		return false
	}
	c.last = c.rows[0]
	c.rows = c.rows[1:]
	return true
}

func (c *Cursor) Close() {
	c.closemu.Lock()
	defer c.closemu.Unlock()
	c.closed = true
}

// A tree cloned under its read lock into a new tree whose constructor
// links the root back to it: the copy is still the cloner's own. Silent.
type tree struct {
	mu    sync.RWMutex
	index int
	root  *treeNode
}

type treeNode struct {
	owner    *tree
	children map[string]*treeNode
}

func newTree() *tree {
	t := new(tree)
	t.root = &treeNode{owner: t, children: make(map[string]*treeNode)}
	return t
}

func (t *tree) Clone() *tree {
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := newTree()
	c.index = t.index
	c.root = t.root
	return c
}

func (t *tree) Set(i int) {
	t.mu.Lock()
	t.index = i
	t.mu.Unlock()
}

func WatchTree(t *tree, out chan<- *tree) {
	go func() { out <- t.Clone() }()
	go func() { t.Set(1) }()
}

// Workers that each open a cursor of their own and scan it: the cursor
// is the goroutine's, whatever lock its methods take. Silent.
func ScanAll(open func() *Cursor, workers int, out chan<- int) {
	for range workers {
		go func() {
			c := open()
			n := 0
			for c.Next() {
				n++
			}
			out <- n
		}()
	}
}

// One goroutine scans a cursor its starter opened and advanced; the
// starter only waits for it. Silent.
func ScanInBackground(open func() *Cursor, out chan<- bool) {
	c := open()
	if !c.Next() {
		return
	}
	go func() {
		out <- c.Next()
	}()
}
