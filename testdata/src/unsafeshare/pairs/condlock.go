package pairs

import "sync"

// A matcher that caches its results under its lock, taken by match
// itself or, for matchLocked, by its callers: the lock is taken on a
// condition the must analysis cannot follow. The goroutines of Publish
// are silent with each other; Remember's, which writes without the lock,
// races with them.
type matcher struct {
	mu    sync.RWMutex
	cache map[string][]string
	subs  []string
}

func (m *matcher) Match(subject string) []string { return m.match(subject, true) }

func (m *matcher) matchLocked(subject string) []string { return m.match(subject, false) }

func (m *matcher) match(subject string, lock bool) []string {
	caching := m.cache != nil
	if lock {
		if !caching {
			m.mu.RLock()
		} else {
			m.mu.Lock()
		}
	}
	var out []string
	for _, s := range m.subs {
		if s == subject {
			out = append(out, s)
		}
	}
	if caching {
		m.cache[subject] = out // want `the map m.cache is written here by every goroutine started in the loop at condlock.go:\d+ and written at condlock.go:\d+ by the goroutine started at condlock.go:\d+`
	}
	if lock {
		if !caching {
			m.mu.RUnlock()
		} else {
			m.mu.Unlock()
		}
	}
	return out
}

func (m *matcher) Insert(s string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs = append(m.subs, s)
	return len(m.matchLocked(s)) > 0
}

func (m *matcher) Publish(subjects []string, out chan<- int) {
	for _, s := range subjects {
		go func() { out <- len(m.Match(s)) }()
	}
}

// WRONG: the lock is released before the cache is written.
func (m *matcher) Remember(subject string, out chan<- int) {
	go func() {
		m.mu.Lock()
		n := len(m.subs)
		m.mu.Unlock()
		m.cache[subject] = nil
		out <- n
	}()
}
