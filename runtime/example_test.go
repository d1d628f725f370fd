package runtime_test

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/asynclint/asynclint/runtime"
)

func ExampleSpawn() {
	rt := runtime.New(runtime.WithWorkers(2))
	defer rt.Close()
	err := rt.Run(context.Background(), func(ctx context.Context) error {
		t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
			return 6 * 7, nil
		})
		v, err := t.Await(ctx) // suspends: the slot is free meanwhile
		fmt.Println(v, err)
		return err
	})
	fmt.Println("Run:", err)
	// Output:
	// 42 <nil>
	// Run: <nil>
}

func ExampleJoinSet() {
	rt := runtime.New()
	defer rt.Close()
	if err := rt.Run(context.Background(), func(ctx context.Context) error {
		var js runtime.JoinSet[int]
		for i := 1; i <= 3; i++ {
			js.Spawn(ctx, func(ctx context.Context) (int, error) {
				return i * i, nil
			})
		}
		squares, err := js.Wait(ctx) // in completion order
		slices.Sort(squares)
		fmt.Println(squares, err)
		return nil
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [1 4 9] <nil>
}

func ExampleMutex() {
	rt := runtime.New(runtime.WithWorkers(1))
	defer rt.Close()
	if err := rt.Run(context.Background(), func(ctx context.Context) error {
		var mu runtime.Mutex
		total := 0
		var js runtime.JoinSet[struct{}]
		for i := 0; i < 10; i++ {
			js.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				if err := mu.Lock(ctx); err != nil {
					return struct{}{}, err
				}
				defer mu.Unlock()
				t := total
				runtime.Yield(ctx) // holding a runtime.Mutex across a suspension point is fine
				total = t + 1
				return struct{}{}, nil
			})
		}
		_, err := js.Wait(ctx)
		fmt.Println(total, err)
		return nil
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 10 <nil>
}

func ExampleChan() {
	rt := runtime.New()
	defer rt.Close()
	if err := rt.Run(context.Background(), func(ctx context.Context) error {
		ch := runtime.NewChan[string](1)
		producer := runtime.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			defer ch.Close()
			for _, w := range []string{"a", "b", "c"} {
				if err := ch.Send(ctx, w); err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		})
		for {
			w, err := ch.Recv(ctx)
			if err == runtime.ErrClosedChan {
				break
			}
			fmt.Println(w)
		}
		_, err := producer.Await(ctx)
		return err
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a
	// b
	// c
}

func ExampleSpawnBlocking() {
	rt := runtime.New(runtime.WithWorkers(1))
	defer rt.Close()
	if err := rt.Run(context.Background(), func(ctx context.Context) error {
		// Blocking I/O runs on the blocking pool, not on a worker slot.
		t := runtime.SpawnBlocking(ctx, func(ctx context.Context) (bool, error) {
			_, err := os.Stat(os.TempDir())
			return err == nil, nil
		})
		ok, err := t.Await(ctx)
		fmt.Println(ok, err)
		return nil
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true <nil>
}
