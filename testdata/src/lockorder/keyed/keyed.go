// want package:`lock order \(keyed\.Table\)\.mu -> \(keyed\.Table\)\.locks\[\], \(keyed\.Table\)\.locks\[\] -> \(keyed\.Table\)\.mu, \(keyed\.Pool\)\.locks\[\] -> \(keyed\.Pool\)\.mu, \(keyed\.Ring\)\.mu -> \(keyed\.Ring\)\.slots\[\], \(keyed\.Keys\)\.mu -> \(keyed\.Keys\)\.locks\[\], \(keyed\.Keys\)\.locks\[\] -> \(keyed\.Keys\)\.mu, \(keyed\.Slots\)\.slots\[\] -> \(keyed\.Slots\)\.mu`

// Package keyed holds a table of per-key locks: Acquire returns holding
// the key's lock, Release releases it, and the table lock t.mu guards
// the map.
package keyed

import "sync"

// Table waits for the key's lock while it holds t.mu, and returns with
// the key's lock held; Release takes t.mu while its caller still holds
// the key's lock (it releases it without taking it). A goroutine in
// Acquire holds t.mu and waits for the key, whose holder, in Release,
// waits for t.mu.
type Table struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (t *Table) Acquire(key string) {
	t.mu.Lock()
	m, ok := t.locks[key]
	if !ok {
		m = new(sync.Mutex)
		t.locks[key] = m
	}
	m.Lock() // want `lock order inversion: \(\*keyed.Table\).Acquire takes \(keyed.Table\).mu then \(keyed.Table\).locks\[\] \(t.mu locked at keyed.go:21, then m at keyed.go:27\), but \(\*keyed.Table\).Release takes \(keyed.Table\).locks\[\] then \(keyed.Table\).mu \(m \(held on entry: released at keyed.go:35 without being taken\) locked at keyed.go:31, then t.mu at keyed.go:32\): goroutines taking them in these orders deadlock`
	t.mu.Unlock()
}

func (t *Table) Release(key string) {
	t.mu.Lock()
	m := t.locks[key]
	t.mu.Unlock()
	m.Unlock()
}

// Pool is the fix: Acquire releases the table lock before it waits for
// the key's lock.
type Pool struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (p *Pool) Acquire(key string) {
	p.mu.Lock()
	m := p.locks[key]
	if m == nil {
		m = &sync.Mutex{}
		p.locks[key] = m
	}
	p.mu.Unlock()
	m.Lock()
}

func (p *Pool) Release(key string) {
	p.mu.Lock()
	m := p.locks[key]
	p.mu.Unlock()
	m.Unlock()
}

// Ring releases the key's lock before it takes the ring's: no order
// between them.
type Ring struct {
	mu    sync.Mutex
	slots []*sync.Mutex
	n     int
}

func (r *Ring) Acquire(i int) {
	r.mu.Lock()
	s := r.slots[i]
	s.Lock()
	r.mu.Unlock()
}

func (r *Ring) Release(s *sync.Mutex) {
	s.Unlock()
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
}

// Keys is the same inversion with the key's lock released through the
// map (k.locks[key].Unlock()) under the read side of the table lock: a
// writer in Acquire waits for the key while its holder waits for the
// read lock behind that writer.
type Keys struct {
	mu    sync.RWMutex
	locks map[string]*sync.Mutex
}

func (k *Keys) Acquire(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, m := range k.locks {
		_ = m
	}
	m, ok := k.locks[key]
	if !ok {
		m = &sync.Mutex{}
		k.locks[key] = m
	}
	m.Lock() // want `lock order inversion: \(\*keyed.Keys\).Acquire takes \(keyed.Keys\).mu then \(keyed.Keys\).locks\[\] \(k.mu locked at keyed.go:\d+, then m at keyed.go:\d+\), but \(\*keyed.Keys\).Release takes \(keyed.Keys\).locks\[\] then \(keyed.Keys\).mu \(\(keyed.Keys\).locks\[\] \(held on entry: released at keyed.go:\d+ without being taken\) locked at keyed.go:\d+, then k.mu at keyed.go:\d+\)`
}

func (k *Keys) Release(key string) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	k.locks[key].Unlock()
}

// Slots releases the slot's lock through the slice after the table
// lock: no order between them.
type Slots struct {
	mu    sync.RWMutex
	slots []*sync.Mutex
}

func (s *Slots) Acquire(i int) {
	s.mu.RLock()
	m := s.slots[i]
	s.mu.RUnlock()
	m.Lock()
}

func (s *Slots) Release(i int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.slots[i].Unlock()
}
