package plain

import (
	"context"
	"sync"
)

// A send quota: acquire waits for a slot unless noWait is set, in which
// case it takes one at once and returns before the wait. Retransmit,
// called with the session's lock held, asks for noWait: it never waits.
// Not reported, though Release, which ends the wait, takes no lock and
// the session's reader takes s.mu.
type sendQuota struct {
	mu      sync.Mutex
	quota   int
	waiters []chan struct{}
}

func (q *sendQuota) Retransmit() error { return q.acquire(context.Background(), true) }

func (q *sendQuota) Acquire(ctx context.Context) error { return q.acquire(ctx, false) }

func (q *sendQuota) acquire(ctx context.Context, noWait bool) error {
	q.mu.Lock()
	if noWait || (q.quota > 0 && len(q.waiters) == 0) {
		q.quota--
		q.mu.Unlock()
		return nil
	}
	ready := make(chan struct{})
	q.waiters = append(q.waiters, ready)
	q.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ready:
		return nil
	}
}

func (q *sendQuota) Release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiters) > 0 {
		close(q.waiters[0])
		q.waiters = q.waiters[1:]
		return
	}
	q.quota++
}

type quotaSession struct {
	mu       sync.Mutex
	inflight *sendQuota
	pending  []int
}

func newQuotaSession() *quotaSession {
	s := &quotaSession{inflight: &sendQuota{quota: 4}}
	go s.readAcks()
	return s
}

// readAcks releases a slot for each acknowledged message.
func (s *quotaSession) readAcks() {
	for {
		s.mu.Lock()
		if len(s.pending) > 0 {
			s.pending = s.pending[1:]
		}
		s.mu.Unlock()
		s.inflight.Release()
	}
}

// Reconnected resends what is pending; retransmissions do not wait.
func (s *quotaSession) Reconnected() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range s.pending {
		s.inflight.Retransmit()
	}
}

// Publish waits for a slot with the lock held: the reader that would
// release one needs s.mu first. Reported.
func (s *quotaSession) Publish(ctx context.Context, id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, id)
	return s.inflight.Acquire(ctx) // want `sync lock s.mu \(locked at nowait.go:\d+\) is held while waiting for another goroutine: \(\*sendQuota\).Acquire calls \(\*sendQuota\).acquire`
}
