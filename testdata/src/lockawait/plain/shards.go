package plain

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// A registry refreshes its shards in a group made with a context, and
// waits for it holding its lock; each shard records its result under
// the same lock.
type shardRegistry struct {
	mu     sync.Mutex
	shards map[int]string
}

func (r *shardRegistry) set(i int, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shards[i] = v
}

func (r *shardRegistry) Sync(ctx context.Context, n int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	g, ctx := errgroup.WithContext(ctx)
	for i := 0; i < n; i++ {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.set(i, "ok")
			return nil
		})
	}
	return g.Wait() // want `sync lock r.mu \(locked at shards.go:25\) is held while waiting for another goroutine: \(\*errgroup.Group\).Wait \(shards.go:37\); release it before waiting \(the body at shards.go:29 in a func literal in \(\*shardRegistry\).Sync, run by the goroutine started at shards.go:29, may take r.mu first\)`
}

// The same refresh with the lock let go before the wait. Not reported.
func (r *shardRegistry) SyncUnlocked(ctx context.Context, n int) error {
	r.mu.Lock()
	r.shards = make(map[int]string, n)
	r.mu.Unlock()
	g, ctx := errgroup.WithContext(ctx)
	for i := 0; i < n; i++ {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.set(i, "ok")
			return nil
		})
	}
	return g.Wait()
}
