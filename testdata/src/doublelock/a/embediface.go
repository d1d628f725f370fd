package a

import "sync"

type Tally struct {
	mu sync.Mutex
	n  int
}

func (t *Tally) Inc() {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
}

type Counter interface{ Count(t *Tally) }

// An Auditor is a Counter that can also Audit. The package's only
// Counter, tallyCounter, cannot: a call on an Auditor never runs it.
type Auditor interface {
	Counter
	Audit() bool
}

type tallyCounter struct{}

func (tallyCounter) Count(t *Tally) { t.Inc() }

func (t *Tally) CountAudited(a Auditor) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a.Count(t)
}

// A Counter may be tallyCounter, which locks the argument.
func (t *Tally) CountWith(c Counter) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c.Count(t) // want `t.mu is locked at embediface.go:37 and locked again at embediface.go:39 by calling c.Count \(implemented by \(tallyCounter\).Count\), which calls t.Inc at embediface.go:27, which locks t.mu at embediface.go:11`
}
