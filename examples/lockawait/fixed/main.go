// Command fixed is examples/lockawait with the mistake fixed: the cache is
// guarded by runtime.Mutex, whose Lock suspends instead of blocking, so
// the reader gives the worker slot back while it waits for the lock and
// the fetch can run. (Releasing the lock before awaiting is the other fix.)
package main

import (
	"context"
	"fmt"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

type cache struct {
	mu   runtime.Mutex
	data map[string]string
}

// refresh fetches key and stores it, holding the lock for the whole update.
func (c *cache) refresh(ctx context.Context, key string) (int, error) {
	if err := c.mu.Lock(ctx); err != nil {
		return 0, err
	}
	defer c.mu.Unlock()
	t := runtime.Spawn(ctx, func(ctx context.Context) (string, error) {
		return "value of " + key, runtime.Sleep(ctx, 10*time.Millisecond)
	})
	v, err := t.Await(ctx)
	if err != nil {
		return 0, err
	}
	c.data[key] = v
	return len(c.data), nil
}

// get reads key under the lock.
func (c *cache) get(ctx context.Context, key string) (string, error) {
	if err := c.mu.Lock(ctx); err != nil {
		return "", err
	}
	defer c.mu.Unlock()
	return c.data[key], nil
}

func main() {
	rt := runtime.New(runtime.WithWorkers(1))
	defer rt.Close()
	c := &cache{data: map[string]string{}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := rt.Run(ctx, func(ctx context.Context) error {
		var js runtime.JoinSet[int]
		js.Spawn(ctx, func(ctx context.Context) (int, error) { return c.refresh(ctx, "home") })
		js.Spawn(ctx, func(ctx context.Context) (int, error) {
			v, err := c.get(ctx, "home")
			return len(v), err
		})
		_, err := js.Wait(ctx)
		return err
	})
	fmt.Println("finished:", err, "; cached:", c.data["home"])
}
