// want package:`lock order \(staged\.buffer\)\.mu -> \(staged\.batch\)\.mu`
package staged

import "sync"

// A producer's buffer holds batches; failing the buffer locks it, then
// each batch.
type batch struct {
	mu   sync.Mutex
	recs []string
}

type buffer struct {
	mu      sync.Mutex
	batches []*batch
	merging bool
}

func (b *buffer) failAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, bt := range b.batches {
		bt.mu.Lock()
		bt.recs = nil
		bt.mu.Unlock()
	}
}

// merge takes the buffer's lock only to look, and each batch's lock
// with it released.
func (b *buffer) merge() {
	b.mu.Lock()
	b.merging = true
	bs := append([]*batch(nil), b.batches...)
	b.mu.Unlock()
	for _, bt := range bs {
		bt.mu.Lock()
		bt.recs = append(bt.recs, "merged")
		bt.mu.Unlock()
	}
}
