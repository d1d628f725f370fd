package a

import "sync"

// A stream's batch path holds batches.mu and asks for the clustered
// sequence with needLock false: the helper takes the stream's lock only
// when asked, so the batch path takes no stream lock under batches.mu.
// Silent.
type batching struct {
	mu  sync.Mutex
	ids []int
}

type stream struct {
	mu      sync.RWMutex
	clseq   uint64
	lseq    uint64
	batches *batching
}

func recalcSeq(s *stream, needLock bool) uint64 {
	if needLock {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	return s.lseq
}

func (s *stream) processBatch(id int) {
	b := s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ids = append(b.ids, id)
	s.clseq = recalcSeq(s, false)
}

func (s *stream) setLeader() {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.batches
	b.mu.Lock()
	b.ids = nil
	b.mu.Unlock()
}
