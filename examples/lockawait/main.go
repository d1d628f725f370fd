// Command lockawait shows the mistake the lockawait check finds: a
// sync.Mutex held across a suspension point. On one worker slot, refresh
// takes the cache's mutex and awaits a fetch. While it is suspended, a
// reader task gets the slot and wants the same mutex: sync.Mutex.Lock
// blocks the only worker slot, so the fetch never runs, refresh never
// resumes, and the mutex is never unlocked. Deadlock, caught here by a
// timeout.
//
//	go run ./examples/lockawait
//	go run ./examples/lockawait/fixed
//	go run ./cmd/asynclint ./examples/lockawait/...
package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

type cache struct {
	mu   sync.Mutex
	data map[string]string
}

// refresh fetches key and stores it, holding the lock for the whole update.
func (c *cache) refresh(ctx context.Context, key string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := runtime.Spawn(ctx, func(ctx context.Context) (string, error) {
		return "value of " + key, runtime.Sleep(ctx, 10*time.Millisecond)
	})
	v, err := t.Await(ctx) // the mistake: c.mu is held while suspended
	if err != nil {
		return 0, err
	}
	c.data[key] = v
	return len(c.data), nil
}

// get reads key under the lock.
func (c *cache) get(ctx context.Context, key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[key], nil
}

func main() {
	rt := runtime.New(runtime.WithWorkers(1))
	c := &cache{data: map[string]string{}}
	done := make(chan error, 1)
	go func() {
		done <- rt.Run(context.Background(), func(ctx context.Context) error {
			var js runtime.JoinSet[int]
			js.Spawn(ctx, func(ctx context.Context) (int, error) { return c.refresh(ctx, "home") })
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				v, err := c.get(ctx, "home")
				return len(v), err
			})
			_, err := js.Wait(ctx)
			return err
		})
	}()
	select {
	case err := <-done:
		fmt.Println("finished:", err)
	case <-time.After(time.Second):
		fmt.Println("no progress after 1s: deadlock.")
		fmt.Println("=> refresh holds c.mu while awaiting its fetch; the reader took the only worker slot and blocks in c.mu.Lock, so the fetch never runs.")
		// sync.Mutex ignores cancellation: the runtime cannot be closed
		// cleanly now, and the program just exits.
	}
}
