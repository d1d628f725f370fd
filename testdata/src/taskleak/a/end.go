package a

import (
	"context"

	"github.com/asynclint/asynclint/runtime"
)

// The function falls off its end with the task running: the message names
// the end of the function, not a return.
func fallsOffTheEnd(ctx context.Context, wait bool) {
	t := runtime.Spawn(ctx, fetch) // want `task t is not joined on every path: the end of the function at end.go:16 leaves it running`
	if wait {
		_, _ = t.Await(ctx)
	}
}
