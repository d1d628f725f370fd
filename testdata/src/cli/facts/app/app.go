// Package app calls lib.Slow from tasks.
package app

import (
	"context"

	"fixtures/cli/facts/lib"

	"github.com/asynclint/asynclint/runtime"
)

// Start blocks a worker slot through lib.Slow.
func Start(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		lib.Slow()
		return 0, nil
	})
	_, _ = t.Await(ctx)
}

// Suppressed does the same with a reasoned directive.
func Suppressed(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		lib.Slow() //lint:ignore blockingcall a fixture for suppression across packages
		return 0, nil
	})
	_, _ = t.Await(ctx)
}
