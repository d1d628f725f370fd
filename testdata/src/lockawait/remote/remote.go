// Package remote suspends, for callers in other packages.
package remote

import (
	"context"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

func Refresh(ctx context.Context) error {
	return runtime.Sleep(ctx, time.Millisecond)
}
