package a

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func load(ctx context.Context) (int, error) { return 0, ctx.Err() }

// A task spawned with Background inside a function that has a ctx.
func spawnBackground(ctx context.Context) error {
	t := runtime.Spawn(context.Background(), load) // want `task spawned with context.Background\(\) gets neither the runtime nor the cancellation of ctx \(a.go:16\) \(it fails with ErrNoRuntime\); pass ctx, or context.WithoutCancel\(ctx\) if it must outlive its parent`
	_, err := t.Await(ctx)
	return err
}

// A callee given TODO instead of the ctx in scope, inside a closure that
// runs on the spot.
func brokenChain(ctx context.Context) error {
	return func() error {
		_, err := load(context.TODO()) // want `context.TODO\(\) breaks the cancellation chain: ctx \(a.go:24\) is in scope; pass it`
		return err
	}()
}

// A callback stored for later, or a goroutine, may run after ctx is done:
// its own Background is not a broken chain. Silent.
func callback(ctx context.Context, register func(func())) {
	register(func() {
		_, _ = load(context.Background())
	})
	go func() {
		_, _ = load(context.Background())
	}()
}

// Passing ctx, or saying the task outlives its parent: silent.
func right(ctx context.Context) error {
	t := runtime.Spawn(ctx, load)
	u := runtime.Spawn(context.WithoutCancel(ctx), load)
	u.Detach()
	_, err := t.Await(ctx)
	return err
}

// No ctx in scope: Background is where chains start. Silent.
func main() {
	_, _ = load(context.Background())
}

// A shadowed name is not the ctx in scope: silent.
func shadowed(ctx context.Context) {
	{
		ctx := 3
		_ = ctx
		_, _ = load(context.Background())
	}
}

// time.Sleep ignores the ctx.
func sleeper(ctx context.Context) error {
	time.Sleep(time.Second) // want `time.Sleep ignores ctx \(a.go:66\): the wait cannot be cancelled; select on ctx.Done\(\) and a timer instead`
	return nil
}

// The same sleep in a task body is blockingcall's to report: silent here.
func sleepInTask(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		time.Sleep(time.Second)
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

// A request built without the ctx.
func request(ctx context.Context, url string) (*http.Request, error) {
	return http.NewRequest("GET", url, nil) // want `http.NewRequest ignores ctx \(a.go:82\); use NewRequestWithContext\(ctx, ...\)`
}

func requestRight(ctx context.Context, url string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, "GET", url, nil)
}

// The derived context of errgroup.WithContext thrown away.
func group(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx) // want `the context errgroup.WithContext derives is discarded`
	g.Go(func() error { _, err := load(ctx); return err })
	return g.Wait()
}

// Every goroutine returns nil: nothing would cancel the derived context
// before Wait. Silent.
func groupNilOnly(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error { return nil })
	return g.Wait()
}

func groupRight(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { _, err := load(gctx); return err })
	return g.Wait()
}
