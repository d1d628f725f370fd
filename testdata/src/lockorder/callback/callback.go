// want package:`lock order \(callback\.Book\)\.mu -> \(callback\.Journal\)\.mu, \(callback\.Journal\)\.mu -> \(callback\.Book\)\.mu, \(callback\.Journal2\)\.mu -> \(callback\.Ledger\)\.mu`

// Package callback runs function literals under a lock, through a
// helper that holds it while it calls them.
package callback

import "sync"

// Book runs its updates under b.mu (update); Post's update records the
// entry in the journal, taking j.mu under b.mu, while the journal's
// Replay takes j.mu, then b.mu.
type Book struct {
	mu      sync.Mutex
	total   int
	journal *Journal
}

type Journal struct {
	mu      sync.Mutex
	entries []int
	book    *Book
}

func (b *Book) update(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f()
}

func (b *Book) Post(n int) {
	b.update(func() { // want `lock order inversion: \(\*callback.Book\).Post takes \(callback.Book\).mu then \(callback.Journal\).mu \(b.mu \(by b.update\) locked at callback.go:25, then b.journal.mu at callback.go:31 by calling b.update\(func literal\), which locks b.journal.mu at callback.go:33\), but \(\*callback.Journal\).Replay takes \(callback.Journal\).mu then \(callback.Book\).mu`
		b.total += n
		b.journal.mu.Lock()
		b.journal.entries = append(b.journal.entries, n)
		b.journal.mu.Unlock()
	})
}

func (j *Journal) Replay() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range j.entries {
		j.book.mu.Lock()
		j.book.total += e
		j.book.mu.Unlock()
	}
}

// Ledger's helper releases its lock before the callback: no order.
type Ledger struct {
	mu      sync.Mutex
	total   int
	journal *Journal2
}

type Journal2 struct {
	mu      sync.Mutex
	entries []int
	ledger  *Ledger
}

func (l *Ledger) then(f func()) {
	l.mu.Lock()
	l.total++
	l.mu.Unlock()
	f()
}

func (l *Ledger) Post(n int) {
	l.then(func() {
		l.journal.mu.Lock()
		l.journal.entries = append(l.journal.entries, n)
		l.journal.mu.Unlock()
	})
}

func (j *Journal2) Replay() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range j.entries {
		j.ledger.mu.Lock()
		j.ledger.total += e
		j.ledger.mu.Unlock()
	}
}
