// Command fixed is examples/taskleak with the mistake fixed: on a cache
// hit the fetch task is cancelled and awaited, so nothing outlives page.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

var cache = map[string]string{"home": "<cached page>"}

// page returns the cached page if there is one, and else the fetched one.
func page(ctx context.Context, key string) (string, error) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (string, error) {
		return fetch(ctx, key)
	})
	if p, ok := cache[key]; ok {
		t.Cancel()
		if _, err := t.Await(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return "", err
		}
		return p, nil
	}
	return t.Await(ctx)
}

// fetch stands for a slow request.
func fetch(ctx context.Context, key string) (string, error) {
	if err := runtime.Sleep(ctx, 200*time.Millisecond); err != nil {
		return "", err
	}
	return "<fetched " + key + ">", nil
}

func main() {
	rt := runtime.New(runtime.WithWorkers(2))
	defer rt.Close()
	err := rt.Run(context.Background(), func(ctx context.Context) error {
		p, err := page(ctx, "home")
		if err != nil {
			return err
		}
		fmt.Println("page returned:", p)
		fmt.Printf("tasks still live after page returned: %d\n", rt.Stats().TasksLive-1) // minus this root task
		return nil
	})
	if err != nil {
		fmt.Println("error:", err)
	}
}
