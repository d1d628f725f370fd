package a

import (
	"context"

	"fixtures/maysuspend/b"

	"github.com/asynclint/asynclint/runtime"
)

func Await(ctx context.Context, t *runtime.Task[int]) (int, error) { // want Await:`suspends: calls \(\*runtime.Task\).Await \(a.go:12\)`
	return t.Await(ctx)
}

func Through(ctx context.Context) { // want Through:`suspends: calls b.Refresh \(a.go:16\), which calls runtime.Sleep \(b.go:15\)`
	b.Refresh(ctx)
}

func Annotated(ctx context.Context) { // want Annotated:`suspends: calls b.Poll \(a.go:20\)`
	b.Poll(ctx)
}

func Local(ctx context.Context) { // want Local:`suspends: calls Through \(a.go:24\), which calls b.Refresh \(a.go:16\)`
	Through(ctx)
}

func Closure(ctx context.Context) { // want Closure:`suspends: calls the func literal \(a.go:29\), which calls runtime.Yield \(a.go:28\)`
	f := func() { runtime.Yield(ctx) }
	f()
}

func Clean(ctx context.Context) {
	b.Blocking()
	b.Background(ctx)
	runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, runtime.Yield(ctx)
	})
}
