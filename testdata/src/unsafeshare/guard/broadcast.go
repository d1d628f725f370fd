package guard

import "sync"

// A broadcaster whose goroutine reads its start revision without the
// lock, then broadcasts under it: the only locked writes of next are
// the goroutine's own, later in its program order. Silent.
type broadcaster struct {
	mu       sync.Mutex
	next     int64
	sent     int
	watchers []chan int64
}

func startBroadcast(revs <-chan int64, from int64) *broadcaster {
	b := &broadcaster{next: from}
	go func() {
		start := b.next
		for rev := range revs {
			if rev < start {
				continue
			}
			b.bcast(rev)
		}
	}()
	return b
}

func (b *broadcaster) bcast(rev int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sent > 0 || b.next == 0 {
		b.next = rev + 1
	}
	b.sent++
	for _, w := range b.watchers {
		w <- rev
	}
}

func (b *broadcaster) Next() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.next
}
